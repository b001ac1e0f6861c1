import Foundation
import NeuropCore
import NeuropTestSupport
import Testing

/// The FFT wrappers against a naive DFT, in both precisions and 1D/2D/3D.
@Suite struct FFTTests {
    /// Naive half-spectrum DFT of a row-major real array over `dims`.
    static func naiveRFFT(_ x: [Double], dims: [Int]) -> [(Double, Double)] {
        let half = Array(dims.dropLast()) + [dims.last! / 2 + 1]
        var out: [(Double, Double)] = []
        let kStrides = Tensor.strides(of: half)
        let jStrides = Tensor.strides(of: dims)
        for kf in 0..<half.reduce(1, *) {
            let k = (0..<dims.count).map { (kf / kStrides[$0]) % half[$0] }
            var re = 0.0, im = 0.0
            for jf in 0..<x.count {
                var phase = 0.0
                for a in 0..<dims.count {
                    let j = (jf / jStrides[a]) % dims[a]
                    phase += Double(j * k[a]) / Double(dims[a])
                }
                re += x[jf] * cos(2 * .pi * phase)
                im -= x[jf] * sin(2 * .pi * phase)
            }
            out.append((re, im))
        }
        return out
    }

    @Test(arguments: [[16], [9], [6, 10], [7, 5], [4, 6, 8]])
    func doublePrecisionMatchesNaiveDFT(dims: [Int]) {
        let batch = 3
        let n = dims.reduce(1, *)
        var rng = RandomStream(seed: 5)
        let x = (0..<batch * n).map { _ in rng.normal() }
        let fft = RealFFT<Double>(dims: dims, batch: batch)
        var spec = [Double](repeating: 0, count: 2 * batch * fft.complexCount)
        x.withUnsafeBufferPointer { xp in spec.withUnsafeMutableBufferPointer { fft.forward(xp.baseAddress!, $0.baseAddress!) } }
        for b in 0..<batch {
            let ref = FFTTests.naiveRFFT(Array(x[b * n..<(b + 1) * n]), dims: dims)
            for (m, r) in ref.enumerated() {
                #expect(abs(spec[2 * (b * fft.complexCount + m)] - r.0) < 1e-10)
                #expect(abs(spec[2 * (b * fft.complexCount + m) + 1] - r.1) < 1e-10)
            }
        }
        var back = [Double](repeating: 0, count: batch * n)
        spec.withUnsafeMutableBufferPointer { sp in back.withUnsafeMutableBufferPointer { fft.inverse(sp.baseAddress!, $0.baseAddress!) } }
        #expect(maxRelativeError(back.map { $0 / Double(n) }, x, floor: 1) < 1e-13)
    }

    @Test(arguments: [1, 2, 3])
    func tensorRFFTMatchesNaiveAndRoundTrips(d: Int) {
        let spatial = Array([12, 10, 6].prefix(d))
        let x = randomTensor([2, 3] + spatial, seed: UInt64(d))
        let X = x.rfft(dimensions: d)
        #expect(X.shape == [2, 3] + spatial.dropLast() + [spatial.last! / 2 + 1])
        let n = spatial.reduce(1, *)
        let plane = Array(x.values[n..<2 * n]).map(Double.init)
        let ref = FFTTests.naiveRFFT(plane, dims: spatial)
        let per = X.count / 6
        for (m, r) in ref.enumerated() {
            let v = X[flat: per + m]
            #expect(abs(Double(v.re) - r.0) < 1e-4 * Double(n))
            #expect(abs(Double(v.im) - r.1) < 1e-4 * Double(n))
        }
        let back = X.irfft(extents: spatial)
        #expect(maxRelativeError(back.values, x.values, floor: 1) < 1e-5)
        // The spectrum is not consumed by the inverse.
        #expect(X.real.values == x.rfft(dimensions: d).real.values)
    }

    /// Arrays that are not SIMD-aligned take FFTW's unaligned plan and give the same numbers.
    @Test func unalignedArraysGiveTheSameSpectrum() {
        let dims = [8, 8], batch = 4
        let fft = RealFFT<Float>(dims: dims, batch: batch)
        let x = randomTensor([batch] + dims, seed: 8)
        let aligned = x.rfft(dimensions: 2)
        let input = UnsafeMutablePointer<Float>.allocate(capacity: x.count + 1)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: 2 * batch * fft.complexCount + 1)
        defer { input.deallocate(); output.deallocate() }
        x.withUnsafeBufferPointer { (input + 1).update(from: $0.baseAddress!, count: x.count) }
        fft.forward(input + 1, output + 1)
        aligned.withUnsafeBufferPointer { a in
            #expect(maxRelativeError(UnsafeBufferPointer(start: output + 1, count: a.count), a, floor: 1) < 1e-5)
        }
    }

    @Test(arguments: [[9], [5, 7], [3, 4, 5]])
    func cosineTransformMatchesItsDefinition(dims: [Int]) {
        let n = dims.reduce(1, *)
        var rng = RandomStream(seed: 12)
        var x = (0..<n).map { _ in rng.normal() }
        let input = x
        x.withUnsafeMutableBufferPointer { CosineTransform<Double>(dims: dims).apply($0.baseAddress!, $0.baseAddress!) }
        // Separable REDFT00: weights 1 at the two ends, 2 inside.
        let strides = Tensor.strides(of: dims)
        for jf in 0..<n {
            let j = (0..<dims.count).map { (jf / strides[$0]) % dims[$0] }
            var s = 0.0
            for kf in 0..<n {
                var term = input[kf]
                for a in 0..<dims.count {
                    let k = (kf / strides[a]) % dims[a]
                    let w = (k == 0 || k == dims[a] - 1) ? 1.0 : 2.0
                    term *= w * cos(Double.pi * Double(j[a] * k) / Double(dims[a] - 1))
                }
                s += term
            }
            #expect(abs(x[jf] - s) < 1e-10 * Double(n))
        }
    }
}
