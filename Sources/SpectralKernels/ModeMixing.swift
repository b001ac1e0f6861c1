import CChannelKernels
import NeuropCore

/// Per-mode complex matrix products, one small product per kept mode (`neurop_complex_mix`).
///
/// Operands are mode-major, interleaved complex: mode `k`'s matrix starts `k · stride` complex
/// values in. Modes run in parallel on `ThreadPool.shared`; each mode's product is computed by one
/// thread in a fixed order, so the results are bitwise the same for every thread count.
enum ModeMixing {
    enum Operation {
        case none, transpose, conjugateTranspose
    }

    struct Operand {
        var pointer: UnsafePointer<Float>
        /// Complex values between consecutive modes' matrices.
        var stride: Int
        var leadingDimension: Int
        var operation: Operation = .none

        /// Mode k's `op(·)`, `inner × n`, as a real plane at `re` and an imaginary one right after it.
        func split(mode k: Int, inner: Int, n: Int, into re: UnsafeMutablePointer<Float>) {
            neurop_complex_planes(Int32(inner), Int32(n), pointer + 2 * k * stride, leadingDimension,
                                  operation == .none ? 0 : 1, operation == .conjugateTranspose ? 1 : 0, re, re + inner * n)
        }
    }

    /// The right operand: interleaved complex, or already split per mode into real and imaginary
    /// planes `[inner × n]` each (mode k's real plane `2k · inner · n` floats in, its imaginary
    /// plane right after) — the form `neurop_complex_mix` reads, prepared once for a weight that
    /// many products share.
    enum RightOperand {
        case interleaved(Operand)
        case planes(UnsafePointer<Float>)
    }

    /// The planes of `op(B_k)` for every k, `[count, 2, inner, n]` (see `RightOperand.planes`).
    static func planes(count: Int, inner: Int, n: Int, of b: Operand, into destination: UnsafeMutablePointer<Float>) {
        ThreadPool.shared.parallelFor(count) { k in
            b.split(mode: k, inner: inner, n: n, into: destination + 2 * k * inner * n)
        }
    }

    /// `C_k = α_k op(A_k) op(B_k)` (or `C_k += …` when `accumulate`) for `k` in `0..<count`;
    /// `op(A_k)` is `m × inner`, `op(B_k)` is `inner × n`, `C_k` is `m × n` row-major with
    /// leading dimension `n`, `m·n` apart.
    static func multiply(count: Int, m: Int, n: Int, inner: Int, alpha: @escaping (Int) -> Float,
                         _ a: Operand, _ b: RightOperand, into c: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        // op(A)[r, p] lies at complex offset r·rowStride + p·innerStride.
        let (rowStride, innerStride) = a.operation == .none ? (a.leadingDimension, 1) : (1, a.leadingDimension)
        let pool = ThreadPool.shared
        let chunks = min(count, pool.threadCount * 4)
        let size = (count + chunks - 1) / chunks
        pool.parallelFor(chunks) { ch in
            // Per-mode planes of an interleaved operand.
            let scratch: UnsafeMutablePointer<Float>? = if case .interleaved = b { .allocate(capacity: 2 * inner * n) } else { nil }
            defer { scratch?.deallocate() }
            for k in stride(from: ch * size, to: min(count, (ch + 1) * size), by: 1) {
                let re: UnsafePointer<Float>
                switch b {
                case .interleaved(let b):
                    b.split(mode: k, inner: inner, n: n, into: scratch!)
                    re = UnsafePointer(scratch!)
                case .planes(let p):
                    re = p + 2 * k * inner * n
                }
                neurop_complex_mix(Int32(m), Int32(n), Int32(inner), alpha(k), a.pointer + 2 * k * a.stride,
                                   rowStride, innerStride, a.operation == .conjugateTranspose ? 1 : 0,
                                   re, re + inner * n, c + 2 * k * m * n, accumulate ? 1 : 0)
            }
        }
    }
}
