/// Reshaping, axis permutation, slicing, concatenation and padding. All results are contiguous.
extension Tensor {
    /// The same elements under a new shape; one extent may be `-1` and is then inferred.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let hole = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != hole }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[hole] = count / known
        }
        precondition(Tensor.elementCount(resolved) == count, "cannot reshape \(shape) (\(count) elements) to \(newShape)")
        var result = self
        result.shape = resolved
        return result
    }

    /// Axes reordered so that result axis `i` is input axis `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank), "\(order) is not a permutation of the axes of \(shape)")
        if order == Array(0..<rank) { return self }
        let newShape = order.map { shape[$0] }
        let srcStrides = Tensor.strides(of: shape)
        let permutedStrides = order.map { srcStrides[$0] }
        let result = Tensor(uninitializedShape: newShape)
        let src = storage.pointer, dst = result.storage.pointer
        let inner = newShape.last ?? 1
        let innerStride = permutedStrides.last ?? 1
        let rows = count / Swift.max(inner, 1)
        let outer = Array(newShape.dropLast())
        ThreadPool.shared.parallelRanges(rows, grain: Swift.max(1, (1 << 15) / Swift.max(inner, 1))) { range in
            for row in range {
                var rem = row, offset = 0
                for axis in stride(from: outer.count - 1, through: 0, by: -1) {
                    offset += (rem % outer[axis]) * permutedStrides[axis]
                    rem /= outer[axis]
                }
                let out = dst + row * inner
                for j in 0..<inner { out[j] = src[offset + j * innerStride] }
            }
        }
        return result
    }

    /// Swaps the last two axes (matrix transpose, batched over leading axes).
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transpose needs rank ≥ 2, shape is \(shape)")
        var order = Array(0..<rank)
        order.swapAt(rank - 1, rank - 2)
        return permuted(order)
    }

    /// The elements with index in `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        precondition(axis >= 0 && axis < rank, "axis \(axis) out of range for shape \(shape)")
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "range \(range) out of bounds for axis \(axis) of shape \(shape)")
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        var newShape = shape
        newShape[axis] = range.count
        let result = Tensor(uninitializedShape: newShape)
        let block = range.count * inner
        let src = storage.pointer, dst = result.storage.pointer
        for o in 0..<outer {
            (dst + o * block).update(from: src + (o * shape[axis] + range.lowerBound) * inner, count: block)
        }
        return result
    }

    /// Tensors joined along `axis`; all other extents must agree.
    public static func concatenate(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenate needs at least one tensor")
        let first = parts[0].shape
        precondition(axis >= 0 && axis < first.count, "axis \(axis) out of range for shape \(first)")
        for p in parts {
            var a = p.shape, b = first
            precondition(a.count == b.count, "cannot concatenate shapes \(p.shape) and \(first)")
            a[axis] = 0
            b[axis] = 0
            precondition(a == b, "cannot concatenate shapes \(p.shape) and \(first) along axis \(axis)")
        }
        var newShape = first
        newShape[axis] = parts.map { $0.shape[axis] }.reduce(0, +)
        let outer = first[..<axis].reduce(1, *)
        let inner = first[(axis + 1)...].reduce(1, *)
        let result = Tensor(uninitializedShape: newShape)
        let dst = result.storage.pointer
        let rowLength = newShape[axis] * inner
        var offset = 0
        for p in parts {
            let block = p.shape[axis] * inner
            for o in 0..<outer {
                (dst + o * rowLength + offset).update(from: p.storage.pointer + o * block, count: block)
            }
            offset += block
        }
        return result
    }

    /// How `pad` fills the new border cells.
    public enum PaddingMode: String, Sendable, CaseIterable {
        /// Zeros (homogeneous Dirichlet).
        case zero
        /// Periodic wrap-around.
        case circular
        /// Mirror without repeating the edge (`[a b c]` → `b | a b c | b`), as PyTorch's `reflect`.
        case reflect
    }

    /// Pads the trailing `widths.count` axes; `widths[i] = (before, after)` for the i-th of them.
    public func padded(_ widths: [(before: Int, after: Int)], mode: PaddingMode = .zero) -> Tensor {
        let k = widths.count
        precondition(k <= rank, "cannot pad \(k) axes of shape \(shape)")
        let lead = rank - k
        var newShape = shape
        for (i, w) in widths.enumerated() {
            precondition(w.before >= 0 && w.after >= 0, "negative padding \(w)")
            let n = shape[lead + i]
            if mode == .reflect {
                precondition(w.before < n && w.after < n, "reflect padding \(w) needs extent > width, axis has \(n)")
            }
            if mode == .circular {
                precondition(w.before <= n && w.after <= n, "circular padding \(w) exceeds extent \(n)")
            }
            newShape[lead + i] = n + w.before + w.after
        }
        let result = Tensor(uninitializedShape: newShape)
        let src = storage.pointer, dst = result.storage.pointer
        let inStrides = Tensor.strides(of: shape)
        let outer = shape[..<lead].reduce(1, *)
        let inBlock = shape[lead...].reduce(1, *)
        let outBlock = newShape[lead...].reduce(1, *)
        let outSpatial = Array(newShape[lead...])
        let maps = Tensor.paddingMaps(Array(shape[lead...]), widths, mode)
        let spatialStrides = Array(inStrides[lead...])
        for o in 0..<outer {
            let s = src + o * inBlock, d = dst + o * outBlock
            var index = [Int](repeating: 0, count: k)
            for j in 0..<outBlock {
                var offset = 0, zero = false
                for i in 0..<k {
                    let m = maps[i][index[i]]
                    if m < 0 { zero = true; break }
                    offset += m * spatialStrides[i]
                }
                d[j] = zero ? 0 : s[offset]
                advance(&index, within: outSpatial)
            }
        }
        return result
    }

    /// For each padded axis, the source index of every output cell (−1 where zero padding fills it).
    static func paddingMaps(_ spatial: [Int], _ widths: [(before: Int, after: Int)], _ mode: PaddingMode) -> [[Int]] {
        (0..<spatial.count).map { i in
            let n = spatial[i], before = widths[i].before
            return (0..<(n + before + widths[i].after)).map { j in
                let t = j - before
                if t >= 0 && t < n { return t }
                switch mode {
                case .zero: return -1
                case .circular: return ((t % n) + n) % n
                case .reflect: return t < 0 ? -t : 2 * (n - 1) - t
                }
            }
        }
    }

    /// The adjoint of `padded(widths, mode:)`: a tensor of the unpadded shape in which every cell
    /// holds the sum of the cells of `self` that padding copied from it.
    public func unpadded(_ widths: [(before: Int, after: Int)], mode: PaddingMode = .zero) -> Tensor {
        let k = widths.count
        let lead = rank - k
        var original = shape
        for (i, w) in widths.enumerated() { original[lead + i] -= w.before + w.after }
        precondition(original.allSatisfy { $0 > 0 }, "cannot unpad \(shape) by \(widths)")
        let maps = Tensor.paddingMaps(Array(original[lead...]), widths, mode)
        let result = Tensor(shape: original, repeating: 0)
        let src = storage.pointer, dst = result.storage.pointer
        let outer = original[..<lead].reduce(1, *)
        let inBlock = shape[lead...].reduce(1, *)
        let outBlock = original[lead...].reduce(1, *)
        let dstStrides = Array(Tensor.strides(of: original)[lead...])
        let padded = Array(shape[lead...])
        ThreadPool.shared.parallelFor(outer) { o in
            let s = src + o * inBlock, d = dst + o * outBlock
            var index = [Int](repeating: 0, count: k)
            for j in 0..<inBlock {
                var offset = 0, zero = false
                for i in 0..<k {
                    let m = maps[i][index[i]]
                    if m < 0 { zero = true; break }
                    offset += m * dstStrides[i]
                }
                if !zero { d[offset] += s[j] }
                advance(&index, within: padded)
            }
        }
        return result
    }
}
