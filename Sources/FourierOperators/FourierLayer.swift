import Autograd
import NeuralNetworks
import NeuropCore

/// One Fourier layer of an FNO, neuraloperator 2.0's `FNOBlocks` layer with its defaults
/// (post-activation, `fno_skip="linear"`, `channel_mlp_skip="soft-gating"`, no normalisation):
///
///     h = K x + b + W x                        spectral convolution + linear skip (no bias)
///     h = σ(h)                                 unless last
///     h = MLP(h) + g ⊙ x                       channel MLP + soft-gating skip of the layer input
///     h = σ(h)                                 unless last
///
/// with σ = GELU. Without the channel MLP the second step is skipped but σ is still applied twice
/// on every layer but the last — neuraloperator does exactly this, and a model loaded from it
/// must compute the same function — unless `repeatedActivation` is false (the FNO paper's layer,
/// `σ(K x + b + W x)`). Everything after the spectral transform is one fused pass
/// (`FourierLayerKernel`).
public final class FourierLayer: Module {
    public let spectral: SpectralConv
    /// The linear skip `W x` (weight `[C, C]`, no bias).
    public let skip: PointwiseLinear
    public let mlp: ChannelMLP?
    public let gate: SoftGating?
    /// False on the last layer, which applies no activation.
    public let activates: Bool
    /// Whether a layer without channel MLP applies σ twice (see above).
    public let repeatedActivation: Bool

    public init(width: Int, modes: [Int], channelMLPChannels: Int?, activates: Bool, repeatedActivation: Bool = true,
                rng: inout RandomStream) {
        spectral = SpectralConv(width, width, modes: modes, rng: &rng)
        skip = PointwiseLinear(width, width, bias: false, rng: &rng)
        if let hidden = channelMLPChannels {
            mlp = ChannelMLP(widths: [width, hidden, width], rng: &rng)
            gate = SoftGating(width)
        } else {
            mlp = nil
            gate = nil
        }
        self.activates = activates
        self.repeatedActivation = repeatedActivation
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        var children: [(String, Module)] = [("spectral", spectral), ("skip", skip)]
        if let mlp, let gate { children += [("mlp", mlp), ("gate", gate)] }
        return Self.nest(children)
    }

    /// The fused kernel of everything but the spectral transform, on the parameters' current values.
    var pointwiseKernel: FourierLayerKernel {
        let mlpWeights = mlp.map { ($0.layers[0].weight.value, $0.layers[0].bias!.value, $0.layers[1].weight.value,
                                    $0.layers[1].bias!.value, gate!.weight.value) }
        return FourierLayerKernel(width: skip.weight.value.shape[0], activates: activates,
                                  repeatedActivation: repeatedActivation, spectralBias: spectral.bias.value,
                                  skip: skip.weight.value, mlp: mlpWeights)
    }

    /// The layer as one recorded operation: its backward adds the spectral convolution's input
    /// gradient straight into the pointwise part's. (`FNO` runs its layers inside `FNOPass`.)
    public func callAsFunction(_ x: Variable) -> Variable {
        var weights = [x.use(spectral.weight), x.use(spectral.bias), x.use(skip.weight)]
        if let mlp, let gate {
            weights += [mlp.layers[0].weight, mlp.layers[0].bias!, mlp.layers[1].weight, mlp.layers[1].bias!, gate.weight].map { x.use($0) }
        }
        let convolution = spectral.operation, spectralWeight = spectral.weight.value, kernel = pointwiseKernel
        let (s, context) = convolution.forwardKeepingContext(x.value, weight: spectralWeight)
        let (output, saved) = kernel.forward(spectral: s, input: x.value, saving: x.tape != nil)
        let input = x.value, needsInputGradient = x.needsGradient
        return Variable.operation(output, inputs: [x] + weights) { g in
            var grads = kernel.backward(g, input: input, saved: saved!, needsInputGradient: needsInputGradient)
            let weightGradients = [grads.spectralBias, grads.skip] + grads.mlp
            guard var gradInput = grads.input else {
                return [nil, convolution.backward(grads.spectral, context: context, weight: spectralWeight).gradWeight] + weightGradients
            }
            // The only reference, so that adding into it does not copy it first.
            grads.input = nil
            let gradSpectral = convolution.backward(grads.spectral, context: context, weight: spectralWeight,
                                                    addingInputGradientTo: &gradInput)
            return [gradInput, gradSpectral] + weightGradients
        }
    }
}
