import CLAPACK

/// Matrix products on OpenBLAS (`cblas_sgemm`, `cblas_dgemm`).
///
/// Row-major throughout: an `m × k` matrix is `m` rows of `k` contiguous elements.
public enum BLAS {
    /// `C ← α op(A) op(B) + β C` for row-major Float32 matrices, `op(A)` being `m × k` and
    /// `op(B)` `k × n`. Leading dimensions default to the packed ones.
    @inlinable public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int? = nil,
        b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda ?? (transposeA ? m : k)),
                    b, Int32(ldb ?? (transposeB ? k : n)),
                    beta, c, Int32(ldc ?? n))
    }

    /// Float64 version of `gemm`.
    @inlinable public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int, alpha: Double = 1,
        a: UnsafePointer<Double>, lda: Int? = nil,
        b: UnsafePointer<Double>, ldb: Int? = nil,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int? = nil
    ) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda ?? (transposeA ? m : k)),
                    b, Int32(ldb ?? (transposeB ? k : n)),
                    beta, c, Int32(ldc ?? n))
    }

    /// Sets OpenBLAS's own thread count (it is separate from `ThreadPool`).
    public static func setThreads(_ n: Int) { neurop_openblas_set_threads(Int32(n)) }
    public static var threads: Int { Int(neurop_openblas_threads()) }

    /// Multiply-adds (m·n·k) below which `Tensor.matmul` runs a GEMM on one OpenBLAS thread.
    ///
    /// OpenBLAS splits a GEMM over its threads from m·n·k = 2¹⁸ on. On 2 cores shared with other
    /// processes that split loses badly for small products: a DeepONet step of 100 × 100 · 100 × 40
    /// GEMMs measured 0.45 ms on one thread and 3–24 ms on two under a load of 6, and its 0.4 M
    /// multiply-adds take ~15 µs on one core, less than waking a second thread gains. Products
    /// of ≥ 2²¹ (an FNO layer's 131072 × 32 · 32 × 32 is 2²⁷) keep OpenBLAS's own threading.
    public static let singleThreadedWork = 1 << 21

    /// Runs `body` with OpenBLAS on one thread when the product has fewer than
    /// `singleThreadedWork` multiply-adds and OpenBLAS is set to more; restores the setting after.
    @inlinable public static func sized<R>(work: Int, _ body: () -> R) -> R {
        guard work < singleThreadedWork else { return body() }
        let saved = threads
        guard saved > 1 else { return body() }
        setThreads(1)
        defer { setThreads(saved) }
        return body()
    }
}

extension Tensor {
    /// Matrix product of the last two axes, batched over leading axes. Small products run on one
    /// OpenBLAS thread (`BLAS.sized`).
    ///
    /// Shapes: `[m, k] · [k, n] → [m, n]`; `[B…, m, k] · [B…, k, n] → [B…, m, n]`; and
    /// `[B…, m, k] · [k, n]` applies one right-hand matrix to every batch element (a single GEMM).
    /// `transposeA`/`transposeB` transpose the last two axes of the operand before multiplying.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs rank ≥ 2 operands, got \(a.shape) and \(b.shape)")
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (kb, n) = transposeB ? (bc, br) : (br, bc)
        precondition(k == kb, "matmul inner extents differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let batchA = Array(a.shape.dropLast(2))
        let batchB = Array(b.shape.dropLast(2))
        let batch = batchA.reduce(1, *)
        if b.rank == 2 && !transposeA {
            // One GEMM with the batch folded into the rows of A.
            let result = Tensor(uninitializedShape: batchA + [m, n])
            BLAS.sized(work: batch * m * n * k) {
                BLAS.gemm(transposeB: transposeB, m: batch * m, n: n, k: k,
                          a: a.storage.pointer, b: b.storage.pointer, c: result.storage.pointer)
            }
            return result
        }
        precondition(batchA == batchB || batchB.isEmpty,
                     "matmul batch axes differ: \(a.shape) · \(b.shape)")
        let result = Tensor(uninitializedShape: batchA + [m, n])
        let strideB = batchB.isEmpty ? 0 : br * bc
        BLAS.sized(work: m * n * k) {
            for i in 0..<batch {
                BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                          a: a.storage.pointer + i * ar * ac, b: b.storage.pointer + i * strideB,
                          c: result.storage.pointer + i * m * n)
            }
        }
        return result
    }
}
