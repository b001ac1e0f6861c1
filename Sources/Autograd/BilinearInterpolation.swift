import NeuropCore

extension Variable {
    /// Bilinear interpolation of a gridded field at scattered points: evaluating a grid operator's
    /// output at Walk-on-Spheres points or DeepONet queries.
    ///
    /// `self` is `[B, C, n1, n2]` with values at the nodes `x_i = lo₁ + i(hi₁ − lo₁)/(n1 − 1)`,
    /// `y_j = lo₂ + j(hi₂ − lo₂)/(n2 − 1)` (both ends included); `points` is `[B, P, 2]` (x, y) per
    /// sample; the result is `[B, C, P]`. Points outside the box are clamped onto it. The points
    /// are data: the gradient flows to the field only (weights `(1−s)(1−t)`, `s(1−t)`, `(1−s)t`, `st`
    /// scattered back to the four surrounding nodes).
    public func bilinear(at points: Tensor, lower: (Float, Float) = (0, 0), upper: (Float, Float) = (1, 1)) -> Variable {
        precondition(rank == 4, "bilinear interpolation needs a [B, C, n1, n2] field, got \(shape)")
        let (b, c, n1, n2) = (shape[0], shape[1], shape[2], shape[3])
        precondition(points.rank == 3 && points.shape[0] == b && points.shape[2] == 2,
                     "points must be [\(b), P, 2] for a field of batch \(b), got \(points.shape)")
        precondition(n1 >= 2 && n2 >= 2, "bilinear interpolation needs at least 2 nodes per axis, got \(shape)")
        let p = points.shape[1]
        // Per (sample, point): the lower-left node index and the two fractions.
        var corner = [Int](repeating: 0, count: b * p)
        var fractions = [(Float, Float)](repeating: (0, 0), count: b * p)
        for k in 0..<(b * p) {
            func locate(_ x: Float, _ lo: Float, _ hi: Float, _ n: Int) -> (Int, Float) {
                let u = Swift.min(Swift.max((x - lo) / (hi - lo) * Float(n - 1), 0), Float(n - 1))
                let i = Swift.min(Int(u), n - 2)
                return (i, u - Float(i))
            }
            let (i, s) = locate(points[flat: 2 * k], lower.0, upper.0, n1)
            let (j, t) = locate(points[flat: 2 * k + 1], lower.1, upper.1, n2)
            corner[k] = i * n2 + j
            fractions[k] = (s, t)
        }
        let field = value
        var out = Tensor(shape: [b, c, p], repeating: 0)
        out.withUnsafeMutableBufferPointer { o in
            field.withUnsafeBufferPointer { f in
                for s in 0..<b {
                    for ch in 0..<c {
                        let plane = f.baseAddress! + (s * c + ch) * n1 * n2
                        for q in 0..<p {
                            let k = s * p + q, base = corner[k], (u, v) = fractions[k]
                            o[(s * c + ch) * p + q] = (1 - u) * (1 - v) * plane[base] + (1 - u) * v * plane[base + 1]
                                + u * (1 - v) * plane[base + n2] + u * v * plane[base + n2 + 1]
                        }
                    }
                }
            }
        }
        let fieldShape = shape
        return Variable.result(out, [self]) { g in
            var grad = Tensor(shape: fieldShape, repeating: 0)
            grad.withUnsafeMutableBufferPointer { d in
                g.withUnsafeBufferPointer { gp in
                    for s in 0..<b {
                        for ch in 0..<c {
                            let plane = d.baseAddress! + (s * c + ch) * n1 * n2
                            for q in 0..<p {
                                let k = s * p + q, base = corner[k], (u, v) = fractions[k]
                                let gv = gp[(s * c + ch) * p + q]
                                plane[base] += (1 - u) * (1 - v) * gv
                                plane[base + 1] += (1 - u) * v * gv
                                plane[base + n2] += u * (1 - v) * gv
                                plane[base + n2 + 1] += u * v * gv
                            }
                        }
                    }
                }
            }
            return [grad]
        }
    }
}
