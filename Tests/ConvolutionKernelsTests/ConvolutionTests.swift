import ConvolutionKernels
import NeuropCore
import NeuropTestSupport
import Testing

/// max |a − b| / max |b|: a relative error that is not dominated by entries near zero.
func scaledError(_ a: [Float], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
    let scale = b.map(abs).max() ?? 0
    return zip(a, b).map { abs(Double($0) - $1) }.max().map { $0 / max(scale, 1e-300) } ?? 0
}

/// ⟨a, b⟩ in Float64.
func dot(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.shape == b.shape, "shapes differ: \(a.shape) vs \(b.shape)")
    return zip(a.values, b.values).reduce(0) { $0 + Double($1.0) * Double($1.1) }
}

@Suite struct ConvolutionForwardTests {
    @Test(arguments: ConvolutionCase.padded + ConvolutionCase.unpadded, ConvolutionCase.strategies)
    func matchesDirectLoop(_ c: ConvolutionCase, strategy: ConvolutionStrategy) {
        let (x, w, b) = c.tensors()
        let y = c.convolution(strategy).forward(x, weight: w, bias: b)
        let reference = ConvolutionReference.convolution(x, weight: w, bias: b, geometry: c.geometry, mode: c.mode)
        #expect(y.shape == reference.shape)
        #expect(scaledError(y.values, reference.values) <= 1e-5)
    }

    @Test(arguments: ConvolutionCase.transposedCases, ConvolutionCase.strategies)
    func transposedMatchesScatter(_ c: ConvolutionCase, strategy: ConvolutionStrategy) {
        let (x, w, b) = c.tensors(transposedWeight: true)
        let y = c.transposed(strategy).forward(x, weight: w, bias: b)
        let extents = c.transposed(strategy).outputExtents(c.spatial)
        #expect(y.shape == [c.batch, c.outChannels] + extents)
        let reference = ConvolutionReference.transposedConvolution(x, weight: w, bias: b, geometry: c.geometry,
                                                                   outputExtents: extents)
        #expect(scaledError(y.values, reference) <= 1e-5)
    }

    /// MgNO's prolongation from a coarse 43-cell grid to a fine 85-cell grid.
    @Test func prolongationExtents() {
        let k3 = TransposedConvolution(geometry: .init([.init(kernel: 3, stride: 2, padding: 1)]))
        let k4 = TransposedConvolution(geometry: .init([.init(kernel: 4, stride: 2, padBefore: 1, padAfter: 2)]))
        let k4Even = TransposedConvolution(geometry: .init(spatialRank: 2, kernel: 4, stride: 2, padding: 1))
        #expect(k3.outputExtents([43]) == [85])
        #expect(k4.outputExtents([43]) == [85])
        #expect(k4Even.outputExtents([43, 32]) == [86, 64])
    }

    @Test(arguments: [[Int](), [7], [4, 5], [2, 3, 4]])
    func channelMixingIsPointwiseProduct(spatial: [Int]) {
        let x = randomTensor([3, 4] + spatial, seed: 5, stream: 0)
        let w = randomTensor([2, 4], seed: 5, stream: 1)
        let b = randomTensor([2], seed: 5, stream: 2)
        let y = ChannelMixing.forward(x, weight: w, bias: b)
        #expect(y.shape == [3, 2] + spatial)
        let cells = spatial.reduce(1, *)
        var reference = [Double](repeating: 0, count: 3 * 2 * cells)
        for n in 0..<3 {
            for o in 0..<2 {
                for p in 0..<cells {
                    var total = Double(b[flat: o])
                    for c in 0..<4 { total += Double(w[flat: o * 4 + c]) * Double(x[flat: (n * 4 + c) * cells + p]) }
                    reference[(n * 2 + o) * cells + p] = total
                }
            }
        }
        #expect(scaledError(y.values, reference) <= 1e-6)
    }
}
