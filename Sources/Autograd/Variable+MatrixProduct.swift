import NeuropCore

extension Variable {
    /// Matrix product of the last two axes (see `Tensor.matmul`), with
    /// `dA = G Bᵀ` and `dB = Aᵀ G`; a right operand shared by the whole batch (rank 2) gets the
    /// batch-summed gradient from one GEMM over the folded batch.
    public static func matmul(_ a: Variable, _ b: Variable) -> Variable {
        let (x, y) = (a.value, b.value)
        let (needA, needB) = (a.isRecorded, b.isRecorded)
        return result(Tensor.matmul(x, y), [a, b]) { g in
            let da = needA ? Tensor.matmul(g, y, transposeB: true) : nil
            var db: Tensor?
            if needB {
                if y.rank == 2 {
                    let k = x.shape[x.rank - 1], n = g.shape[g.rank - 1]
                    db = Tensor.matmul(x.reshaped([-1, k]), g.reshaped([-1, n]), transposeA: true)
                } else {
                    db = Tensor.matmul(x, g, transposeA: true)
                }
            }
            return [da, db]
        }
    }

    /// The affine map `x · W + b` of rows x `[r, in]`, W `[in, out]`, b `[out]` as one recorded
    /// operation: the GEMM, then b added to each row in one pass. The same numbers as
    /// `matmul(x, w) + b` (same GEMM, same additions; gradients `G Wᵀ`, `xᵀ G` and the column
    /// sums of G, as `Tensor.sum(alongAxis: 0)`), without the broadcast addition's per-row index
    /// arithmetic and its second tape node — a tenth of a small DeepONet's training step.
    public static func affine(_ x: Variable, _ w: Variable, _ b: Variable) -> Variable {
        let (xv, wv, bv) = (x.value, w.value, b.value)
        precondition(xv.rank == 2 && wv.rank == 2 && bv.rank == 1 && xv.shape[1] == wv.shape[0] && bv.shape[0] == wv.shape[1],
                     "affine expects x [r, in], W [in, out], b [out], got \(xv.shape), \(wv.shape), \(bv.shape)")
        var y = Tensor.matmul(xv, wv)
        let (rows, out) = (xv.shape[0], wv.shape[1])
        y.withUnsafeMutableBufferPointer { yp in
            bv.withUnsafeBufferPointer { bp in
                let (dst, bias) = (yp.baseAddress!, bp.baseAddress!)
                ThreadPool.shared.parallelRanges(rows, grain: Swift.max(1, (1 << 15) / Swift.max(out, 1))) { range in
                    for r in range {
                        let row = dst + r * out
                        for j in 0..<out { row[j] = row[j] + bias[j] }
                    }
                }
            }
        }
        let (needX, needW, needB) = (x.isRecorded, w.isRecorded, b.isRecorded)
        return result(y, [x, w, b]) { g in
            [needX ? Tensor.matmul(g, wv, transposeB: true) : nil,
             needW ? Tensor.matmul(xv, g, transposeA: true) : nil,
             needB ? g.sum(alongAxis: 0) : nil]
        }
    }
}
