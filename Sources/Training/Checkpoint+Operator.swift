import NeuropCore

extension Checkpoint {
    /// The trained operator: the model of the stored configuration with the stored weights, and the
    /// stored normalisers.
    public func restoredOperator(factory: ModelFactory = .standard) throws -> NormalizedOperator {
        // The initial draw is overwritten by the stored weights; any seed does.
        var rng = RandomStream(seed: configuration.training.seed, stream: 0)
        let model = try factory.make(configuration.model, &rng)
        try model.load(parameters)
        return NormalizedOperator(model: model, inputNormalizer: inputNormalizer, outputNormalizer: outputNormalizer)
    }
}
