import NeuropCore

/// Zero padding of the spatial axes of a channel-first field `[B, C, n₁, …, n_d]` by `p_a` cells
/// at both ends of axis a (neuraloperator's `DomainPadding`), and the crop that removes it.
/// Padding turns the FFT's periodic wrap-around into a margin of zeros, for non-periodic
/// problems. Each is the other's adjoint, so each one's gradient is the other applied to the
/// output gradient (`FNOPass` uses them so). Rows along the last axis are contiguous in both layouts, so both run as
/// row copies in parallel over the planes.
struct DomainPadding {
    /// Cells added at each end, one per spatial axis.
    let pads: [Int]

    var isEmpty: Bool { pads.allSatisfy { $0 == 0 } }

    func padded(_ x: Tensor) -> Tensor {
        let inner = Array(x.shape.dropFirst(2))
        var y = Tensor(shape: Array(x.shape.prefix(2)) + zip(inner, pads).map { $0 + 2 * $1 }, repeating: 0)
        copyRows(small: x.shape, into: &y, from: x, padding: true)
        return y
    }

    func cropped(_ y: Tensor) -> Tensor {
        let outer = Array(y.shape.dropFirst(2))
        var x = Tensor(uninitializedShape: Array(y.shape.prefix(2)) + zip(outer, pads).map { $0 - 2 * $1 })
        copyRows(small: x.shape, into: &x, from: y, padding: false)
        return x
    }

    /// Copies every last-axis row of the unpadded box (`small`) between the two layouts.
    private func copyRows(small: [Int], into destination: inout Tensor, from source: Tensor, padding: Bool) {
        precondition(small.count == pads.count + 2, "domain padding of \(pads.count) axes cannot apply to shape \(small)")
        let extents = Array(small.dropFirst(2))
        let big = zip(extents, pads).map { $0 + 2 * $1 }
        let d = extents.count
        let rowsPerPlane = extents.dropLast().reduce(1, *)
        let (smallPlane, bigPlane) = (extents.reduce(1, *), big.reduce(1, *))
        let bigStrides = Tensor.strides(of: big)
        let pads = self.pads
        // Offset in the padded plane of small row r (its multi-index over the leading axes).
        let rowOffsets = (0..<rowsPerPlane).map { r -> Int in
            var rest = r, offset = pads[d - 1]
            for a in stride(from: d - 2, through: 0, by: -1) {
                offset += (rest % extents[a] + pads[a]) * bigStrides[a]
                rest /= extents[a]
            }
            return offset
        }
        let n = extents[d - 1]
        source.withUnsafeBufferPointer { sp in
            destination.withUnsafeMutableBufferPointer { dp in
                let (src, dst) = (sp.baseAddress!, dp.baseAddress!)
                ThreadPool.shared.parallelFor(small[0] * small[1]) { plane in
                    for r in 0..<rowsPerPlane {
                        let (s, b) = (plane * smallPlane + r * n, plane * bigPlane + rowOffsets[r])
                        if padding { (dst + b).update(from: src + s, count: n) } else { (dst + s).update(from: src + b, count: n) }
                    }
                }
            }
        }
    }
}
