import Foundation
import NeuropCore
import NeuropTestSupport
import SpectralKernels
import Testing

/// One forward case: grid, modes, and small batch/channel counts.
struct ForwardCase: CustomTestStringConvertible, Sendable {
    var extents: [Int]
    var modes: [Int]
    var batch = 2
    var inChannels = 3
    var outChannels = 2
    var testDescription: String { "\(extents) modes \(modes)" }
}

/// A weight with standard-normal entries (the FNO init is all-positive, which would hide sign errors).
func randomWeight(_ layer: SpectralConvolution, seed: UInt64) -> Tensor {
    randomTensor(layer.weightShape, seed: seed, stream: 99)
}

@Suite struct ForwardTests {
    /// Odd and even sizes in 1D, 2D and 3D, including the largest modes each grid allows (which
    /// keep the Nyquist column for even last extents and the whole axis for even other extents).
    static let naiveCases: [ForwardCase] = [
        ForwardCase(extents: [9], modes: [1]),
        ForwardCase(extents: [9], modes: [3]),
        ForwardCase(extents: [9], modes: [5]),
        ForwardCase(extents: [16], modes: [4]),
        ForwardCase(extents: [16], modes: [9]),
        ForwardCase(extents: [15, 12], modes: [3, 4]),
        ForwardCase(extents: [15, 12], modes: [7, 7]),
        ForwardCase(extents: [12, 15], modes: [1, 8]),
        ForwardCase(extents: [8, 6, 10], modes: [2, 2, 3]),
        ForwardCase(extents: [8, 6, 10], modes: [4, 3, 6]),
        ForwardCase(extents: [5, 7, 9], modes: [2, 3, 5], batch: 1, inChannels: 2, outChannels: 3),
    ]

    @Test(arguments: naiveCases, LastAxisMethod.allCases)
    func matchesNaiveDFT(_ c: ForwardCase, method: LastAxisMethod) {
        let layer = SpectralConvolution(inChannels: c.inChannels, outChannels: c.outChannels, modes: c.modes,
                                        lastAxisMethod: method)
        let x = randomTensor([c.batch, c.inChannels] + c.extents, seed: 11)
        let w = randomWeight(layer, seed: 12)
        let y = layer.forward(x, weight: w)
        #expect(y.shape == [c.batch, c.outChannels] + c.extents)
        let reference = NaiveSpectralConvolution(extents: c.extents, batch: c.batch, inChannels: c.inChannels,
                                                 outChannels: c.outChannels, modes: c.modes, weight: w)
        let expected = reference(x.values.map(Double.init))
        let error = relativeL2(y.values, expected)
        #expect(error < 2e-6, "relative L2 error \(error) against the naive DFT")
    }

    /// The full-spectrum implementation: full rfft, multiply the kept modes, zero the rest, full irfft.
    static func fullFFTReference(_ x: Tensor, weight: Tensor, modes: [Int], outChannels: Int) -> Tensor {
        let d = modes.count
        let extents = Array(x.shape.suffix(d))
        let (batch, inChannels) = (x.shape[0], x.shape[1])
        let half = Array(extents.dropLast()) + [extents[d - 1] / 2 + 1]
        let spectrumCount = half.reduce(1, *)
        let strides = Tensor.strides(of: half)
        let xs = x.rfft(dimensions: d)
        var ys = ComplexTensor(shape: [batch, outChannels] + half)
        let w = weight.values
        let pairs = inChannels * outChannels
        for (k, f) in NaiveSpectralConvolution.keptFrequencies(modes: modes).enumerated() {
            var g = 0
            for a in 0..<d { g += ((f[a] % extents[a] + extents[a]) % extents[a]) * strides[a] }
            for b in 0..<batch {
                for o in 0..<outChannels {
                    var re = 0.0, im = 0.0
                    for i in 0..<inChannels {
                        let z = xs[flat: (b * inChannels + i) * spectrumCount + g]
                        let (wr, wi) = (Double(w[2 * (k * pairs + i * outChannels + o)]),
                                        Double(w[2 * (k * pairs + i * outChannels + o) + 1]))
                        re += Double(z.re) * wr - Double(z.im) * wi
                        im += Double(z.re) * wi + Double(z.im) * wr
                    }
                    ys[flat: (b * outChannels + o) * spectrumCount + g] = (Float(re), Float(im))
                }
            }
        }
        // The DC and (even n_d) Nyquist columns have no stored twin: make them Hermitian along the
        // other axes, (S(g) + conj S(−g))/2, which is what a c2r reads them as. Done explicitly so
        // that the reference does not rely on FFTW's multi-dimensional c2r of non-Hermitian input.
        let nL = extents[d - 1]
        let columns = nL % 2 == 0 ? [0, nL / 2] : [0]
        let leading = Array(extents.dropLast())
        let leadingCount = leading.reduce(1, *)
        let leadingStrides = Tensor.strides(of: leading)
        let original = ys
        for plane in 0..<(batch * outChannels) {
            for c in columns {
                for g in 0..<leadingCount {
                    var mirror = 0
                    for a in 0..<leading.count {
                        let ja = (g / leadingStrides[a]) % leading[a]
                        mirror += ((leading[a] - ja) % leading[a]) * strides[a]
                    }
                    let s = original[flat: plane * spectrumCount + g * half[d - 1] + c]
                    let t = original[flat: plane * spectrumCount + mirror + c]
                    ys[flat: plane * spectrumCount + g * half[d - 1] + c] = ((s.re + t.re) / 2, (s.im - t.im) / 2)
                }
            }
        }
        return ys.irfft(extents: extents)
    }

    static let largerCases: [ForwardCase] = [
        ForwardCase(extents: [256], modes: [16], batch: 3, inChannels: 4, outChannels: 5),
        ForwardCase(extents: [255], modes: [128], batch: 2, inChannels: 3, outChannels: 2),
        ForwardCase(extents: [64, 48], modes: [10, 9]),
        ForwardCase(extents: [45, 33], modes: [11, 17]),
        ForwardCase(extents: [32, 64], modes: [16, 33]),
        ForwardCase(extents: [16, 12, 10], modes: [4, 3, 5]),
        ForwardCase(extents: [12, 9, 16], modes: [6, 4, 9], batch: 1),
    ]

    @Test(arguments: largerCases, LastAxisMethod.allCases)
    func matchesFullFFTImplementation(_ c: ForwardCase, method: LastAxisMethod) {
        let layer = SpectralConvolution(inChannels: c.inChannels, outChannels: c.outChannels, modes: c.modes,
                                        lastAxisMethod: method)
        let x = randomTensor([c.batch, c.inChannels] + c.extents, seed: 21)
        let w = randomWeight(layer, seed: 22)
        let y = layer.forward(x, weight: w)
        let expected = ForwardTests.fullFFTReference(x, weight: w, modes: c.modes, outChannels: c.outChannels)
        let error = relativeL2(y.values, expected.values)
        #expect(error < 1e-5, "relative L2 error \(error) against the full-FFT implementation")
    }

    /// The truncated transform's pieces: kept frequencies, multiplicities and the inverse's
    /// DC/Nyquist handling, checked against the naive sums on a single plane.
    @Test(arguments: [[10], [9], [6, 8], [4, 6, 5]], LastAxisMethod.allCases)
    func truncatedTransformRoundTrip(_ extents: [Int], method: LastAxisMethod) {
        let d = extents.count
        let modes = extents.enumerated().map { $0.offset == d - 1 ? $0.element / 2 + 1 : $0.element / 2 }
        let t = TruncatedRealFFT(extents: extents, modes: modes, lastAxisMethod: method)
        let x = randomTensor([2] + extents, seed: 31)
        var spectrum = [Float](repeating: 0, count: 2 * 2 * t.keptCount)
        x.withUnsafeBufferPointer { xp in
            spectrum.withUnsafeMutableBufferPointer { t.forward(xp.baseAddress!, planes: 2, into: $0.baseAddress!) }
        }
        // Forward: kept mode k of plane p is the DFT at frequency(ofKeptMode: k).
        let naive = NaiveSpectralConvolution(extents: extents, batch: 1, inChannels: 1, outChannels: 1,
                                             frequencies: [], weights: [])
        let xv = x.values.map(Double.init)
        let n = extents.reduce(1, *)
        var worst = 0.0
        for k in 0..<t.keptCount {
            let f = t.frequency(ofKeptMode: k)
            for p in 0..<2 {
                var re = 0.0, im = 0.0
                for j in 0..<n {
                    let (c, s) = naive.phase(j, f)
                    re += xv[p * n + j] * c
                    im += xv[p * n + j] * s
                }
                worst = max(worst, abs(Double(spectrum[2 * (k * 2 + p)]) - re), abs(Double(spectrum[2 * (k * 2 + p) + 1]) - im))
            }
        }
        #expect(worst < 1e-4, "kept spectrum differs from the naive DFT by \(worst)")
        // All modes kept (every axis whole): the inverse of the forward is N·x.
        var back = [Float](repeating: 0, count: 2 * n)
        spectrum.withUnsafeBufferPointer { sp in
            back.withUnsafeMutableBufferPointer { t.inverse(sp.baseAddress!, planes: 2, into: $0.baseAddress!) }
        }
        #expect(maxRelativeError(back.map { Double($0) / Double(n) }, xv, floor: 1) < 1e-5)
    }

    @Test func keptFrequenciesAndMultiplicities() {
        let t = TruncatedRealFFT(extents: [10, 8], modes: [3, 5])
        #expect(t.keptExtents == [6, 5])
        #expect((0..<6).map { t.frequency(ofKeptMode: $0 * 5)[0] } == [0, 1, 2, -3, -2, -1])
        #expect((0..<5).map { t.frequency(ofKeptMode: 5 + $0) } == (0..<5).map { [1, $0] })
        // n_d = 8: column 0 (DC) and 4 (Nyquist) stand for one entry, columns 1–3 for a pair.
        #expect((0..<5).map { t.multiplicity(ofKeptMode: $0) } == [1, 2, 2, 2, 1])
        let odd = TruncatedRealFFT(extents: [9], modes: [5])
        #expect((0..<5).map { odd.multiplicity(ofKeptMode: $0) } == [1, 2, 2, 2, 2])
    }

    @Test func bothMethodsAgreeAtBenchmarkShape() {
        let x = randomTensor([2, 4, 64, 64], seed: 41)
        for modes in [[6, 7], [12, 12]] {
            let a = SpectralConvolution(inChannels: 4, outChannels: 3, modes: modes, lastAxisMethod: .fft)
            let b = SpectralConvolution(inChannels: 4, outChannels: 3, modes: modes, lastAxisMethod: .dft)
            var rng = RandomStream(seed: 5)
            let w = a.initialWeight(using: &rng)
            #expect(relativeL2(a.forward(x, weight: w).values, b.forward(x, weight: w).values) < 1e-5)
        }
    }

    @Test func modesBeyondTheGridStopTheProgram() async {
        await #expect(processExitsWith: .failure) {
            let layer = SpectralConvolution(inChannels: 1, outChannels: 1, modes: [5, 3])
            var rng = RandomStream(seed: 1)
            // 2·5 > 9: the two kept blocks of the first axis would overlap.
            _ = layer.forward(Tensor.zeros([1, 1, 9, 8]), weight: layer.initialWeight(using: &rng))
        }
        await #expect(processExitsWith: .failure) {
            // The rfft axis of 8 points has 5 frequencies.
            _ = TruncatedRealFFT(extents: [8], modes: [6])
        }
    }
}
