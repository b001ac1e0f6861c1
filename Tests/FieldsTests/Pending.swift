// filled on integration
