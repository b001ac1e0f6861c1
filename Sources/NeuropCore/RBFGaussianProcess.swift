import CLAPACK
import Foundation

/// Samples of a zero-mean Gaussian process with the squared-exponential (RBF) kernel
/// `k(x, x') = σ² exp(−(x − x')² / (2ℓ²))` at fixed points: DeepONet's input functions
/// (Lu et al. 2021: ℓ = 0.2 on [0, 1]).
///
/// The kernel matrix is factorised once as `K = V Λ Vᵀ` (LAPACK `dsyevd`); a sample is
/// `V Λ^{1/2} ξ`. Unlike a Cholesky factor this needs no jitter: the RBF matrix is numerically
/// singular for closely spaced points, and its tiny negative rounding eigenvalues are clipped to 0.
public struct RBFGaussianProcess: Sendable {
    public let points: [Double]
    public let lengthScale: Double
    public let variance: Double
    /// `V Λ^{1/2}`, row-major `n × n`.
    private let factor: [Double]

    public init(points: [Double], lengthScale: Double, variance: Double = 1) {
        precondition(!points.isEmpty, "an RBF Gaussian process needs at least one point")
        precondition(lengthScale > 0 && variance > 0, "need length scale > 0 and variance > 0")
        self.points = points
        self.lengthScale = lengthScale
        self.variance = variance
        let n = points.count
        var k = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let d = points[i] - points[j]
                k[i * n + j] = variance * exp(-d * d / (2 * lengthScale * lengthScale))
            }
        }
        var eigenvalues = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                                  Int32(n), &k, Int32(n), &eigenvalues)
        precondition(info == 0, "LAPACK dsyevd failed (info \(info)) on the RBF kernel matrix")
        // Columns of k are eigenvectors; scale column j by √max(λ_j, 0).
        for j in 0..<n {
            let s = max(eigenvalues[j], 0).squareRoot()
            for i in 0..<n { k[i * n + j] *= s }
        }
        factor = k
    }

    /// The exact kernel value between two points.
    public func kernel(_ x: Double, _ y: Double) -> Double {
        variance * exp(-(x - y) * (x - y) / (2 * lengthScale * lengthScale))
    }

    /// One sample at `points`.
    public func sample(using rng: inout RandomStream) -> [Double] {
        let n = points.count
        var xi = [Double](repeating: 0, count: n)
        xi.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
        var out = [Double](repeating: 0, count: n)
        factor.withUnsafeBufferPointer { f in
            xi.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { o in
                    BLAS.gemm(m: n, n: 1, k: n, a: f.baseAddress!, b: x.baseAddress!, c: o.baseAddress!)
                }
            }
        }
        return out
    }
}
