import Autograd
import NeuralNetworks
import NeuropCore

/// One MgNO layer (He, Liu & Xu 2024, eq. 3.1):
///
///     u ← σ(MgConv(u) + W u + b)
///
/// with MgConv a learned V-cycle (`VCycle`), W a 1×1 convolution with bias b, σ = GELU except
/// after the last layer (`activates == false`), which feeds the projection linearly.
public final class MgNOLayer: Module {
    public let cycle: VCycle
    public let skip: PointwiseLinear
    public let activates: Bool

    public init(cycle: VCycle, skip: PointwiseLinear, activates: Bool) {
        self.cycle = cycle
        self.skip = skip
        self.activates = activates
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        Self.nest([("cycle", cycle), ("skip", skip)])
    }

    public func callAsFunction(_ u: Variable) -> Variable {
        let h = cycle(u) + skip(u)
        return activates ? h.gelu() : h
    }
}
