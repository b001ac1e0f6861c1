import Autograd
import NeuralNetworks

/// `training.optimizer`: `{kind: adam | adamw | sgd, lr, weight_decay, …}` with PyTorch's meanings
/// and defaults (see `Optimizer`).
public struct OptimizerConfiguration: Equatable, Sendable {
    public enum Name: String, CaseIterable, Sendable { case adam, adamw, sgd }

    public var kind: Optimizer.Kind
    public var learningRate: Float
    public var weightDecay: Float

    public init(_ kind: Optimizer.Kind, learningRate: Float, weightDecay: Float = 0) {
        self.kind = kind
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// An optimizer over `parameters` with this configuration.
    public func make(parameters: [(name: String, parameter: Parameter)]) -> Optimizer {
        Optimizer(kind, parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
    }

    init(_ reader: ConfigReader) throws {
        let name: Name = try reader.choice("kind", default: nil)
        switch name {
        case .adam, .adamw:
            try reader.expect(["kind", "lr", "weight_decay", "beta1", "beta2", "epsilon"])
            let b1 = try reader.value("beta1", default: Float(0.9)), b2 = try reader.value("beta2", default: Float(0.999))
            let eps = try reader.value("epsilon", default: Float(1e-8))
            for (key, value) in [("beta1", b1), ("beta2", b2)] where !(0..<1).contains(value) {
                throw ConfigurationError.invalidValue(key: reader.key(key), reason: "must be in [0, 1), not \(value)")
            }
            guard eps > 0 else { throw ConfigurationError.invalidValue(key: reader.key("epsilon"), reason: "must be positive, not \(eps)") }
            kind = name == .adam ? .adam(beta1: b1, beta2: b2, epsilon: eps) : .adamW(beta1: b1, beta2: b2, epsilon: eps)
        case .sgd:
            try reader.expect(["kind", "lr", "weight_decay", "momentum", "nesterov"])
            let momentum = try reader.value("momentum", default: Float(0))
            guard momentum >= 0 else { throw ConfigurationError.invalidValue(key: reader.key("momentum"), reason: "must be non-negative, not \(momentum)") }
            kind = .sgd(momentum: momentum, nesterov: try reader.value("nesterov", default: false))
        }
        learningRate = try reader.required("lr", example: "1.0e-3")
        weightDecay = try reader.value("weight_decay", default: 0)
        guard learningRate > 0 else { throw ConfigurationError.invalidValue(key: reader.key("lr"), reason: "must be positive, not \(learningRate)") }
        guard weightDecay >= 0 else {
            throw ConfigurationError.invalidValue(key: reader.key("weight_decay"), reason: "must be non-negative, not \(weightDecay)")
        }
    }

    var node: ConfigNode {
        var entries: [ConfigEntry] = []
        switch kind {
        case let .adam(b1, b2, eps), let .adamW(b1, b2, eps):
            let name: Name = { if case .adam = kind { return .adam } else { return .adamw } }()
            entries = [.init(key: "kind", value: .plain(name.rawValue)), .init(key: "lr", value: .number(learningRate)),
                       .init(key: "weight_decay", value: .number(weightDecay)), .init(key: "beta1", value: .number(b1)),
                       .init(key: "beta2", value: .number(b2)), .init(key: "epsilon", value: .number(eps))]
        case let .sgd(momentum, nesterov):
            entries = [.init(key: "kind", value: .plain(Name.sgd.rawValue)), .init(key: "lr", value: .number(learningRate)),
                       .init(key: "weight_decay", value: .number(weightDecay)), .init(key: "momentum", value: .number(momentum)),
                       .init(key: "nesterov", value: .plain(String(nesterov)))]
        }
        return .mapping(entries)
    }
}
