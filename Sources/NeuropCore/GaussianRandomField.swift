import Foundation

/// Samples of the Gaussian random field `N(0, σ² (−Δ + τ² I)^(−α))` on the unit square/cube grid:
/// the input-function distribution of the FNO and PDEBench datasets.
///
/// Karhunen–Loève expansion in the eigenfunctions φ_k of −Δ on [0,1]^d with the chosen boundary:
/// `u(x) = Σ_k σ (λ_k + τ²)^(−α/2) ξ_k φ_k(x)`, ξ_k i.i.d. standard normal.
/// - `.periodic`: φ_k = e^{2πi k·x}, λ_k = 4π²|k|², on the grid `x_j = j/n`, `j = 0…n−1`
///   (frequencies `−n/2 ≤ k < n/2` per axis). Burgers: α = 2.5, τ = 7, σ = 49 (FNO); Navier–Stokes:
///   α = 2.5, τ = 7, σ = 7^{3/2}.
/// - `.neumann`: φ_k = Π_i c_{k_i} cos(π k_i x_i) with `c_0 = 1`, `c_k = √2` (orthonormal on [0,1]),
///   λ_k = π²|k|², on the node grid `x_j = j/(n−1)` that includes both boundaries
///   (`k = 0…n−1` per axis). FNO Darcy: α = 2, τ = 3, σ = τ^{α−1} = 3, then thresholded.
///
/// `zeroMean` drops the constant mode k = 0, as the FNO data scripts do. Sampling is exact for the
/// truncated expansion: one FFT (periodic) or DCT-I (Neumann) per sample, computed in Float64.
public struct GaussianRandomField: Sendable {
    public enum Boundary: String, Sendable, CaseIterable {
        case periodic, neumann
    }

    public let shape: [Int]
    public let alpha: Double
    public let tau: Double
    public let sigma: Double
    public let boundary: Boundary
    public let zeroMean: Bool
    /// σ (λ_k + τ²)^(−α/2) per mode, laid out as the transform's coefficients.
    private let spectrum: [Double]

    /// - Parameter shape: grid points per axis (1 to 3 axes; each ≥ 2).
    public init(shape: [Int], alpha: Double, tau: Double, sigma: Double = 1,
                boundary: Boundary, zeroMean: Bool = true) {
        precondition((1...3).contains(shape.count) && shape.allSatisfy { $0 >= 2 },
                     "a Gaussian random field needs 1–3 axes of at least 2 points, got \(shape)")
        precondition(alpha > 0 && tau >= 0 && sigma >= 0, "need α > 0, τ ≥ 0, σ ≥ 0")
        self.shape = shape
        self.alpha = alpha
        self.tau = tau
        self.sigma = sigma
        self.boundary = boundary
        self.zeroMean = zeroMean
        var s: [Double] = []
        switch boundary {
        case .periodic:
            let half = shape.dropLast() + [shape.last! / 2 + 1]
            let modes = Tensor.elementCount(Array(half))
            s.reserveCapacity(modes)
            GaussianRandomField.forEachIndex(Array(half)) { index in
                let k = zip(index, shape).map { i, n in Double(i <= n / 2 ? i : i - n) }
                s.append(GaussianRandomField.amplitude(k, scale: 2 * .pi, alpha, tau, sigma, zeroMean))
            }
        case .neumann:
            GaussianRandomField.forEachIndex(shape) { index in
                s.append(GaussianRandomField.amplitude(index.map(Double.init), scale: .pi, alpha, tau, sigma, zeroMean))
            }
        }
        spectrum = s
    }

    /// σ (scale²|k|² + τ²)^(−α/2), or 0 for k = 0 when the mean is removed.
    static func amplitude(_ k: [Double], scale: Double, _ alpha: Double, _ tau: Double, _ sigma: Double,
                          _ zeroMean: Bool) -> Double {
        let k2 = k.reduce(0) { $0 + $1 * $1 }
        if k2 == 0 && (zeroMean || tau == 0) { return 0 }
        return sigma * pow(scale * scale * k2 + tau * tau, -alpha / 2)
    }

    /// Standard deviation of the coefficient of eigenfunction `k` (per-axis frequencies; negative
    /// allowed for periodic fields): `σ (λ_k + τ²)^(−α/2)`.
    public func modeStandardDeviation(_ k: [Int]) -> Double {
        GaussianRandomField.amplitude(k.map(Double.init), scale: boundary == .periodic ? 2 * .pi : .pi,
                                      alpha, tau, sigma, zeroMean)
    }

    static func forEachIndex(_ extents: [Int], _ body: ([Int]) -> Void) {
        var index = [Int](repeating: 0, count: extents.count)
        let total = Tensor.elementCount(extents)
        for _ in 0..<total {
            body(index)
            advance(&index, within: extents)
        }
    }

    /// Number of grid points of one sample.
    public var pointCount: Int { Tensor.elementCount(shape) }

    /// One sample on the grid, row-major, drawn from `rng`.
    public func sample(using rng: inout RandomStream) -> [Double] {
        var out = [Double](repeating: 0, count: pointCount)
        out.withUnsafeMutableBufferPointer { sample(into: $0.baseAddress!, using: &rng) }
        return out
    }

    /// One sample written to `output` (`pointCount` values).
    public func sample(into output: UnsafeMutablePointer<Double>, using rng: inout RandomStream) {
        let n = pointCount
        switch boundary {
        case .periodic:
            // White noise → FFT → scale by the spectrum / √N → inverse FFT. The FFT of real noise
            // is Hermitian with E|ξ̂_k|² = N, so u = Σ_k s_k ξ̂_k/√N e^{2πik·x} has exactly the
            // target covariance, including the real-valued k = 0 and Nyquist modes.
            let fft = RealFFT<Double>(dims: shape, batch: 1, threads: 1)
            let noise = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let spec = UnsafeMutablePointer<Double>.allocate(capacity: 2 * fft.complexCount)
            defer {
                noise.deallocate()
                spec.deallocate()
            }
            rng.fillNormal(UnsafeMutableBufferPointer(start: noise, count: n))
            fft.forward(noise, spec)
            let norm = 1 / Double(n).squareRoot()
            for m in 0..<fft.complexCount {
                let f = spectrum[m] * norm
                spec[2 * m] *= f
                spec[2 * m + 1] *= f
            }
            fft.inverse(spec, output)
        case .neumann:
            // Coefficients c_k = s_k ξ_k Π(√2 for k_i > 0); the DCT-I sums c_k Π cos(π k_i j_i/(n_i−1))
            // once the interior coefficients are halved (it doubles them).
            for m in 0..<n { output[m] = spectrum[m] * rng.normal() }
            var m = 0
            GaussianRandomField.forEachIndex(shape) { index in
                var w = 1.0
                for (axis, k) in index.enumerated() {
                    if k > 0 { w *= 2.0.squareRoot() }
                    if k > 0 && k < shape[axis] - 1 { w *= 0.5 }
                }
                output[m] *= w
                m += 1
            }
            CosineTransform<Double>(dims: shape, batch: 1, threads: 1).apply(output, output)
        }
    }
}
