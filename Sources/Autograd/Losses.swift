import NeuropCore

/// Training losses. They compare whatever they are given — callers decide whether predictions
/// are normalised or decoded first (neurop's trainer decodes, as the FNO paper does). None is
/// quadrature-weighted: grid sums, not integrals, so they do not depend on the grid spacing except
/// through the H1 derivative term.
public enum Loss {
    /// Mean squared error over all elements.
    public static func mse(_ prediction: Variable, _ target: Tensor) -> Variable {
        precondition(prediction.shape == target.shape, "mse: prediction \(prediction.shape) and target \(target.shape) differ")
        let diff = prediction.value - target
        let n = Float(diff.count)
        return Variable.result(Tensor(Float(diff.squaredNorm() / Double(n))), [prediction]) { g in
            [diff * (2 * g.scalar / n)]
        }
    }

    /// How per-sample losses combine over the batch.
    public enum Reduction: String, Sendable { case mean, sum }

    /// Relative L2 error per sample, `‖p_i − t_i‖₂ / ‖t_i‖₂` over all non-batch axes, averaged (or
    /// summed) over the batch — the metric FNO papers and neuraloperator report.
    /// Gradient per sample: `(p_i − t_i) / (‖p_i − t_i‖ ‖t_i‖)`.
    public static func relativeL2(_ prediction: Variable, _ target: Tensor, reduction: Reduction = .mean) -> Variable {
        precondition(prediction.shape == target.shape, "relativeL2: prediction \(prediction.shape) and target \(target.shape) differ")
        let batch = target.shape[0]
        let diff = prediction.value - target
        let per = diff.count / batch
        var errs = [Double](repeating: 0, count: batch), norms = [Double](repeating: 0, count: batch)
        diff.withUnsafeBufferPointer { d in
            target.withUnsafeBufferPointer { t in
                for b in 0..<batch {
                    var e = 0.0, n = 0.0
                    for i in b * per..<(b + 1) * per {
                        e += Double(d[i]) * Double(d[i])
                        n += Double(t[i]) * Double(t[i])
                    }
                    errs[b] = e.squareRoot()
                    norms[b] = n.squareRoot()
                }
            }
        }
        let scale = reduction == .mean ? 1 / Double(batch) : 1
        let total = zip(errs, norms).reduce(0.0) { $0 + $1.0 / $1.1 } * scale
        return Variable.result(Tensor(Float(total)), [prediction]) { g in
            var grad = diff
            grad.withUnsafeMutableBufferPointer { p in
                for b in 0..<batch {
                    let f = errs[b] > 0 ? Float(Double(g.scalar) * scale / (errs[b] * norms[b])) : 0
                    for i in b * per..<(b + 1) * per { p[i] *= f }
                }
            }
            return [grad]
        }
    }

    /// Relative H1 error per sample, `‖e‖_{H1} / ‖t‖_{H1}` with `e = p − t` and
    /// `‖u‖²_{H1} = Σ u² + Σ_axes Σ (D_a u)²`, averaged over the batch. `D_a` is the central
    /// difference `(u_{j+1} − u_{j−1}) / (2h)` along spatial axis a with `h = 1/n`; periodic wraps
    /// around, otherwise the end points use one-sided differences — neuraloperator's `H1Loss`.
    /// Input layout `[B, C, n1, …]` (spatial axes after the channel axis).
    public static func h1(_ prediction: Variable, _ target: Tensor, periodic: Bool = false,
                          reduction: Reduction = .mean) -> Variable {
        precondition(prediction.shape == target.shape, "h1: prediction \(prediction.shape) and target \(target.shape) differ")
        precondition(target.rank >= 3, "h1 needs [batch, channel, spatial…], got \(target.shape)")
        let diff = prediction.value - target
        let spatialAxes = Array(2..<target.rank)
        func derivatives(_ u: Tensor) -> [Tensor] {
            spatialAxes.map { FiniteDifference.central(u, axis: $0, periodic: periodic) }
        }
        let dDiff = derivatives(diff), dTarget = derivatives(target)
        let batch = target.shape[0]
        func perSample(_ t: Tensor) -> [Double] {
            let per = t.count / batch
            return t.withUnsafeBufferPointer { p in
                (0..<batch).map { b in (b * per..<(b + 1) * per).reduce(0.0) { $0 + Double(p[$1]) * Double(p[$1]) } }
            }
        }
        var num = perSample(diff), den = perSample(target)
        for d in dDiff { for (b, v) in perSample(d).enumerated() { num[b] += v } }
        for d in dTarget { for (b, v) in perSample(d).enumerated() { den[b] += v } }
        let errs = num.map { $0.squareRoot() }, norms = den.map { $0.squareRoot() }
        let scale = reduction == .mean ? 1 / Double(batch) : 1
        let total = zip(errs, norms).reduce(0.0) { $0 + $1.0 / $1.1 } * scale
        return Variable.result(Tensor(Float(total)), [prediction]) { g in
            // d/dp ‖e‖_{H1} = (e + Σ D_aᵀ D_a e) / ‖e‖_{H1}.
            var grad = diff
            for (axis, d) in zip(spatialAxes, dDiff) {
                grad.addInPlace(FiniteDifference.centralAdjoint(d, axis: axis, periodic: periodic))
            }
            let per = grad.count / batch
            grad.withUnsafeMutableBufferPointer { p in
                for b in 0..<batch {
                    let f = errs[b] > 0 ? Float(Double(g.scalar) * scale / (errs[b] * norms[b])) : 0
                    for i in b * per..<(b + 1) * per { p[i] *= f }
                }
            }
            return [grad]
        }
    }
}

/// Central finite differences along one axis of a tensor and their adjoint (for the H1 loss).
public enum FiniteDifference {
    /// `(u_{j+1} − u_{j−1})/(2h)` with `h = 1/n`; at non-periodic ends `(u_1 − u_0)/h` and `(u_{n−1} − u_{n−2})/h`.
    public static func central(_ u: Tensor, axis: Int, periodic: Bool) -> Tensor {
        apply(u, axis: axis, periodic: periodic, adjoint: false)
    }

    /// The transpose of `central`.
    public static func centralAdjoint(_ v: Tensor, axis: Int, periodic: Bool) -> Tensor {
        apply(v, axis: axis, periodic: periodic, adjoint: true)
    }

    /// The difference operator as (target, source, weight) triples along one line of n points.
    static func stencil(n: Int, periodic: Bool) -> [(Int, Int, Float)] {
        let h = 1 / Float(n)
        var s: [(Int, Int, Float)] = []
        for j in 0..<n {
            if periodic {
                s.append((j, (j + 1) % n, 1 / (2 * h)))
                s.append((j, (j - 1 + n) % n, -1 / (2 * h)))
            } else if j == 0 {
                s += [(0, 1, 1 / h), (0, 0, -1 / h)]
            } else if j == n - 1 {
                s += [(j, j, 1 / h), (j, j - 1, -1 / h)]
            } else {
                s += [(j, j + 1, 1 / (2 * h)), (j, j - 1, -1 / (2 * h))]
            }
        }
        return s
    }

    static func apply(_ u: Tensor, axis: Int, periodic: Bool, adjoint: Bool) -> Tensor {
        let n = u.shape[axis]
        precondition(n >= 2, "finite differences need ≥ 2 points along axis \(axis) of \(u.shape)")
        let outer = u.shape[..<axis].reduce(1, *), inner = u.shape[(axis + 1)...].reduce(1, *)
        let stencil = stencil(n: n, periodic: periodic)
        var out = Tensor(shape: u.shape, repeating: 0)
        u.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for o in 0..<outer {
                    let base = o * n * inner
                    for (t, s, w) in stencil {
                        let (to, from) = adjoint ? (s, t) : (t, s)
                        for i in 0..<inner { dst[base + to * inner + i] += w * src[base + from * inner + i] }
                    }
                }
            }
        }
        return out
    }
}
