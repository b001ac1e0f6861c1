import NeuropCore

/// A convolution y = W ⋆ x (+ bias) over a batch, on raw row-major buffers: forward, the adjoint
/// in x (the input gradient, and the forward of a transposed convolution) and the weight gradient.
///
/// Per sample: pad x into scratch (skipped without padding), apply the `SampleProducts` of the
/// `ConvolutionStrategy` (im2col or shifted taps) and fold the padded gradient back. Samples are
/// independent tasks (`SampleParallelism`); the weight gradient sums one partial per fixed group of
/// samples. Scratch is allocated per task (1.7 MB at most for the target layer, one task per thread
/// at a time), which bounds memory without a cache; its allocation did not show in profiles.
struct BatchedConvolution {
    let geometry: SampleGeometry
    let outChannels: Int
    let batch: Int
    private let products: any SampleProducts

    init(geometry: SampleGeometry, outChannels: Int, batch: Int, strategy: ConvolutionStrategy) {
        self.geometry = geometry
        self.outChannels = outChannels
        self.batch = batch
        products = strategy.products(for: geometry, outChannels: outChannels)
    }

    private var outputCount: Int { outChannels * geometry.outputCells }
    private var weightCount: Int { outChannels * geometry.channels * geometry.taps }
    private var paddedScratch: Int { geometry.needsPadding ? geometry.paddedCount : 0 }

    /// y ← W ⋆ x + bias for every sample.
    func forward(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 output: UnsafeMutablePointer<Float>) {
        let (g, products, outputCount) = (geometry, products, outputCount)
        withWeightLayout(weight) { w in
            let scratch = ScratchLayout([paddedScratch, products.scratchCount])
            SampleParallelism.forEach(batch) { b in
                scratch.with { regions in
                    let x = input + b * g.inputCount
                    let padded = g.needsPadding ? UnsafePointer(regions[0]) : x
                    if g.needsPadding { g.pad(x, into: regions[0]) }
                    products.forward(padded, weight: w, bias: bias, output: output + b * outputCount, scratch: regions[1])
                }
            }
        }
    }

    /// x̄ ← the adjoint of x ↦ W ⋆ x applied to ȳ, plus `bias` on x̄'s channels, for every sample.
    func adjoint(gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 gradInput: UnsafeMutablePointer<Float>) {
        let (g, products, outputCount) = (geometry, products, outputCount)
        withWeightLayout(weight) { w in
            let scratch = ScratchLayout([paddedScratch, products.scratchCount])
            SampleParallelism.forEach(batch) { b in
                scratch.with { regions in
                    let gx = gradInput + b * g.inputCount
                    let gPadded = g.needsPadding ? regions[0] : gx
                    gPadded.update(repeating: 0, count: g.needsPadding ? g.paddedCount : g.inputCount)
                    products.adjoint(gradOutput + b * outputCount, weight: w, addingInto: gPadded, scratch: regions[1])
                    if g.needsPadding { g.foldPadding(gPadded, into: gx) }
                    if let bias {
                        let n = g.inH * g.inW
                        for c in 0..<g.channels {
                            let row = gx + c * n
                            for i in 0..<n { row[i] += bias[c] }
                        }
                    }
                }
            }
        }
    }

    /// W̄ ← Σ_b (adjoint of W ↦ W ⋆ x_b)(ȳ_b), and x̄ ← the input adjoint of ȳ when `gradInput` is
    /// given (fused, so each sample is padded and lowered once for both).
    func weightGradient(input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        gradWeight: UnsafeMutablePointer<Float>, gradInput: UnsafeMutablePointer<Float>?) {
        let (g, products, outputCount, wc) = (geometry, products, outputCount, weightCount)
        let groups = SampleParallelism.groups(batch: batch)
        let partials = UnsafeMutablePointer<Float>.allocate(capacity: groups.count * wc)
        defer { partials.deallocate() }
        withWeightLayout(weight) { w in
            let gradPaddedScratch = gradInput != nil && g.needsPadding ? g.paddedCount : 0
            let scratch = ScratchLayout([paddedScratch, gradPaddedScratch, products.scratchCount])
            SampleParallelism.forEach(groups.count) { k in
                scratch.with { regions in
                    let dw = partials + k * wc
                    dw.update(repeating: 0, count: wc)
                    for b in groups[k] {
                        let x = input + b * g.inputCount
                        let padded = g.needsPadding ? UnsafePointer(regions[0]) : x
                        if g.needsPadding { g.pad(x, into: regions[0]) }
                        let gx = gradInput.map { $0 + b * g.inputCount }
                        let gPadded = gx.map { g.needsPadding ? regions[1] : $0 }
                        gPadded?.update(repeating: 0, count: g.needsPadding ? g.paddedCount : g.inputCount)
                        products.weightGradient(padded, gradOutput: gradOutput + b * outputCount, weight: w,
                                                addingInto: dw, gradPadded: gPadded, scratch: regions[2])
                        if let gx, let gPadded, g.needsPadding { g.foldPadding(gPadded, into: gx) }
                    }
                }
            }
        }
        // Sum the partials in group order, reordering tap-major gradients to PyTorch's layout.
        let taps = products.tapMajorWeights ? geometry.taps : 1
        let pairs = wc / taps
        for i in 0..<pairs {
            for t in 0..<taps {
                var total: Float = 0
                for k in 0..<groups.count { total += partials[k * wc + t * pairs + i] }
                gradWeight[i * taps + t] = total
            }
        }
    }

    /// Calls `body` with the weight in the layout `products` reads: PyTorch's `[O][C][T]`, or
    /// `[T][O][C]` (a transposed copy) for tap-major products.
    private func withWeightLayout(_ weight: UnsafePointer<Float>, _ body: (UnsafePointer<Float>) -> Void) {
        let taps = geometry.taps
        guard products.tapMajorWeights && taps > 1 else { return body(weight) }
        let pairs = weightCount / taps
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: weightCount)
        defer { packed.deallocate() }
        for i in 0..<pairs {
            for t in 0..<taps { packed[t * pairs + i] = weight[i * taps + t] }
        }
        body(packed)
    }
}
