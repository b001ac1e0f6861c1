import Autograd

/// The pointwise nonlinearities a configuration can name.
public enum Activation: String, CaseIterable, Sendable {
    case relu, gelu, tanh, silu, softplus, identity

    public func callAsFunction(_ x: Variable) -> Variable {
        switch self {
        case .relu: return x.relu()
        case .gelu: return x.gelu()
        case .tanh: return x.tanh()
        case .silu: return x.silu()
        case .softplus: return x.softplus()
        case .identity: return x
        }
    }
}
