/// Reductions. Whole-tensor sums accumulate in Float64 so that the result of summing millions of
/// Float32 values does not depend on their count or order beyond Float32 rounding of the total.
extension Tensor {
    /// Sum of all elements.
    public func sum() -> Float { Float(sumDouble()) }

    /// Sum of all elements, accumulated and returned in Float64.
    public func sumDouble() -> Double {
        var total = 0.0
        let p = storage.pointer
        for i in 0..<count { total += Double(p[i]) }
        return total
    }

    /// Mean of all elements.
    public func mean() -> Float {
        precondition(count > 0, "mean of an empty tensor")
        return Float(sumDouble() / Double(count))
    }

    public func min() -> Float {
        precondition(count > 0, "min of an empty tensor")
        return withUnsafeBufferPointer { $0.min()! }
    }

    public func max() -> Float {
        precondition(count > 0, "max of an empty tensor")
        return withUnsafeBufferPointer { $0.max()! }
    }

    /// Sum of squares, in Float64.
    public func squaredNorm() -> Double {
        var total = 0.0
        let p = storage.pointer
        for i in 0..<count { total += Double(p[i]) * Double(p[i]) }
        return total
    }

    /// Sum along `axis`; the axis is kept with extent 1 when `keepingDimension`, removed otherwise.
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        precondition(axis >= 0 && axis < rank, "axis \(axis) out of range for shape \(shape)")
        let outer = shape[..<axis].reduce(1, *)
        let n = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var outShape = shape
        if keepingDimension { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        let result = Tensor(shape: outShape, repeating: 0)
        let src = storage.pointer, dst = result.storage.pointer
        ThreadPool.shared.parallelRanges(outer, grain: Swift.max(1, (1 << 15) / Swift.max(1, n * inner))) { range in
            for o in range {
                let out = dst + o * inner
                for k in 0..<n {
                    let row = src + (o * n + k) * inner
                    for i in 0..<inner { out[i] += row[i] }
                }
            }
        }
        return result
    }

    /// Mean along `axis`.
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        sum(alongAxis: axis, keepingDimension: keepingDimension) * (1 / Float(shape[axis]))
    }
}
