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
}
