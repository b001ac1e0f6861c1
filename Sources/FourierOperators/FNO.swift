import Autograd
import NeuralNetworks
import NeuropCore

/// The Fourier Neural Operator (Li et al. 2021, "Fourier Neural Operator for Parametric Partial
/// Differential Equations", eq. 2–5) in 1D, 2D and 3D, computing the same function as
/// neuraloperator 2.0's `FNO` with the same configuration:
///
///     v₀ = P([a, grid])                 lifting: channel MLP in (+ d) → lifting → width
///     v₀ ← zero-pad(v₀)                 domain padding, if any
///     v_{l+1} = FourierLayer_l(v_l)     l = 0 … L−1 (see `FourierLayer`; the last without σ)
///     u = Q(unpad(v_L))                 projection: channel MLP width → projection → out
///
/// on `[B, C_in, n₁, …, n_d]` → `[B, C_out, n₁, …, n_d]`. Every part but the spectral convolutions
/// acts cell by cell, and those act on a fixed set of frequencies, so the same weights evaluate
/// the operator on any grid with at least the kept modes (zero-shot super-resolution).
///
/// Parameter names: `lifting.layers.i.{weight,bias}`, `layers.l.spectral.{weight,bias}`,
/// `layers.l.skip.weight`, `layers.l.mlp.layers.i.{weight,bias}`, `layers.l.gate.weight`,
/// `projection.layers.i.{weight,bias}`; `neuralOperatorParameterName(_:)` gives neuraloperator's.
public final class FNO: FieldOperator {
    public let configuration: FNOConfiguration
    public let lifting: ChannelMLP
    public let layers: [FourierLayer]
    public let projection: ChannelMLP

    /// A freshly initialised model (neuraloperator's initialisation, drawn from `rng`).
    /// The configuration must be valid (`FNOConfiguration.validate()`).
    public init(_ configuration: FNOConfiguration, rng: inout RandomStream) {
        do { try configuration.validate() } catch { preconditionFailure("\(error)") }
        self.configuration = configuration
        let c = configuration
        let hidden = c.resolvedLiftingChannels
        lifting = ChannelMLP(widths: hidden == 0 ? [c.liftingInChannels, c.width] : [c.liftingInChannels, hidden, c.width],
                             rng: &rng)
        var layers: [FourierLayer] = []
        for l in 0..<c.layers {
            layers.append(FourierLayer(width: c.width, modes: c.spectralModes,
                                       channelMLPChannels: c.channelMLP ? c.channelMLPChannels : nil,
                                       activates: l < c.layers - 1, repeatedActivation: c.repeatedActivation, rng: &rng))
        }
        self.layers = layers
        projection = ChannelMLP(widths: [c.width, c.resolvedProjectionChannels, c.outChannels], rng: &rng)
    }

    public var inChannels: Int { configuration.inChannels }
    public var outChannels: Int { configuration.outChannels }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        Self.nest([("lifting", lifting)] + layers.enumerated().map { ("layers.\($0.offset)", $0.element) }
                  + [("projection", projection)])
    }

    /// The operator on `x` as one recorded operation (see `FNOPass`): evaluated micro-batch by
    /// micro-batch, with every parameter's gradient in its backward.
    public func callAsFunction(_ x: Variable) -> Variable {
        let c = configuration
        precondition(x.rank == c.spatialRank + 2 && x.shape[1] == c.inChannels,
                     "FNO input has shape \(x.shape); this model needs [batch, \(c.inChannels), \(c.spatialRank) spatial extents]")
        let pass = FNOPass(self, training: x.tape != nil)
        let (output, saved) = pass.forward(x.value, saving: x.tape != nil)
        let inputShape = x.shape, needsInputGradient = x.needsGradient
        return Variable.operation(output, inputs: [x] + parameters.map { x.use($0) }) { g in
            let grads = pass.backward(g, saved: saved, inputShape: inputShape, needsInputGradient: needsInputGradient)
            return [grads.input] + grads.parameters
        }
    }
}
