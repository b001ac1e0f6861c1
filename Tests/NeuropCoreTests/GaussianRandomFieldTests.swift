import Foundation
import NeuropCore
import NeuropTestSupport
import Testing

/// Sampled spectra and covariances against the theory of each sampler.
@Suite struct GaussianRandomFieldTests {
    /// Periodic GRF: E|FFT(u)_k|² / N² = s_k² for every mode, checked within 5 standard errors of
    /// the sample mean (|FFT(u)_k|²/(N² s_k²) is Exp(1) for complex modes, χ²₁ for real ones).
    @Test(arguments: [[32], [16, 12]])
    func periodicSpectrumMatchesTheory(shape: [Int]) {
        let grf = GaussianRandomField(shape: shape, alpha: 2.5, tau: 7, sigma: 49, boundary: .periodic)
        let samples = 600
        let fft = RealFFT<Double>(dims: shape, batch: 1, threads: 1)
        let n = Double(grf.pointCount)
        var power = [Double](repeating: 0, count: fft.complexCount)
        var spec = [Double](repeating: 0, count: 2 * fft.complexCount)
        for i in 0..<samples {
            var rng = RandomStream(seed: 11, stream: UInt64(i))
            let u = grf.sample(using: &rng)
            u.withUnsafeBufferPointer { up in spec.withUnsafeMutableBufferPointer { fft.forward(up.baseAddress!, $0.baseAddress!) } }
            for m in 0..<fft.complexCount { power[m] += (spec[2 * m] * spec[2 * m] + spec[2 * m + 1] * spec[2 * m + 1]) / (n * n) }
        }
        let half = Array(shape.dropLast()) + [shape.last! / 2 + 1]
        let strides = Tensor.strides(of: half)
        var checked = 0
        for m in 0..<fft.complexCount {
            let index = (0..<half.count).map { (m / strides[$0]) % half[$0] }
            let k = zip(index, shape).map { i, s in i <= s / 2 ? i : i - s }
            let expected = pow(grf.modeStandardDeviation(k), 2)
            if expected == 0 {
                #expect(power[m] / Double(samples) < 1e-20)  // the removed mean
                continue
            }
            // Real-valued modes (k = 0 or Nyquist on every axis) have variance 2, complex ones 1.
            let isReal = zip(index, shape).enumerated().allSatisfy { a, p in
                p.0 == 0 || (p.1 % 2 == 0 && ((a == shape.count - 1 && p.0 == p.1 / 2) || (a < shape.count - 1 && p.0 == p.1 / 2)))
            }
            let ratio = power[m] / Double(samples) / expected
            let se = (isReal ? 2.0 : 1.0).squareRoot() / Double(samples).squareRoot()
            #expect(abs(ratio - 1) < 5 * se, "mode \(k): ratio \(ratio)")
            checked += 1
        }
        #expect(checked > 10)
    }

    /// Neumann GRF: recover each cosine coefficient with the discrete orthogonality of cos(πjk/(n−1))
    /// on the node grid, and compare its sample variance with s_k² Π(2 for k_i > 0).
    @Test func neumannCoefficientVariancesMatchTheory() {
        let shape = [9, 7]
        let grf = GaussianRandomField(shape: shape, alpha: 2, tau: 3, sigma: 3, boundary: .neumann)
        let samples = 800
        var second = [Double](repeating: 0, count: 63)
        func project(_ u: [Double]) -> [Double] {
            // c_k = Π_axis (2/(n−1)) κ_k Σ_j'' u_j cos(π j k/(n−1)), '' halving j at the ends, κ halving k at the ends.
            var c = [Double](repeating: 0, count: 63)
            for k1 in 0..<9 {
                for k2 in 0..<7 {
                    var s = 0.0
                    for j1 in 0..<9 {
                        for j2 in 0..<7 {
                            let w = (j1 == 0 || j1 == 8 ? 0.5 : 1) * (j2 == 0 || j2 == 6 ? 0.5 : 1)
                            s += w * u[j1 * 7 + j2] * cos(Double.pi * Double(j1 * k1) / 8) * cos(Double.pi * Double(j2 * k2) / 6)
                        }
                    }
                    let kappa = (k1 == 0 || k1 == 8 ? 0.5 : 1) * (k2 == 0 || k2 == 6 ? 0.5 : 1)
                    c[k1 * 7 + k2] = s * kappa * (2.0 / 8) * (2.0 / 6)
                }
            }
            return c
        }
        for i in 0..<samples {
            var rng = RandomStream(seed: 21, stream: UInt64(i))
            let c = project(grf.sample(using: &rng))
            for m in 0..<63 { second[m] += c[m] * c[m] }
        }
        for k1 in 0..<9 {
            for k2 in 0..<7 {
                let s = grf.modeStandardDeviation([k1, k2])
                let variance = s * s * (k1 > 0 ? 2 : 1) * (k2 > 0 ? 2 : 1)
                let m = k1 * 7 + k2
                if variance == 0 {
                    #expect(second[m] / Double(samples) < 1e-20)
                    continue
                }
                let ratio = second[m] / Double(samples) / variance
                #expect(abs(ratio - 1) < 5 * (2.0 / Double(samples)).squareRoot(), "mode (\(k1), \(k2)): \(ratio)")
            }
        }
    }

    /// RBF process: the sample covariance matches the kernel within 5 standard errors entrywise.
    @Test func rbfCovarianceMatchesKernel() {
        let points = (0..<20).map { Double($0) / 19 }
        let gp = RBFGaussianProcess(points: points, lengthScale: 0.2, variance: 1.5)
        let samples = 4000
        var cov = [Double](repeating: 0, count: 400)
        for i in 0..<samples {
            var rng = RandomStream(seed: 4, stream: UInt64(i))
            let v = gp.sample(using: &rng)
            for a in 0..<20 { for b in 0..<20 { cov[a * 20 + b] += v[a] * v[b] } }
        }
        for a in 0..<20 {
            for b in 0..<20 {
                let k = gp.kernel(points[a], points[b])
                // Var(v_a v_b) = k_aa k_bb + k_ab² for a Gaussian pair.
                let se = ((gp.kernel(points[a], points[a]) * gp.kernel(points[b], points[b]) + k * k) / Double(samples)).squareRoot()
                #expect(abs(cov[a * 20 + b] / Double(samples) - k) < 5 * se)
            }
        }
    }

    /// GRF samples drawn in parallel are bit-identical whatever the thread count.
    @Test func parallelSamplingIsBitIdenticalAcrossThreadCounts() {
        let grf = GaussianRandomField(shape: [33, 33], alpha: 2, tau: 3, sigma: 3, boundary: .neumann)
        func draw(_ pool: ThreadPool) -> [Double] {
            var all = [Double](repeating: 0, count: 16 * grf.pointCount)
            all.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                pool.parallelFor(16) { i in
                    var rng = RandomStream(seed: 77, stream: UInt64(i))
                    grf.sample(into: base + i * grf.pointCount, using: &rng)
                }
            }
            return all
        }
        let one = draw(ThreadPool(threads: 1))
        #expect(one == draw(ThreadPool(threads: 2)))
        #expect(one == draw(ThreadPool(threads: 5)))
    }
}
