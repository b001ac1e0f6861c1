import Autograd
import NeuropCore

/// An affine map of the last axis: `y = x W + b`, `x` of shape `[…, in]`, `W` `[in, out]`, `b` `[out]`.
/// Initialised as PyTorch's `nn.Linear`: W and b uniform on ±1/√in.
public final class Linear: Module {
    public let weight: Parameter
    public let bias: Parameter?

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, rng: inout RandomStream) {
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Parameter(Initializer.uniform([inFeatures, outFeatures], bound: bound, rng: &rng))
        self.bias = bias ? Parameter(Initializer.uniform([outFeatures], bound: bound, rng: &rng)) : nil
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let inFeatures = weight.value.shape[0]
        precondition(x.shape.last == inFeatures, "Linear expects last axis \(inFeatures), got \(x.shape)")
        let lead = Array(x.shape.dropLast())
        let rows = x.rank == 2 ? x : x.reshaped([-1, inFeatures])
        let y = bias.map { Variable.affine(rows, x.use(weight), x.use($0)) } ?? Variable.matmul(rows, x.use(weight))
        return x.rank == 2 ? y : y.reshaped(lead + [weight.value.shape[1]])
    }
}
