import CLAPACK
import NeuropCore

/// Per-mode complex matrix products (OpenBLAS `cblas_cgemm`), one small GEMM per kept mode.
///
/// Operands are mode-major, interleaved complex: mode `k`'s matrix starts `k · stride` complex
/// values in. Modes run in parallel on `ThreadPool.shared` while each product is small enough
/// for OpenBLAS to run it on one thread (m·n·k ≤ 2¹⁸, OpenBLAS's threshold); larger products run
/// one after another and OpenBLAS threads each, so the two thread pools never compete.
enum ModeMixing {
    enum Operation {
        case none, transpose, conjugateTranspose
        var cblas: CBLAS_TRANSPOSE {
            switch self {
            case .none: return CblasNoTrans
            case .transpose: return CblasTrans
            case .conjugateTranspose: return CblasConjTrans
            }
        }
    }

    struct Operand {
        var pointer: UnsafePointer<Float>
        /// Complex values between consecutive modes' matrices.
        var stride: Int
        var leadingDimension: Int
        var operation: Operation = .none
    }

    /// `C_k = α_k op(A_k) op(B_k)` for `k` in `0..<count`; `op(A_k)` is `m × inner`, `op(B_k)`
    /// is `inner × n`, `C_k` is `m × n` row-major with leading dimension `n`, `m·n` apart.
    static func multiply(count: Int, m: Int, n: Int, inner: Int, alpha: @escaping (Int) -> Float,
                         _ a: Operand, _ b: Operand, into c: UnsafeMutablePointer<Float>) {
        let body = { (k: Int) in
            var al: (Float, Float) = (alpha(k), 0)
            var beta: (Float, Float) = (0, 0)
            withUnsafePointer(to: &al) { alp in
                withUnsafePointer(to: &beta) { bp in
                    cblas_cgemm(CblasRowMajor, a.operation.cblas, b.operation.cblas,
                                Int32(m), Int32(n), Int32(inner), alp,
                                a.pointer + 2 * k * a.stride, Int32(a.leadingDimension),
                                b.pointer + 2 * k * b.stride, Int32(b.leadingDimension),
                                bp, c + 2 * k * m * n, Int32(n))
                }
            }
        }
        if m * n * inner > 1 << 18 {
            for k in 0..<count { body(k) }
            return
        }
        let pool = ThreadPool.shared
        let chunks = min(count, pool.threadCount * 4)
        let size = (count + chunks - 1) / chunks
        pool.parallelFor(chunks) { ch in
            var k = ch * size
            while k < min(count, (ch + 1) * size) {
                body(k)
                k += 1
            }
        }
    }
}
