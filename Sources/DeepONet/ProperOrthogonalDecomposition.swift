import CLAPACK
import NeuropCore

/// The POD basis of a set of output functions on a fixed grid, the trunk of a POD-DeepONet
/// (Lu et al. 2022, "A comprehensive and fair comparison of two neural operators", sec. 2.2.2).
///
/// For n training outputs u_i sampled at N points (rows of Y `[n, N]`), the mean ū = (1/n) Σ u_i
/// and the thin SVD `Y − 1ūᵀ = U Σ Vᵀ` (LAPACK `dgesdd`, in double precision); the basis is the p
/// leading right singular vectors scaled by √N, φ_k = √N V[:, k], so that each has unit root-mean-
/// square value and the branch's coefficients stay O(1) whatever the grid. The p modes capture the
/// fraction `captured` of the variance, Σ_{k<p} σ_k² / Σ σ_k².
public struct ProperOrthogonalDecomposition {
    /// ū, `[N]`.
    public let mean: [Float]
    /// φ_k(y_j) at `basis[j · p + k]`, `[N, p]`.
    public let basis: [Float]
    public let modes: Int
    public let captured: Double

    /// Throws when p exceeds what n samples of N points can give (min(n, N)) or LAPACK fails.
    public init(rows: Int, columns: Int, values: [Float], modes: Int) throws {
        let (n, points) = (rows, columns)
        guard modes >= 1 && modes <= min(n, points) else {
            throw DeepONetConfigurationError.invalid(
                "a POD basis of \(modes) modes needs at least as many training outputs and grid points, got \(n) outputs of \(points) points")
        }
        precondition(values.count == n * points, "\(values.count) values for \(n) × \(points)")
        var mean = [Double](repeating: 0, count: points)
        for i in 0..<n { for j in 0..<points { mean[j] += Double(values[i * points + j]) } }
        for j in 0..<points { mean[j] /= Double(n) }
        var a = [Double](repeating: 0, count: n * points)
        for i in 0..<n { for j in 0..<points { a[i * points + j] = Double(values[i * points + j]) - mean[j] } }
        let k = min(n, points)
        var s = [Double](repeating: 0, count: k), u = [Double](repeating: 0, count: n * k), vt = [Double](repeating: 0, count: k * points)
        let info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(n), Int32(points), &a, Int32(points),
                                  &s, &u, Int32(k), &vt, Int32(points))
        guard info == 0 else {
            throw DeepONetConfigurationError.invalid("the SVD of the training outputs failed (LAPACK dgesdd info \(info))")
        }
        let scale = Double(points).squareRoot()
        var basis = [Float](repeating: 0, count: points * modes)
        for m in 0..<modes { for j in 0..<points { basis[j * modes + m] = Float(scale * vt[m * points + j]) } }
        let total = s.reduce(0) { $0 + $1 * $1 }
        self.mean = mean.map(Float.init)
        self.basis = basis
        self.modes = modes
        captured = total > 0 ? s.prefix(modes).reduce(0) { $0 + $1 * $1 } / total : 1
    }
}
