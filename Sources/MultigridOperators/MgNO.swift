import Autograd
import NeuralNetworks
import NeuropCore

/// The multigrid neural operator (He, Liu & Xu 2024, "MgNO: Efficient Parameterization of Linear
/// Operators via Multigrid") on 1D and 2D grids of any size:
///
///     v₀ = L a                                   lifting: 1×1 convolution in → channels
///     v_{l+1} = σ(MgConv_l(v_l) + W_l v_l + b_l)  l = 0 … L−1 (`MgNOLayer`; the last without σ
///                                                unless `activatesLastLayer`)
///     u = Q v_L                                  projection: 1×1 convolution channels → out
///
/// on `[B, C_in, n…]` → `[B, C_out, n…]`. Boundary conditions enter only through the padding of
/// the V-cycles' convolutions, not through a Fourier basis.
///
/// Parameter names: `lifting.{weight,bias}`, `layers.l.cycle.levels.k.{A,S,R,Pi}.weight`,
/// `layers.l.cycle.levels.k.P.weight`, `layers.l.skip.{weight,bias}`, `projection.{weight,bias}`.
public final class MgNO: FieldOperator {
    public let configuration: MgNOConfiguration
    public let lifting: PointwiseLinear
    public let layers: [MgNOLayer]
    public let projection: PointwiseLinear

    /// A freshly initialised model (PyTorch's convolution initialisation, drawn from `rng`).
    /// The configuration must be valid (`MgNOConfiguration.validate()`).
    public init(_ configuration: MgNOConfiguration, rng: inout RandomStream) {
        do { try configuration.validate() } catch { preconditionFailure("\(error)") }
        self.configuration = configuration
        let c = configuration
        lifting = PointwiseLinear(c.inChannels, c.channels, rng: &rng)
        var layers: [MgNOLayer] = []
        for l in 0..<c.layers {
            let levels = (0..<c.levels).map { k in
                MultigridLevel(channels: c.channels, spatialRank: c.spatialRank, padding: c.padding,
                               isCoarsest: k == c.levels - 1, rng: &rng)
            }
            let cycle = VCycle(levels: levels, preSmoothing: c.preSmoothing, postSmoothing: c.postSmoothing, restriction: c.restriction)
            layers.append(MgNOLayer(cycle: cycle, skip: PointwiseLinear(c.channels, c.channels, rng: &rng),
                                    activates: l < c.layers - 1 || c.activatesLastLayer))
        }
        self.layers = layers
        projection = PointwiseLinear(c.channels, c.outChannels, rng: &rng)
    }

    public var inChannels: Int { configuration.inChannels }
    public var outChannels: Int { configuration.outChannels }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        Self.nest([("lifting", lifting)] + layers.enumerated().map { ("layers.\($0.offset)", $0.element) }
                  + [("projection", projection)])
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let c = configuration
        precondition(x.rank == c.spatialRank + 2 && x.shape[1] == c.inChannels,
                     "MgNO input has shape \(x.shape); this model needs [batch, \(c.inChannels), \(c.spatialRank) spatial extents]")
        var h = lifting(x)
        for layer in layers { h = layer(h) }
        return projection(h)
    }
}
