# neurop — the two commands are `make demo` and `make test`.
SWIFT ?= swift
RELEASE_BIN := .build/release
DEMO_DIR ?= Data/demo
BENCH ?=

.PHONY: all deps build release test demo bench clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product neurop

# Builds and runs every test (Swift Testing), including the ones that run the neurop binary.
# Serial, so that the resident-memory test measures its own training loop only.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

# Until training exists: build in release mode, sample Gaussian random fields into a field file,
# and show what the file holds.
demo: release
	@mkdir -p $(DEMO_DIR)
	$(RELEASE_BIN)/neurop generate grf --boundary neumann --resolution 64,64 --samples 16 --seed 0 \
		--alpha 2 --tau 3 -o $(DEMO_DIR)/grf-neumann-64.h5
	$(RELEASE_BIN)/neurop inspect $(DEMO_DIR)/grf-neumann-64.h5
	@echo "demo: wrote $(DEMO_DIR)/grf-neumann-64.h5"

# Benchmarks in release mode beside their peers: `make bench` or `make bench BENCH=fft`.
# The Python peers (PyTorch, neuraloperator, SciPy) go into Benchmarks/.venv on first use.
VENV := Benchmarks/.venv
bench: deps $(VENV)/.installed
	$(SWIFT) build -c release --product neurop-bench
	NEUROP_PEER_PYTHON=$(VENV)/bin/python $(RELEASE_BIN)/neurop-bench $(BENCH)

$(VENV)/.installed: Benchmarks/peers/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r Benchmarks/peers/requirements.txt
	touch $@

clean:
	rm -rf .build
