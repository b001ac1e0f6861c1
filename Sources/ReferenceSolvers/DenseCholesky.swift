import CLAPACK

/// A dense Cholesky factorisation `A = L Lᵀ` (LAPACK dpotrf/dpotrs) of a symmetric positive
/// definite matrix: the multigrid coarsest-level solver.
public struct DenseCholesky: Sendable {
    public let order: Int
    /// Row-major storage; the lower triangle holds L.
    private let factor: [Double]

    /// Factorises the row-major `order × order` matrix; nil when it is not positive definite.
    public init?(matrix: [Double], order: Int) {
        precondition(matrix.count == order * order, "matrix has \(matrix.count) entries, expected \(order)²")
        var a = matrix
        let info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(order), &a, Int32(order))
        guard info == 0 else { return nil }
        self.order = order
        self.factor = a
    }

    /// Solves A x = b.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == order)
        var x = b
        var l = factor
        let info = LAPACKE_dpotrs(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(order), 1, &l, Int32(order), &x, 1)
        precondition(info == 0, "dpotrs failed with info \(info)")
        return x
    }
}
