import NeuropCore

/// Multilinear interpolation of a gridded field onto another tensor-product grid.
///
/// The field is `[C, n₁, …]` with values at coordinates `source[a]` (increasing) along grid axis a;
/// the result holds its values at `target[a]`. One axis at a time: each target coordinate x lies
/// between source nodes i and i+1 and gets `(1 − s) f_i + s f_{i+1}`, `s = (x − x_i)/(x_{i+1} − x_i)`;
/// outside the source range the nearest end value is kept. Exact for fields linear along each
/// axis, and the identity when the grids coincide.
enum GridInterpolation {
    static func resample(_ field: Tensor, from source: [[Double]], to target: [[Double]]) -> Tensor {
        precondition(source.count == field.rank - 1 && target.count == source.count, "one coordinate list per grid axis")
        var result = field
        for axis in source.indices where source[axis] != target[axis] {
            result = resample(result, axis: axis + 1, from: source[axis], to: target[axis])
        }
        return result
    }

    /// Interpolation along one axis of `field`.
    private static func resample(_ field: Tensor, axis: Int, from xs: [Double], to targets: [Double]) -> Tensor {
        precondition(field.shape[axis] == xs.count, "\(xs.count) coordinates for an axis of \(field.shape[axis]) points")
        let outer = field.shape[..<axis].reduce(1, *), inner = field.shape[(axis + 1)...].reduce(1, *)
        let weights: [(Int, Int, Double)] = targets.map { x in
            guard xs.count > 1, x > xs[0] else { return (0, 0, 0) }
            guard x < xs[xs.count - 1] else { return (xs.count - 1, xs.count - 1, 0) }
            // Binary search for the interval [x_i, x_{i+1}) holding x.
            var lo = 0, hi = xs.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if xs[mid] <= x { lo = mid } else { hi = mid }
            }
            return (lo, hi, (x - xs[lo]) / (xs[hi] - xs[lo]))
        }
        var shape = field.shape
        shape[axis] = targets.count
        var out = Tensor(shape: shape)
        let n = xs.count, m = targets.count
        field.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for o in 0..<outer {
                    for (j, (i0, i1, s)) in weights.enumerated() {
                        let a = src.baseAddress! + (o * n + i0) * inner, b = src.baseAddress! + (o * n + i1) * inner
                        let d = dst.baseAddress! + (o * m + j) * inner
                        for k in 0..<inner { d[k] = Float((1 - s) * Double(a[k]) + s * Double(b[k])) }
                    }
                }
            }
        }
        return out
    }
}
