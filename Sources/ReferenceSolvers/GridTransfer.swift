import NeuropCore

/// Bilinear prolongation P and its transpose (full-weighting restriction, unscaled) between
/// node grids with zero Dirichlet boundary, for any interior count n.
///
/// The coarse grid has n_c = ⌊n/2⌋ interior nodes per axis; coarse node I coincides with fine
/// node 2I. In 1-D, `P[i, I] = 1` if i = 2I, `1/2` if |i − 2I| = 1, else 0; in 2-D P = P₁ ⊗ P₁.
/// For odd n (s odd, e.g. 2^k+1, 85, 141, 421) this is standard vertex-centred coarsening
/// s → (s+1)/2. For even n the last coarse node sits one fine cell inside the boundary and the
/// last fine node is injected from it; the Galerkin operator `PᵀAP` stays the exact restriction of A
/// to the coarse space, so the V-cycle is still a valid (slightly less effective) preconditioner.
///
/// Every loop runs over rows of its output in parallel on `ThreadPool.shared` (each row is written
/// by one task, so results do not depend on the thread count); grids below `parallelRows` rows
/// run serially, where a dispatch costs more than it saves.
public enum GridTransfer {
    static let parallelRows = 64

    @inline(__always)
    static func forEachRow(_ count: Int, _ body: @escaping (Int) -> Void) {
        if count >= parallelRows { ThreadPool.shared.parallelFor(count, body) } else { for r in 0..<count { body(r) } }
    }

    /// Interior nodes per axis on the next coarser grid.
    public static func coarseCount(_ n: Int) -> Int { n / 2 }

    /// Coarse nodes K (1…n_c) with P₁[i, K] ≠ 0 for fine node i, and the weights.
    @inline(__always)
    static func parents(_ i: Int, coarse nc: Int) -> (k: (Int, Int), w: (Double, Double)) {
        let (k0, k1, w0, w1) = i % 2 == 0 ? (i / 2, i / 2, 1.0, 0.0) : ((i - 1) / 2, (i + 1) / 2, 0.5, 0.5)
        return ((k0, k1), ((1...nc).contains(k0) ? w0 : 0, (1...nc).contains(k1) ? w1 : 0))
    }

    /// Pᵀ r: the coarse padded vector (width ⌊n/2⌋+2) from a fine padded vector (width n+2),
    /// written over `coarse`, whose boundary ring must already be zero.
    public static func restrict(_ fine: [Double], n: Int, into coarse: inout [Double]) {
        let nc = coarseCount(n), w = n + 2, wc = nc + 2
        precondition(fine.count == w * w && coarse.count == wc * wc, "restrict: vectors of \(fine.count) and \(coarse.count) values for n = \(n)")
        let weight = [0.5, 1.0, 0.5]
        fine.withUnsafeBufferPointer { f in
            coarse.withUnsafeMutableBufferPointer { cp in
                let f = f.baseAddress!, out = cp.baseAddress!
                forEachRow(nc) { r in
                    let I = r + 1
                    for J in 1...nc {
                        var acc = 0.0
                        for di in -1...1 {
                            for dj in -1...1 {
                                acc += weight[di + 1] * weight[dj + 1] * f[(2 * I + di) * w + 2 * J + dj]
                            }
                        }
                        out[I * wc + J] = acc
                    }
                }
            }
        }
    }

    /// x += P e: adds the prolongated coarse correction to a fine padded vector.
    public static func prolongateAdd(_ coarse: [Double], into fine: inout [Double], n: Int) {
        let nc = coarseCount(n), w = n + 2, wc = nc + 2
        // Coarse boundary entries (index 0 and nc+1) are zero, so reading them is harmless.
        coarse.withUnsafeBufferPointer { cp in
            fine.withUnsafeMutableBufferPointer { fp in
                let coarse = cp.baseAddress!, fine = fp.baseAddress!
                forEachRow(n) { r in
                    let i = r + 1
                    let (i0, i1, wi0, wi1) = i % 2 == 0 ? (i / 2, i / 2, 1.0, 0.0) : ((i - 1) / 2, (i + 1) / 2, 0.5, 0.5)
                    for j in 1...n {
                        let (j0, j1, wj0, wj1) = j % 2 == 0 ? (j / 2, j / 2, 1.0, 0.0) : ((j - 1) / 2, (j + 1) / 2, 0.5, 0.5)
                        fine[i * w + j] += wi0 * (wj0 * coarse[i0 * wc + j0] + wj1 * coarse[i0 * wc + j1])
                            + wi1 * (wj0 * coarse[i1 * wc + j0] + wj1 * coarse[i1 * wc + j1])
                    }
                }
            }
        }
    }

    /// The Galerkin coarse operator `A_c = PᵀAP` (9-point for a 9-point A).
    public static func galerkin(_ a: StencilOperator) -> StencilOperator {
        let n = a.n, nc = coarseCount(n)
        precondition(nc >= 1, "cannot coarsen a grid with \(n) interior nodes")
        var c = [Double](repeating: 0, count: nc * nc * 9)
        @inline(__always) func weight(_ d: Int) -> Double { d == 0 ? 1 : 0.5 }
        a.coefficients.withUnsafeBufferPointer { ap in
        c.withUnsafeMutableBufferPointer { cp in
        let fineCoefficients = ap.baseAddress!, c = cp.baseAddress!
        forEachRow(nc) { r in
            let I = r + 1
            for J in 1...nc {
                let rowBase = ((I - 1) * nc + (J - 1)) * 9
                for di in -1...1 {
                    for dj in -1...1 {
                        let fi = 2 * I + di, fj = 2 * J + dj
                        guard fi <= n, fj <= n else { continue }
                        let wf = weight(di) * weight(dj)
                        let fineBase = ((fi - 1) * n + (fj - 1)) * 9
                        for ei in -1...1 {
                            for ej in -1...1 {
                                let gi = fi + ei, gj = fj + ej
                                guard gi >= 1, gi <= n, gj >= 1, gj <= n else { continue }
                                let entry = fineCoefficients[fineBase + (ei + 1) * 3 + (ej + 1)]
                                if entry == 0 { continue }
                                let pi = parents(gi, coarse: nc), pj = parents(gj, coarse: nc)
                                for x in 0..<2 {
                                    let (K, wk) = x == 0 ? (pi.k.0, pi.w.0) : (pi.k.1, pi.w.1)
                                    if wk == 0 { continue }
                                    for y in 0..<2 {
                                        let (L, wl) = y == 0 ? (pj.k.0, pj.w.0) : (pj.k.1, pj.w.1)
                                        if wl == 0 { continue }
                                        c[rowBase + (K - I + 1) * 3 + (L - J + 1)] += wf * entry * wk * wl
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        }
        }
        return StencilOperator(n: nc, coefficients: c)
    }
}
