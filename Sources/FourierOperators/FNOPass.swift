import NeuropCore
import SpectralKernels

// Dimension letters: B batch, M samples of a micro-batch, C width, n… the grid.

/// One evaluation of an `FNO` — forward and, for training, backward — on its parameters' current
/// values, run micro-batch by micro-batch: a few samples at a time go through every layer, so
/// that the tensors passed from one stage to the next (about 2 MiB each) stay in the processor's
/// last-level cache instead of streaming through memory. Only what the backward needs is kept
/// per micro-batch: each layer's input and `h₁` (see `FourierLayerKernel`), the kept input spectra
/// and the lifting and projection inputs. Micro-batches run side by side, one per thread; the
/// backward adds their weight gradients in micro-batch order, so results depend only on the
/// batch's shape.
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

    /// `[B, C_in, n…]` → `[B, C_out, n…]`, and with `saving` what `backward` needs. Micro-batches
    /// run side by side, one per thread (`ThreadPool.forEachInRounds`): a stage of one micro-batch
    /// is a few hundred microseconds of work, too short to split over the threads without them
    /// waiting on each other at its end, and each thread keeps its micro-batch in its own cache.
    /// Interleaved runs of the benchmark worker (64², width 32, batch 32, 2 threads), medians of 5:
    /// inference 688 → 867 samples/s, training 190 → 211, peak memory 273 → 303 MiB.
    func forward(_ x: Tensor, saving: Bool) -> (output: Tensor, saved: [Saved]) {
        let extents = Array(x.shape.dropFirst(2))
        let batch = x.shape[0], micro = microBatch(extents: extents)
        let padding = padding(extents: extents)
        let grid = configuration.positionalEmbedding ? PositionalGrid.coordinates(extents: extents) : nil
        // As few micro-batches as `micro` allows, of nearly equal sizes (5 at 4 → 2 + 3, not
        // 4 + 1), so that the ones side by side take about the same time.
        let count = (batch + micro - 1) / micro
        let parts = (0..<count).map { (batch * $0 / count)..<(batch * ($0 + 1) / count) }
        var outputs: [Tensor] = [], saved: [Saved] = []
        let pass = self
        ThreadPool.shared.forEachInRounds(count, { i in
            let samples = parts[i]
            var input = batch == samples.count ? x : x.slice(axis: 0, samples)
            if let grid {
                input = Tensor.concatenate([input, grid.broadcasted(to: [samples.count, extents.count] + extents)], axis: 1)
            }
            return pass.forward(microBatch: samples, input: input, padding: padding, saving: saving)
        }, consume: { _, result in
            outputs.append(result.output)
            if let record = result.saved { saved.append(record) }
        })
        return (outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, axis: 0), saved)
    }

    /// One micro-batch's output (its lifting input already has the positional channels).
    private func forward(microBatch samples: Range<Int>, input: Tensor, padding: DomainPadding, saving: Bool)
        -> (output: Tensor, saved: Saved?)
    {
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
        record.projectionInput = h
        return (projection.forward(h), saving ? record : nil)
    }

    /// One micro-batch's share of every gradient, in `FNO.namedParameters` order by part.
    private struct Gradients {
        var lifting: [Tensor]
        /// Per layer: the spectral weight's, then the pointwise part's.
        var layers: [[Tensor]]
        var projection: [Tensor]
        var input: Tensor?

        var parameters: [Tensor] { lifting + layers.flatMap { $0 } + projection }
    }

    /// The gradient with respect to the input (when `needsInputGradient`) and to every parameter
    /// in `FNO.namedParameters` order, given `gradOutput` with respect to `forward`'s output.
    /// Micro-batches run side by side as in `forward`; their weight gradients are added in
    /// micro-batch order, so results depend only on the batch's shape, not on the thread count.
    func backward(_ gradOutput: Tensor, saved: [Saved], inputShape: [Int], needsInputGradient: Bool)
        -> (input: Tensor?, parameters: [Tensor])
    {
        let padding = padding(extents: Array(inputShape.dropFirst(2)))
        var totals: [Tensor] = [], inputParts: [Tensor] = []
        let pass = self
        ThreadPool.shared.forEachInRounds(saved.count, { i in
            let record = saved[i]
            let g = saved.count == 1 ? gradOutput : gradOutput.slice(axis: 0, record.samples)
            return pass.backward(microBatch: record, gradOutput: g, padding: padding, needsInputGradient: needsInputGradient)
        }, consume: { _, grads in
            let parameters = grads.parameters
            if totals.isEmpty { totals = parameters } else { for i in parameters.indices { totals[i].addInPlace(parameters[i]) } }
            if let input = grads.input { inputParts.append(input) }
        })
        let input = needsInputGradient ? (inputParts.count == 1 ? inputParts[0] : Tensor.concatenate(inputParts, axis: 0)) : nil
        return (input, totals)
    }

    private func backward(microBatch record: Saved, gradOutput g: Tensor, padding: DomainPadding,
                          needsInputGradient: Bool) -> Gradients {
        let head = projection.backward(g, input: record.projectionInput!, needsInputGradient: true)
        var dh = head.input!
        if !padding.isEmpty { dh = padding.padded(dh) }
        var layerGradients = [[Tensor]](repeating: [], count: layers.count)
        for (l, layer) in layers.enumerated().reversed() {
            var grads = layer.pointwise.backward(dh, input: record.layerInputs[l], saved: record.preactivations[l],
                                                 needsInputGradient: true)
            var gradInput = grads.input!
            grads.input = nil
            var spectral: Tensor?
            layer.convolution.backward(grads.spectral, context: record.spectra[l], mixing: layer.mixing,
                                       addingInputGradientTo: &gradInput, addingWeightGradientTo: &spectral)
            layerGradients[l] = [spectral!, grads.spectralBias, grads.skip] + grads.mlp
            dh = gradInput
        }
        if !padding.isEmpty { dh = padding.cropped(dh) }
        let tail = lifting.backward(dh, input: record.liftingInput, needsInputGradient: needsInputGradient)
        var input: Tensor?
        if needsInputGradient {
            let dx = tail.input!
            input = configuration.positionalEmbedding ? dx.slice(axis: 1, 0..<configuration.inChannels) : dx
        }
        return Gradients(lifting: ChannelMLPKernel.interleave(tail.weights, tail.biases), layers: layerGradients,
                         projection: ChannelMLPKernel.interleave(head.weights, head.biases), input: input)
    }
}
