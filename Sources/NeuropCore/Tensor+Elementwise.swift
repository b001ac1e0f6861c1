/// Elementwise arithmetic with NumPy broadcasting.
///
/// Shapes are aligned at their trailing axes; an axis of extent 1 (or a missing leading axis)
/// stretches to match the other operand. `[32, 1, 64] + [8, 1]` gives `[32, 8, 64]`.
extension Tensor {
    /// The broadcast shape of two shapes, or `nil` if they are incompatible.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                return nil
            }
        }
        return result
    }

    /// Strides (in elements) with which a tensor of `shape` is read when broadcast to `target`:
    /// zero along stretched axes.
    @usableFromInline static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = Tensor.strides(of: shape)
        let offset = target.count - shape.count
        return (0..<target.count).map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }

    /// `f` applied to every element.
    @inlinable public func map(_ f: @escaping (Float) -> Float) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        let src = storage.pointer
        let dst = result.storage.pointer
        ThreadPool.shared.parallelRanges(count) { range in
            for i in range { dst[i] = f(src[i]) }
        }
        return result
    }

    /// `f` applied to corresponding elements of `a` and `b`, broadcast to a common shape.
    @inlinable public static func zip(_ a: Tensor, _ b: Tensor, _ f: @escaping (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape {
            let result = Tensor(uninitializedShape: a.shape)
            let pa = a.storage.pointer, pb = b.storage.pointer, dst = result.storage.pointer
            ThreadPool.shared.parallelRanges(a.count) { range in
                for i in range { dst[i] = f(pa[i], pb[i]) }
            }
            return result
        }
        guard let shape = broadcastShape(a.shape, b.shape) else {
            preconditionFailure("shapes \(a.shape) and \(b.shape) cannot be broadcast together")
        }
        return broadcastZip(a, b, to: shape, f)
    }

    @inlinable static func broadcastZip(
        _ a: Tensor, _ b: Tensor, to shape: [Int], _ f: @escaping (Float, Float) -> Float
    ) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        if result.count == 0 { return result }
        let sa = broadcastStrides(a.shape, to: shape)
        let sb = broadcastStrides(b.shape, to: shape)
        let rank = shape.count
        let inner = rank == 0 ? 1 : shape[rank - 1]
        let ia = rank == 0 ? 0 : sa[rank - 1], ib = rank == 0 ? 0 : sb[rank - 1]
        let rows = result.count / inner
        let pa = a.storage.pointer, pb = b.storage.pointer, dst = result.storage.pointer
        let outer = Array(shape.dropLast())
        ThreadPool.shared.parallelRanges(rows, grain: Swift.max(1, (1 << 15) / Swift.max(inner, 1))) { range in
            for row in range {
                // Offsets of this row in a and b from its multi-index over the leading axes.
                var rem = row, oa = 0, ob = 0
                for axis in stride(from: outer.count - 1, through: 0, by: -1) {
                    let i = rem % outer[axis]
                    rem /= outer[axis]
                    oa += i * sa[axis]
                    ob += i * sb[axis]
                }
                let out = dst + row * inner
                for j in 0..<inner { out[j] = f(pa[oa + j * ia], pb[ob + j * ib]) }
            }
        }
        return result
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { zip(a, b) { $0 + $1 } }
    public static func - (a: Tensor, b: Tensor) -> Tensor { zip(a, b) { $0 - $1 } }
    public static func * (a: Tensor, b: Tensor) -> Tensor { zip(a, b) { $0 * $1 } }
    public static func / (a: Tensor, b: Tensor) -> Tensor { zip(a, b) { $0 / $1 } }
    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static func / (a: Tensor, s: Float) -> Tensor { a.map { $0 / s } }
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { s * $0 } }
    public static func + (s: Float, a: Tensor) -> Tensor { a.map { s + $0 } }
    public static func - (s: Float, a: Tensor) -> Tensor { a.map { s - $0 } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    public static func += (a: inout Tensor, b: Tensor) { a.addInPlace(b, scale: 1) }
    public static func -= (a: inout Tensor, b: Tensor) { a.addInPlace(b, scale: -1) }
    public static func *= (a: inout Tensor, s: Float) {
        a.makeUnique()
        let p = a.storage.pointer
        ThreadPool.shared.parallelRanges(a.count) { range in for i in range { p[i] *= s } }
    }

    /// `self += scale · other` for tensors of the same shape (the accumulation gradients use).
    public mutating func addInPlace(_ other: Tensor, scale: Float = 1) {
        precondition(shape == other.shape, "cannot accumulate shape \(other.shape) into \(shape)")
        makeUnique()
        let dst = storage.pointer, src = other.storage.pointer
        ThreadPool.shared.parallelRanges(count) { range in
            for i in range { dst[i] += scale * src[i] }
        }
    }

    /// This tensor stretched to `target` by broadcasting (a copy; `target` must be a broadcast of `shape`).
    public func broadcasted(to target: [Int]) -> Tensor {
        if shape == target { return self }
        guard Tensor.broadcastShape(shape, target) == target else {
            preconditionFailure("shape \(shape) cannot be broadcast to \(target)")
        }
        return Tensor.broadcastZip(self, Tensor(0), to: target) { value, _ in value }
    }

    /// Sums a tensor that was broadcast from `target` back down to `target`: the adjoint of
    /// broadcasting, which reverse-mode differentiation of broadcast arithmetic needs.
    public func reduced(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        guard Tensor.broadcastShape(target, shape) == shape else {
            preconditionFailure("shape \(shape) is not a broadcast of \(target)")
        }
        // Sum each stretched axis away (each sum is one parallel pass), then drop the leading axes.
        let offset = rank - target.count
        var result = self
        for axis in 0..<rank where axis < offset || (target[axis - offset] == 1 && shape[axis] != 1) {
            result = result.sum(alongAxis: axis, keepingDimension: true)
        }
        return result.reshaped(target)
    }
}
