import Autograd
import NeuropCore

/// The Cartesian-product evaluation of a DeepONet as one recorded operation:
///
///     G[b, c, n] = Σ_{k<p} B[b, c·p + k] · T[n, c·p + k] + b₀[c],
///
/// branch coefficients B `[batch, K·p]`, trunk basis T `[N, K·p]` (N query points), bias b₀ `[K]`,
/// result `[batch, K, N]`. Channel c is one GEMM `B_c · T_cᵀ` read in place through leading
/// dimensions (B_c and T_c are column blocks of width p, row strides K·p) and written into rows
/// of stride K·N, on top of the bias, which the GEMM adds to (β = 1). Gradients, per channel c
/// with G_c = dG[:, c, :] `[batch, N]`:
///
///     dB_c = G_c · T_c,   dT_c = G_cᵀ · B_c,   db₀_c = Σ G_c.
///
/// Rejected: the composition of permutes, reshapes and a batched matmul it replaces (three copies
/// of the data forward and three backward, and for K = 1 the same GEMMs).
enum CartesianProduct {
    static func evaluate(coefficients: Variable, basis: Variable, bias: Variable, channels: Int) -> Variable {
        let (b, t, b0) = (coefficients.value, basis.value, bias.value)
        let batch = b.shape[0], n = t.shape[0], width = b.shape[1], k = channels
        precondition(b.rank == 2 && t.rank == 2 && t.shape[1] == width && width % k == 0 && b0.count == k,
                     "cartesian product of coefficients \(b.shape), basis \(t.shape), bias \(b0.shape) for \(k) channels")
        let p = width / k
        var out = Tensor(uninitializedShape: [batch, k, n])
        out.withUnsafeMutableBufferPointer { o in
            b.withUnsafeBufferPointer { bp in
                t.withUnsafeBufferPointer { tp in
                    b0.withUnsafeBufferPointer { bias in
                        for row in 0..<batch * k {
                            (o.baseAddress! + row * n).initialize(repeating: bias[row % k], count: n)
                        }
                        BLAS.sized(work: batch * n * p) {
                            for c in 0..<k {
                                BLAS.gemm(transposeB: true, m: batch, n: n, k: p,
                                          a: bp.baseAddress! + c * p, lda: width,
                                          b: tp.baseAddress! + c * p, ldb: width,
                                          beta: 1, c: o.baseAddress! + c * n, ldc: k * n)
                            }
                        }
                    }
                }
            }
        }
        let (needB, needT, needBias) = (coefficients.needsGradient, basis.needsGradient, bias.needsGradient)
        return Variable.operation(out, inputs: [coefficients, basis, bias]) { g in
            var db = needB ? Tensor(uninitializedShape: [batch, width]) : nil
            var dt = needT ? Tensor(uninitializedShape: [n, width]) : nil
            var dbias = needBias ? Tensor(shape: [k]) : nil
            g.withUnsafeBufferPointer { gp in
                let gBase = gp.baseAddress!
                BLAS.sized(work: batch * n * p) {
                    if db != nil {
                        db!.withUnsafeMutableBufferPointer { d in
                            t.withUnsafeBufferPointer { tp in
                                for c in 0..<k {
                                    BLAS.gemm(m: batch, n: p, k: n, a: gBase + c * n, lda: k * n,
                                              b: tp.baseAddress! + c * p, ldb: width, c: d.baseAddress! + c * p, ldc: width)
                                }
                            }
                        }
                    }
                    if dt != nil {
                        dt!.withUnsafeMutableBufferPointer { d in
                            b.withUnsafeBufferPointer { bp in
                                for c in 0..<k {
                                    BLAS.gemm(transposeA: true, m: n, n: p, k: batch, a: gBase + c * n, lda: k * n,
                                              b: bp.baseAddress! + c * p, ldb: width, c: d.baseAddress! + c * p, ldc: width)
                                }
                            }
                        }
                    }
                }
                if dbias != nil {
                    dbias!.withUnsafeMutableBufferPointer { d in
                        for row in 0..<batch * k {
                            var s: Float = 0
                            for i in 0..<n { s += gBase[row * n + i] }
                            d[row % k] += s
                        }
                    }
                }
            }
            return [db, dt, dbias]
        }
    }
}
