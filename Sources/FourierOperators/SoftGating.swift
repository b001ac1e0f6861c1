import Autograd
import NeuralNetworks
import NeuropCore

/// Per-channel scaling `y[b, c, …] = g[c] · x[b, c, …]` (neuraloperator's `SoftGating`, the skip
/// around each Fourier layer's channel MLP): weight `[C]`, initialised to ones so that the skip
/// starts as the identity.
public final class SoftGating: Module {
    public let weight: Parameter

    public init(_ channels: Int) {
        weight = Parameter(Tensor(shape: [channels], repeating: 1))
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight)] }

    public func callAsFunction(_ x: Variable) -> Variable {
        let c = weight.value.count
        return x * x.use(weight).reshaped([1, c] + [Int](repeating: 1, count: x.rank - 2))
    }
}
