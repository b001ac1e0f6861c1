import NeuropCore

/// Shape operations: each gradient is the inverse rearrangement (or, for padding and slicing, the
/// adjoint: folding copies back / embedding into zeros).
extension Variable {
    public func reshaped(_ newShape: [Int]) -> Variable {
        let shape = self.shape
        return Variable.result(value.reshaped(newShape), [self]) { g in [g.reshaped(shape)] }
    }

    public func permuted(_ order: [Int]) -> Variable {
        var inverse = [Int](repeating: 0, count: order.count)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return Variable.result(value.permuted(order), [self]) { g in [g.permuted(inverse)] }
    }

    public func slice(axis: Int, _ range: Range<Int>) -> Variable {
        let n = shape[axis]
        let widths = [(before: range.lowerBound, after: n - range.upperBound)]
        let rank = self.rank
        return Variable.result(value.slice(axis: axis, range), [self]) { g in
            // Embed into zeros: move `axis` last, zero-pad it, move it back.
            var order = Array(0..<rank)
            order.remove(at: axis)
            order.append(axis)
            var back = [Int](repeating: 0, count: rank)
            for (i, o) in order.enumerated() { back[o] = i }
            return [g.permuted(order).padded(widths, mode: .zero).permuted(back)]
        }
    }

    public var rank: Int { shape.count }

    public static func concatenate(_ parts: [Variable], axis: Int) -> Variable {
        let extents = parts.map { $0.shape[axis] }
        return result(Tensor.concatenate(parts.map(\.value), axis: axis), parts) { g in
            var start = 0
            return extents.map { e in
                defer { start += e }
                return g.slice(axis: axis, start..<start + e)
            }
        }
    }

    /// Pads the trailing `widths.count` axes (see `Tensor.padded`).
    public func padded(_ widths: [(before: Int, after: Int)], mode: Tensor.PaddingMode = .zero) -> Variable {
        Variable.result(value.padded(widths, mode: mode), [self]) { g in [g.unpadded(widths, mode: mode)] }
    }
}
