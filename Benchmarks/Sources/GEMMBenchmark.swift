import CLAPACK
import NeuropCore

/// neurop's matrix product against the raw `cblas_sgemm` call writing into a preallocated matrix,
/// in GFLOP/s: the `BLAS.gemm` wrapper into a preallocated matrix too (`gemm-*`), and
/// `Tensor.matmul`, which allocates its result as users call it (`gemm-tensor-*`; the fresh 4 MB
/// result costs page faults the peer's warm buffer does not).
func runGEMM() {
    func compare(_ name: String, m: Int, k: Int, n: Int, rounds: Int, tensorLevel: Bool) {
        let a = Tensor(shape: [m, k], generator: { Float(($0 % 17) - 8) * 0.01 })
        let b = Tensor(shape: [k, n], generator: { Float(($0 % 13) - 6) * 0.01 })
        // Both sides write 64-byte aligned memory, as every Tensor is.
        let cStorage = TensorStorage<Float>(uninitializedCount: m * n)
        let c = cStorage.pointer
        var sink: Float = 0
        let outStorage = TensorStorage<Float>(uninitializedCount: m * n)
        let out = outStorage.pointer
        defer { withExtendedLifetime((cStorage, outStorage)) {} }
        let (tn, tp) = interleavedMedians(rounds: rounds, {
            if tensorLevel {
                let r = Tensor.matmul(a, b)
                sink += r[flat: 0]
            } else {
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        BLAS.gemm(m: m, n: n, k: k, a: ap.baseAddress!, b: bp.baseAddress!, c: out)
                    }
                }
                sink += out[0]
            }
        }, {
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                                ap.baseAddress, Int32(k), bp.baseAddress, Int32(n), 0, c, Int32(n))
                }
            }
            sink += c[0]
        })
        let flops = 2.0 * Double(m) * Double(n) * Double(k)
        print("  \(name): \(m)×\(k) · \(k)×\(n), OpenBLAS threads \(BLAS.threads), sink \(sink.isFinite)")
        report(name, neurop: flops / tn / 1e9, peer: flops / tp / 1e9, unit: "GFLOP/s", higherIsBetter: true)
    }
    compare("gemm-1024", m: 1024, k: 1024, n: 1024, rounds: 21, tensorLevel: false)
    compare("gemm-tensor-1024", m: 1024, k: 1024, n: 1024, rounds: 21, tensorLevel: true)
    compare("gemm-fno-channels", m: 32 * 64 * 64, k: 32, n: 32, rounds: 41, tensorLevel: false)
    compare("gemm-tensor-fno-channels", m: 32 * 64 * 64, k: 32, n: 32, rounds: 41, tensorLevel: true)
}
