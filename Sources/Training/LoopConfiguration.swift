/// The `training:` section: how long, in which batches, minimising what, with which optimizer.
public struct LoopConfiguration: Equatable, Sendable {
    public var epochs: Int
    public var batchSize: Int = 20
    public var loss: TrainingLoss.Kind = .relativeL2
    /// How per-sample losses combine over a batch (see `TrainingLoss`).
    public var reduction: TrainingLoss.Reduction = .mean
    public var optimizer: OptimizerConfiguration
    public var scheduler: SchedulerConfiguration = .constant
    /// Seeds the model's initial weights (stream 0) and each epoch's shuffle (stream 1 + epoch).
    public var seed: UInt64 = 0

    public init(epochs: Int, optimizer: OptimizerConfiguration) {
        self.epochs = epochs
        self.optimizer = optimizer
    }

    static let keys = ["epochs", "batch_size", "loss", "reduction", "optimizer", "scheduler", "seed"]

    init(_ reader: ConfigReader) throws {
        try reader.expect(Self.keys)
        epochs = try reader.required("epochs", example: "500")
        batchSize = try reader.value("batch_size", default: 20)
        loss = try reader.choice("loss", default: .relativeL2)
        reduction = try reader.choice("reduction", default: .mean)
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
        .mapping([
            .init(key: "epochs", value: .number(epochs)),
            .init(key: "batch_size", value: .number(batchSize)),
            .init(key: "loss", value: .plain(loss.rawValue)),
            .init(key: "reduction", value: .plain(reduction.rawValue)),
            .init(key: "optimizer", value: optimizer.node),
            .init(key: "scheduler", value: scheduler.node),
            .init(key: "seed", value: .number(seed)),
        ])
    }
}
