import NeuropCore
import SpectralKernels

// Dimension letters: B batch, M samples of a micro-batch, C width, n… the grid.

/// One evaluation of an `FNO` — forward and, for training, backward — on its parameters' current
/// values, run micro-batch by micro-batch: a few samples at a time go through every layer, so
/// that the tensors passed from one stage to the next (about 2 MiB each) stay in the processor's
/// last-level cache instead of streaming through memory. Only what the backward needs is kept
/// per micro-batch: each layer's input and `h₁` (see `FourierLayerKernel`), the kept input spectra
/// and the lifting and projection inputs. The backward runs the micro-batches in order and adds
/// their weight gradients in that order, so results depend only on the batch's shape.
struct FNOPass {
    /// Target size of one activation tensor of a micro-batch: measured inference time at 64²
    /// and width 32 was flat from 1 to 4 MiB and 25–30 % below the whole batch's, rising again
    /// at 8 MiB.
    static let microBatchBytes = 2 << 20

    struct Layer {
        let convolution: SpectralConvolution
        let mixing: SpectralConvolution.MixingWeight
        let pointwise: FourierLayerKernel
    }

    let configuration: FNOConfiguration
    let lifting: ChannelMLPKernel
    let layers: [Layer]
    let projection: ChannelMLPKernel

    /// The pass for `model`'s current weights; `training` prepares what a backward needs too.
    init(_ model: FNO, training: Bool) {
        configuration = model.configuration
        lifting = ChannelMLPKernel(model.lifting)
        layers = model.layers.map {
            Layer(convolution: $0.spectral.operation, mixing: $0.spectral.operation.mixingWeight($0.spectral.weight.value, withAdjoint: training),
                  pointwise: $0.pointwiseKernel)
        }
        projection = ChannelMLPKernel(model.projection)
    }

    /// What the backward needs from one micro-batch's forward.
    struct Saved {
        var samples: Range<Int>
        var liftingInput: Tensor
        var layerInputs: [Tensor] = []
        var spectra: [SpectralConvolution.Context] = []
        var preactivations: [Tensor] = []
        var projectionInput: Tensor?
    }

    /// Samples per micro-batch for a grid of `extents` (at least 1).
    func microBatch(extents: [Int]) -> Int {
        let cells = extents.map { $0 + 2 * configuration.padding(forExtent: $0) }.reduce(1, *)
        return max(1, FNOPass.microBatchBytes / (4 * configuration.width * cells))
    }

    func padding(extents: [Int]) -> DomainPadding {
        DomainPadding(pads: extents.map { configuration.padding(forExtent: $0) })
    }

    /// `[B, C_in, n…]` → `[B, C_out, n…]`, and with `saving` what `backward` needs.
    func forward(_ x: Tensor, saving: Bool) -> (output: Tensor, saved: [Saved]) {
        let extents = Array(x.shape.dropFirst(2))
        let batch = x.shape[0], micro = microBatch(extents: extents)
        let padding = padding(extents: extents)
        let grid = configuration.positionalEmbedding ? PositionalGrid.coordinates(extents: extents) : nil
        var outputs: [Tensor] = [], saved: [Saved] = []
        for start in stride(from: 0, to: batch, by: micro) {
            let samples = start..<min(batch, start + micro)
            var input = batch == samples.count ? x : x.slice(axis: 0, samples)
            if let grid {
                input = Tensor.concatenate([input, grid.broadcasted(to: [samples.count, extents.count] + extents)], axis: 1)
            }
            var record = Saved(samples: samples, liftingInput: input)
            var h = lifting.forward(input)
            if !padding.isEmpty { h = padding.padded(h) }
            for layer in layers {
                let (s, context) = layer.convolution.forwardKeepingContext(h, mixing: layer.mixing)
                let (y, h1) = layer.pointwise.forward(spectral: s, input: h, saving: saving)
                if saving {
                    record.layerInputs.append(h)
                    record.spectra.append(context)
                    record.preactivations.append(h1!)
                }
                h = y
            }
            if !padding.isEmpty { h = padding.cropped(h) }
            if saving {
                record.projectionInput = h
                saved.append(record)
            }
            outputs.append(projection.forward(h))
        }
        return (outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, axis: 0), saved)
    }

    /// The gradient with respect to the input (when `needsInputGradient`) and to every parameter
    /// in `FNO.namedParameters` order, given `gradOutput` with respect to `forward`'s output.
    func backward(_ gradOutput: Tensor, saved: [Saved], inputShape: [Int], needsInputGradient: Bool)
        -> (input: Tensor?, parameters: [Tensor])
    {
        let padding = padding(extents: Array(inputShape.dropFirst(2)))
        // Summed over micro-batches in order: the lifting's, each layer's pointwise part's and the
        // projection's gradients here, the spectral weights' by the convolution itself.
        var lifting: [Tensor] = [], pointwise: [[Tensor]] = [], projection: [Tensor] = []
        var spectral = [Tensor?](repeating: nil, count: layers.count)
        var inputParts: [Tensor] = []
        func add(_ grads: [Tensor], to totals: inout [Tensor]) {
            if totals.isEmpty { totals = grads } else { for i in grads.indices { totals[i].addInPlace(grads[i]) } }
        }
        for record in saved {
            let g = saved.count == 1 ? gradOutput : gradOutput.slice(axis: 0, record.samples)
            let head = self.projection.backward(g, input: record.projectionInput!, needsInputGradient: true)
            add(ChannelMLPKernel.interleave(head.weights, head.biases), to: &projection)
            var dh = head.input!
            if !padding.isEmpty { dh = padding.padded(dh) }
            if pointwise.isEmpty { pointwise = Array(repeating: [], count: layers.count) }
            for (l, layer) in layers.enumerated().reversed() {
                var grads = layer.pointwise.backward(dh, input: record.layerInputs[l], saved: record.preactivations[l],
                                                     needsInputGradient: true)
                var gradInput = grads.input!
                grads.input = nil
                layer.convolution.backward(grads.spectral, context: record.spectra[l], mixing: layer.mixing,
                                           addingInputGradientTo: &gradInput, addingWeightGradientTo: &spectral[l])
                add([grads.spectralBias, grads.skip] + grads.mlp, to: &pointwise[l])
                dh = gradInput
            }
            if !padding.isEmpty { dh = padding.cropped(dh) }
            let tail = self.lifting.backward(dh, input: record.liftingInput, needsInputGradient: needsInputGradient)
            add(ChannelMLPKernel.interleave(tail.weights, tail.biases), to: &lifting)
            if needsInputGradient {
                let dx = tail.input!
                inputParts.append(configuration.positionalEmbedding ? dx.slice(axis: 1, 0..<configuration.inChannels) : dx)
            }
        }
        let input = needsInputGradient ? (inputParts.count == 1 ? inputParts[0] : Tensor.concatenate(inputParts, axis: 0)) : nil
        guard !saved.isEmpty else { return (input, []) }
        return (input, lifting + layers.indices.flatMap { [spectral[$0]!] + pointwise[$0] } + projection)
    }
}
