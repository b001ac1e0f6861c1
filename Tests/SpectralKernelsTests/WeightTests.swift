import Foundation
import NeuropCore
import NeuropTestSupport
import SpectralKernels
import Testing

@Suite struct WeightTests {
    @Test func fnoInitialisation() {
        let layer = SpectralConvolution(inChannels: 4, outChannels: 8, modes: [3, 5])
        #expect(layer.weightShape == [6 * 5, 4, 8, 2])
        var a = RandomStream(seed: 9), b = RandomStream(seed: 9), c = RandomStream(seed: 10)
        let w = layer.initialWeight(using: &a)
        #expect(w == layer.initialWeight(using: &b))
        #expect(w != layer.initialWeight(using: &c))
        let scale: Float = 1.0 / 32
        #expect(w.values.allSatisfy { $0 >= 0 && $0 < scale })
        // Uniform [0, scale): mean scale/2 (± 4 standard errors over 1920 draws).
        let mean = w.values.reduce(0, +) / Float(w.count)
        #expect(abs(mean - scale / 2) < 4 * scale / (12 * Float(w.count)).squareRoot())
    }

    /// neuraloperator ≥ 0.3 (2.0): `SpectralConv(n_modes=(2m₁, 2m₂))` keeps fftshift-ordered
    /// frequencies −m₁…m₁−1 on the first axis and 0…m₂ on the rfft axis in a weight
    /// `[I, O, 2m₁, m₂ + 1]`. One nonzero entry at neuraloperator index (s, c) must act on the
    /// frequency (s − m₁, c), checked with the naive reference built from that frequency directly.
    @Test(arguments: [(0, 0), (1, 2), (3, 3), (5, 1)])
    func neuralOperatorCenteredLayout(_ entry: (Int, Int)) {
        let (s, c) = entry
        let m1 = 3, mLast = 4  // n_modes = (6, 6) → 6 on the first axis, 6//2 + 1 = 4 on the last
        let (inC, outC) = (2, 3)
        let layer = SpectralConvolution(inChannels: inC, outChannels: outC, modes: [m1, mLast])
        var source = ComplexTensor(shape: [inC, outC, 2 * m1, mLast])
        var matrix = [(Double, Double)](repeating: (0, 0), count: inC * outC)
        var rng = RandomStream(seed: 81)
        for io in 0..<(inC * outC) {
            let z = (Float(rng.normal()), Float(rng.normal()))
            source[flat: (io * 2 * m1 + s) * mLast + c] = z
            matrix[io] = (Double(z.0), Double(z.1))
        }
        let w = layer.weight(fromNeuralOperator: source, layout: .centered)
        #expect(layer.neuralOperatorWeight(from: w, layout: .centered).real == source.real)
        let x = randomTensor([2, inC, 10, 8], seed: 82)
        let reference = NaiveSpectralConvolution(extents: [10, 8], batch: 2, inChannels: inC, outChannels: outC,
                                                 frequencies: [[s - m1, c]], weights: [matrix])
        let error = relativeL2(layer.forward(x, weight: w).values, reference(x.values.map(Double.init)))
        #expect(error < 2e-6)
    }

    /// Positive-then-negative blocks are this package's own mode order: the conversion only moves
    /// the mode axes in front of the channel axes.
    @Test func positiveThenNegativeLayoutIsATranspose() {
        let layer = SpectralConvolution(inChannels: 2, outChannels: 3, modes: [2, 2, 3])
        let shape = [2, 3] + layer.keptExtents
        var rng = RandomStream(seed: 91)
        var source = ComplexTensor(shape: shape)
        let count = shape.reduce(1, *)
        for i in 0..<count { source[flat: i] = (Float(rng.normal()), Float(rng.normal())) }
        let w = layer.weight(fromNeuralOperator: source, layout: .positiveThenNegative)
        let k = layer.keptModeCount
        for i in 0..<2 {
            for o in 0..<3 {
                for mode in [0, 5, k - 1] {
                    let z = source[flat: (i * 3 + o) * k + mode]
                    #expect(w[mode, i, o, 0] == z.re && w[mode, i, o, 1] == z.im)
                }
            }
        }
        let back = layer.neuralOperatorWeight(from: w, layout: .positiveThenNegative)
        #expect(back.real == source.real && back.imaginary == source.imaginary)
    }
}
