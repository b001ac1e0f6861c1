/// A symmetric 5-point operator on the n×n interior nodes, stored as three arrays: the diagonal,
/// the coupling to the west neighbour (i, j−1) and to the south neighbour (i−1, j), each indexed
/// by the interior node q = (i−1)·n + (j−1). Symmetry gives the rest: node q's east coupling is
/// node q+1's west one, its north coupling node q+n's south one. Each array carries n+1 trailing
/// zeros so that the last row and column may look one node past the end.
///
/// Reads 24 bytes a node where the 9-point form reads 72: the fine multigrid level's apply and
/// Gauss–Seidel sweeps are limited by memory traffic, not arithmetic.
struct FivePointStencil: @unchecked Sendable {
    let n: Int
    let width: Int
    let diagonal: UnsafeMutablePointer<Double>
    let west: UnsafeMutablePointer<Double>
    let south: UnsafeMutablePointer<Double>
    private let storage: Storage

    /// Owns the three arrays (a struct holding raw pointers must not free them itself).
    private final class Storage {
        let pointer: UnsafeMutablePointer<Double>
        init(count: Int) {
            pointer = .allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
        }
        deinit { pointer.deallocate() }
    }

    /// The compact form of a 9-point `coefficients` array, or nil when it has corner couplings or
    /// is not exactly symmetric.
    init?(n: Int, coefficients c: [Double]) {
        for q in 0..<(n * n) {
            let base = q * 9, (i, j) = (q / n, q % n)
            guard c[base] == 0, c[base + 2] == 0, c[base + 6] == 0, c[base + 8] == 0 else { return nil }
            if j + 1 < n, c[base + 5] != c[(q + 1) * 9 + 3] { return nil }
            if i + 1 < n, c[base + 7] != c[(q + n) * 9 + 1] { return nil }
        }
        let count = n * n + n + 1
        storage = Storage(count: 3 * count)
        self.n = n
        width = n + 2
        diagonal = storage.pointer
        west = storage.pointer + count
        south = storage.pointer + 2 * count
        for q in 0..<(n * n) {
            diagonal[q] = c[q * 9 + 4]
            west[q] = c[q * 9 + 3]
            south[q] = c[q * 9 + 1]
        }
    }

    /// (A x) at interior node (row + 1, column) of the padded vector x, whose boundary ring is zero
    /// (the couplings of the last column and row to it multiply those zeros).
    @inline(__always)
    func apply(row r: Int, column j: Int, _ x: UnsafePointer<Double>) -> Double {
        let q = r * n + j - 1, p = (r + 1) * width + j
        return diagonal[q] * x[p] + west[q] * x[p - 1] + west[q + 1] * x[p + 1]
            + south[q] * x[p - width] + south[q + n] * x[p + width]
    }

    /// The Gauss–Seidel update of node (row + 1, column): (b − Σ off-diagonal couplings · x) / diagonal.
    @inline(__always)
    func relaxed(row r: Int, column j: Int, _ x: UnsafePointer<Double>, _ b: Double) -> Double {
        let q = r * n + j - 1, p = (r + 1) * width + j
        let off = west[q] * x[p - 1] + west[q + 1] * x[p + 1] + south[q] * x[p - width] + south[q + n] * x[p + width]
        return (b - off) / diagonal[q]
    }
}
