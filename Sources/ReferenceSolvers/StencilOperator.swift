/// A symmetric 9-point stencil operator on the n×n interior nodes of a node grid with zero
/// Dirichlet boundary: the common form of every multigrid level (the fine 5-point Darcy operator
/// and its Galerkin coarsenings `PᵀAP`, which are 9-point).
///
/// Vectors are *padded*: (n+2)² values, the full node grid including the boundary ring, which
/// must hold zeros. Interior node (i, j), 1 ≤ i, j ≤ n, is at `i·(n+2) + j`. The coefficient of
/// node (i, j) on neighbour (i+di, j+dj) is `coefficients[((i−1)·n + (j−1))·9 + (di+1)·3 + (dj+1)]`;
/// couplings to boundary nodes are stored but multiply zeros.
///
/// A symmetric operator without corner couplings (the fine Darcy level) is also kept as a
/// `FivePointStencil` — 3 numbers a node instead of 9 — which `apply` and `gaussSeidel` use: on the
/// fine level they are bound by memory traffic, so they run about as much faster as they read less.
public struct StencilOperator: Sendable {
    /// Interior nodes per axis.
    public let n: Int
    public let coefficients: [Double]
    /// The same operator in compact form, when it is symmetric and 5-point.
    let fivePoint: FivePointStencil?

    public init(n: Int, coefficients: [Double]) {
        precondition(n >= 1 && coefficients.count == n * n * 9, "need n ≥ 1 and n²·9 coefficients")
        self.n = n
        self.coefficients = coefficients
        fivePoint = FivePointStencil(n: n, coefficients: coefficients)
    }

    /// Padded width n + 2.
    public var width: Int { n + 2 }
    /// Length of a padded vector, (n+2)².
    public var paddedCount: Int { width * width }

    @inline(__always) func stencilOffsets() -> [Int] {
        let w = width
        return [-w - 1, -w, -w + 1, -1, 0, 1, w - 1, w, w + 1]
    }

    /// y = A x on the interior; the boundary ring of y is set to zero.
    public func apply(_ x: [Double], into y: inout [Double]) {
        product(x, into: &y, subtractedFrom: nil)
    }

    /// r = b − A x (one pass: the fine-level residual is bound by memory traffic).
    public func residual(_ x: [Double], _ b: [Double], into r: inout [Double]) {
        precondition(b.count == paddedCount)
        b.withUnsafeBufferPointer { product(x, into: &r, subtractedFrom: $0.baseAddress!) }
    }

    /// y = A x, or y = b − A x when `b` is given, row by row in parallel; boundary ring zero.
    private func product(_ x: [Double], into y: inout [Double], subtractedFrom b: UnsafePointer<Double>?) {
        precondition(x.count == paddedCount && y.count == paddedCount)
        let n = self.n, w = width, offsets = stencilOffsets(), fivePoint = self.fivePoint
        coefficients.withUnsafeBufferPointer { c in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    let c = c.baseAddress!, xb = xp.baseAddress!, yb = yp.baseAddress!
                    GridTransfer.forEachRow(n) { r in
                        let row = yb + (r + 1) * w
                        if let fivePoint {
                            for j in 1...n { row[j] = fivePoint.apply(row: r, column: j, xb) }
                        } else {
                            for j in 1...n {
                                let p = (r + 1) * w + j, s = c + (r * n + j - 1) * 9
                                var acc = 0.0
                                for k in 0..<9 { acc += s[k] * xb[p + offsets[k]] }
                                row[j] = acc
                            }
                        }
                        if let b {
                            let bRow = b + (r + 1) * w
                            for j in 1...n { row[j] = bRow[j] - row[j] }
                        }
                    }
                }
            }
        }
        Self.zeroBoundary(&y, width: w)
    }

    /// One Gauss–Seidel sweep on A x = b, lexicographic within strips of `stripRows` rows: the
    /// even-numbered strips first, then the odd ones; `reverse` runs the exact reverse order (odd
    /// strips, then even, each bottom-right to top-left). A forward sweep before and a backward
    /// sweep after the coarse correction make the V-cycle a symmetric preconditioner.
    ///
    /// The 9-point stencil couples a row only to its two neighbours, so strips of one parity are
    /// independent: they are relaxed in parallel, and the result does not depend on the thread
    /// count. Only the rows at strip edges see an order other than lexicographic, so the smoothing
    /// stays that of lexicographic Gauss–Seidel (zebra lines or four colours measured worse here:
    /// V(2,2) contraction 0.20–0.23 against ≤ 0.2 at s = 129).
    public func gaussSeidel(_ x: inout [Double], _ b: [Double], reverse: Bool) {
        let n = self.n, w = width, offsets = stencilOffsets()
        let stripRows = StencilOperator.stripRows
        let strips = (n + stripRows - 1) / stripRows
        coefficients.withUnsafeBufferPointer { c in
            b.withUnsafeBufferPointer { bp in
                x.withUnsafeMutableBufferPointer { xp in
                    let c = c.baseAddress!, bb = bp.baseAddress!, xb = xp.baseAddress!
                    let compact = fivePoint
                    @inline(__always) func relax(_ i: Int, _ j: Int) {
                        let p = i * w + j
                        if let compact {
                            xb[p] = compact.relaxed(row: i - 1, column: j, xb, bb[p])
                            return
                        }
                        let s = c + ((i - 1) * n + j - 1) * 9
                        var acc = bb[p]
                        for k in 0..<9 where k != 4 { acc -= s[k] * xb[p + offsets[k]] }
                        xb[p] = acc / s[4]
                    }
                    func relaxStrip(_ k: Int) {
                        let top = 1 + k * stripRows, bottom = min(n, top + stripRows - 1)
                        if reverse {
                            for i in stride(from: bottom, through: top, by: -1) {
                                for j in stride(from: n, through: 1, by: -1) { relax(i, j) }
                            }
                        } else {
                            for i in top...bottom { for j in 1...n { relax(i, j) } }
                        }
                    }
                    for parity in reverse ? [1, 0] : [0, 1] {
                        let count = (strips - parity + 1) / 2
                        if strips >= 4 {
                            ThreadPool.shared.parallelFor(count) { r in relaxStrip(parity + 2 * r) }
                        } else {
                            for r in 0..<count { relaxStrip(parity + 2 * r) }
                        }
                    }
                }
            }
        }
    }

    /// Rows per Gauss–Seidel strip: a constant, so that the sweep order (and the result) depends
    /// only on n, never on the thread count.
    static let stripRows = 16

    /// The assembled matrix on the n² interior unknowns (row-major, unknown `(i−1)·n + (j−1)`).
    public func denseMatrix() -> [Double] {
        let m = n * n
        var a = [Double](repeating: 0, count: m * m)
        for i in 0..<n {
            for j in 0..<n {
                let row = i * n + j
                for di in -1...1 {
                    for dj in -1...1 {
                        let ii = i + di, jj = j + dj
                        guard ii >= 0, ii < n, jj >= 0, jj < n else { continue }
                        a[row * m + ii * n + jj] += coefficients[row * 9 + (di + 1) * 3 + (dj + 1)]
                    }
                }
            }
        }
        return a
    }

    static func zeroBoundary(_ v: inout [Double], width w: Int) {
        for j in 0..<w { v[j] = 0; v[(w - 1) * w + j] = 0 }
        for i in 0..<w { v[i * w] = 0; v[i * w + w - 1] = 0 }
    }
}

import NeuropCore
