import NeuralNetworks

/// `training.scheduler`: how the learning rate changes, as PyTorch's schedulers define it
/// (`LearningRateSchedule`).
///
/// `step` and `cosine` advance once per epoch (the FNO paper steps StepLR per epoch; cosine anneals
/// over all epochs); `one_cycle` advances once per optimizer step, as OneCycleLR is used.
public enum SchedulerConfiguration: Equatable, Sendable {
    case constant
    case step(stepSize: Int, gamma: Float)
    case cosine(minimum: Float)
    case oneCycle(pctStart: Float, divFactor: Float, finalDivFactor: Float)

    public enum Name: String, CaseIterable, Sendable {
        case constant, step, cosine
        case oneCycle = "one_cycle"
    }

    /// The schedule for a run of `epochs` epochs of `batches` batches, and whether it counts batches
    /// (true) or epochs (false).
    public func schedule(epochs: Int, batches: Int) -> (schedule: LearningRateSchedule, perBatch: Bool) {
        switch self {
        case .constant: return (.constant, false)
        case let .step(size, gamma): return (.step(stepSize: size, gamma: gamma), false)
        case let .cosine(minimum): return (.cosine(totalSteps: epochs, minimum: minimum), false)
        case let .oneCycle(pct, div, finalDiv):
            return (.oneCycle(totalSteps: epochs * batches, pctStart: pct, divFactor: div, finalDivFactor: finalDiv), true)
        }
    }

    init(_ reader: ConfigReader) throws {
        let name: Name = try reader.choice("kind", default: .constant)
        func positive(_ key: String, _ fallback: Float?) throws -> Float {
            let value: Float = try fallback.map { try reader.value(key, default: $0) } ?? reader.required(key, example: "0.5")
            guard value > 0 else { throw ConfigurationError.invalidValue(key: reader.key(key), reason: "must be positive, not \(value)") }
            return value
        }
        switch name {
        case .constant:
            try reader.expect(["kind"])
            self = .constant
        case .step:
            try reader.expect(["kind", "step_size", "gamma"])
            let size: Int = try reader.required("step_size", example: "100")
            guard size >= 1 else { throw ConfigurationError.invalidValue(key: reader.key("step_size"), reason: "must be at least 1, not \(size)") }
            self = .step(stepSize: size, gamma: try positive("gamma", nil))
        case .cosine:
            try reader.expect(["kind", "min_lr"])
            let minimum = try reader.value("min_lr", default: Float(0))
            guard minimum >= 0 else { throw ConfigurationError.invalidValue(key: reader.key("min_lr"), reason: "must be non-negative, not \(minimum)") }
            self = .cosine(minimum: minimum)
        case .oneCycle:
            try reader.expect(["kind", "pct_start", "div_factor", "final_div_factor"])
            let pct = try positive("pct_start", 0.3)
            guard pct < 1 else { throw ConfigurationError.invalidValue(key: reader.key("pct_start"), reason: "must be below 1, not \(pct)") }
            self = .oneCycle(pctStart: pct, divFactor: try positive("div_factor", 25), finalDivFactor: try positive("final_div_factor", 1e4))
        }
    }

    var node: ConfigNode {
        switch self {
        case .constant:
            return .mapping([.init(key: "kind", value: .plain(Name.constant.rawValue))])
        case let .step(size, gamma):
            return .mapping([.init(key: "kind", value: .plain(Name.step.rawValue)), .init(key: "step_size", value: .number(size)),
                             .init(key: "gamma", value: .number(gamma))])
        case let .cosine(minimum):
            return .mapping([.init(key: "kind", value: .plain(Name.cosine.rawValue)), .init(key: "min_lr", value: .number(minimum))])
        case let .oneCycle(pct, div, finalDiv):
            return .mapping([.init(key: "kind", value: .plain(Name.oneCycle.rawValue)), .init(key: "pct_start", value: .number(pct)),
                             .init(key: "div_factor", value: .number(div)), .init(key: "final_div_factor", value: .number(finalDiv))])
        }
    }
}
