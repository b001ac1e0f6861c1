/// The `training:` section: how long, in which batches, minimising what, with which optimizer.
public struct LoopConfiguration: Equatable, Sendable {
    public var epochs: Int
    public var batchSize: Int = 20
    public var loss: TrainingLoss.Kind = .relativeL2
    /// How per-sample losses combine over a batch (see `TrainingLoss`).
    public var reduction: TrainingLoss.Reduction = .mean
    public var optimizer: OptimizerConfiguration
    public var scheduler: SchedulerConfiguration = .constant
    /// Weights of targets at points (`PointLoss`): `uniform` or `inverse_variance` in their
    /// standard errors. Only for point-cloud training data.
    public var pointWeights: PointLoss.Weighting = .uniform
    /// λ of the boundary term of the `poisson_residual` loss (`PoissonResidualLoss`).
    public var boundaryWeight: Double = 1
    /// Seeds the model's initial weights (stream 0) and each epoch's shuffle (stream 1 + epoch).
    public var seed: UInt64 = 0

    public init(epochs: Int, optimizer: OptimizerConfiguration) {
        self.epochs = epochs
        self.optimizer = optimizer
    }

    static let keys = ["epochs", "batch_size", "loss", "reduction", "point_weights", "boundary_weight", "optimizer", "scheduler", "seed"]

    init(_ reader: ConfigReader) throws {
        try reader.expect(Self.keys)
        epochs = try reader.required("epochs", example: "500")
        batchSize = try reader.value("batch_size", default: 20)
        loss = try reader.choice("loss", default: .relativeL2)
        reduction = try reader.choice("reduction", default: .mean)
        pointWeights = try reader.choice("point_weights", default: .uniform)
        boundaryWeight = try reader.value("boundary_weight", default: 1.0)
        guard boundaryWeight > 0, boundaryWeight.isFinite else {
            throw ConfigurationError.invalidValue(key: reader.key("boundary_weight"), reason: "must be a positive number, not \(boundaryWeight)")
        }
        if pointWeights != .uniform, loss == .poissonResidual {
            throw ConfigurationError.invalidValue(key: reader.key("point_weights"),
                                                  reason: "weights targets at points, which the poisson_residual loss does not use; remove it")
        }
        if reader.contains("boundary_weight"), loss != .poissonResidual {
            throw ConfigurationError.invalidValue(key: reader.key("boundary_weight"),
                                                  reason: "applies to the poisson_residual loss only; remove it or set training.loss to poisson_residual")
        }
        guard reader.contains("optimizer") else {
            throw ConfigurationError.missingKey(key: reader.key("optimizer"), example: "optimizer: {kind: adam, lr: 1.0e-3}")
        }
        optimizer = try OptimizerConfiguration(reader.section("optimizer"))
        scheduler = try SchedulerConfiguration(reader.section("scheduler"))
        let seed: Int = try reader.value("seed", default: 0)
        guard seed >= 0 else { throw ConfigurationError.invalidValue(key: reader.key("seed"), reason: "must be non-negative, not \(seed)") }
        self.seed = UInt64(seed)
        for (name, value) in [("epochs", epochs), ("batch_size", batchSize)] where value < 1 {
            throw ConfigurationError.invalidValue(key: reader.key(name), reason: "must be at least 1, not \(value)")
        }
    }

    var node: ConfigNode {
        // boundary_weight is written only where it applies (reading it elsewhere is an error).
        .mapping([
            .init(key: "epochs", value: .number(epochs)),
            .init(key: "batch_size", value: .number(batchSize)),
            .init(key: "loss", value: .plain(loss.rawValue)),
            .init(key: "reduction", value: .plain(reduction.rawValue)),
            .init(key: "point_weights", value: .plain(pointWeights.rawValue)),
        ] + (loss == .poissonResidual ? [.init(key: "boundary_weight", value: .number(boundaryWeight))] : []) + [
            .init(key: "optimizer", value: optimizer.node),
            .init(key: "scheduler", value: scheduler.node),
            .init(key: "seed", value: .number(seed)),
        ])
    }
}
