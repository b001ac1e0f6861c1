import NeuropCore

/// One sample's convolution geometry on two spatial axes, and its padding and the padding's adjoint.
///
/// A 1D signal of length L is a 1 × L image under a 1-tap window on the leading axis, so every
/// kernel is written once for two axes. The padded sample x̃ (`channels × paddedH × paddedW`) is
/// x with `padTop`/`padLeft` cells before the data on each axis and the rest after. Padded cell t
/// (relative to the data start) copies data cell t under `.zero` inside the data only, wraps under
/// `.circular` (t mod n) and mirrors under `.reflect` (−t before, 2(n−1) − t after, the edge not
/// repeated). The adjoint of padding adds each padded cell's value onto the data cell it copies,
/// which is what makes circular and reflect gradients right at the border.
struct SampleGeometry {
    let channels: Int
    let inH: Int, inW: Int
    let paddedH: Int, paddedW: Int
    let outH: Int, outW: Int
    let kernelH: Int, kernelW: Int
    let strideH: Int, strideW: Int
    let dilationH: Int, dilationW: Int
    let padTop: Int, padLeft: Int
    /// For each padded row, the data row it copies, or −1 for a zero row.
    let rowSource: [Int]
    /// The padded columns outside the data that copy a data column (none under zero padding).
    let borderColumns: [(padded: Int, source: Int)]

    /// - Parameters:
    ///   - spatial: the sample's spatial extents (1 or 2, matching `geometry`).
    ///   - outputExtents: the output extents when the caller fixes them (a transposed convolution
    ///     fixes them to its input's); by default those of `geometry`.
    init(channels: Int, spatial: [Int], geometry: ConvolutionGeometry, mode: Tensor.PaddingMode,
         outputExtents: [Int]? = nil) {
        precondition(spatial.count == geometry.spatialRank,
                     "spatial extents \(spatial) do not match a \(geometry.spatialRank)D geometry")
        let unit = ConvolutionGeometry.Axis(kernel: 1)
        let (h, w) = spatial.count == 1 ? (unit, geometry.axes[0]) : (geometry.axes[0], geometry.axes[1])
        let (nH, nW) = spatial.count == 1 ? (1, spatial[0]) : (spatial[0], spatial[1])
        let out = outputExtents ?? geometry.outputExtents(spatial)
        precondition(out.count == spatial.count && out.allSatisfy { $0 >= 1 },
                     "input extents \(spatial) under \(geometry) give output extents \(out)")
        let (oH, oW) = out.count == 1 ? (1, out[0]) : (out[0], out[1])
        for (axis, n) in [(h, nH), (w, nW)] {
            switch mode {
            case .zero: break
            case .circular:
                precondition(axis.padBefore <= n && axis.padAfter <= n,
                             "circular padding (\(axis.padBefore), \(axis.padAfter)) exceeds extent \(n)")
            case .reflect:
                precondition(axis.padBefore < n && axis.padAfter < n,
                             "reflect padding (\(axis.padBefore), \(axis.padAfter)) needs extent > width, axis has \(n)")
            }
        }
        self.channels = channels
        (inH, inW) = (nH, nW)
        (paddedH, paddedW) = (nH + h.padBefore + h.padAfter, nW + w.padBefore + w.padAfter)
        (outH, outW) = (oH, oW)
        (kernelH, kernelW) = (h.kernel, w.kernel)
        (strideH, strideW) = (h.stride, w.stride)
        (dilationH, dilationW) = (h.dilation, w.dilation)
        (padTop, padLeft) = (h.padBefore, w.padBefore)
        precondition((oH - 1) * h.stride + h.span <= paddedH && (oW - 1) * w.stride + w.span <= paddedW,
                     "output extents \(out) reach beyond the padded input \(spatial) under \(geometry)")
        rowSource = (0..<paddedH).map { SampleGeometry.source($0 - h.padBefore, extent: nH, mode: mode) }
        borderColumns = (Array(0..<w.padBefore) + Array((w.padBefore + nW)..<paddedW)).compactMap { j in
            let s = SampleGeometry.source(j - w.padBefore, extent: nW, mode: mode)
            return s < 0 ? nil : (j, s)
        }
    }

    /// The data index a padded index `t` (relative to the data start) copies, or −1 for zero.
    private static func source(_ t: Int, extent n: Int, mode: Tensor.PaddingMode) -> Int {
        if t >= 0 && t < n { return t }
        switch mode {
        case .zero: return -1
        case .circular: return ((t % n) + n) % n
        case .reflect: return t < 0 ? -t : 2 * (n - 1) - t
        }
    }

    var inputCount: Int { channels * inH * inW }
    var paddedCount: Int { channels * paddedH * paddedW }
    var outputCells: Int { outH * outW }
    var taps: Int { kernelH * kernelW }
    var needsPadding: Bool { paddedH != inH || paddedW != inW }
    var hasUnitStride: Bool { strideH == 1 && strideW == 1 }

    /// x̃ ← pad(x) for one sample.
    func pad(_ x: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>) {
        for c in 0..<channels {
            for i in 0..<paddedH {
                let dst = padded + (c * paddedH + i) * paddedW
                let s = rowSource[i]
                if s < 0 {
                    dst.update(repeating: 0, count: paddedW)
                    continue
                }
                let src = x + (c * inH + s) * inW
                dst.update(repeating: 0, count: padLeft)
                (dst + padLeft).update(from: src, count: inW)
                (dst + padLeft + inW).update(repeating: 0, count: paddedW - padLeft - inW)
                for (j, sj) in borderColumns { dst[j] = src[sj] }
            }
        }
    }

    /// g ← padᵀ(g̃): each padded cell's value added onto the data cell it copies; overwrites `grad`.
    func foldPadding(_ padded: UnsafePointer<Float>, into grad: UnsafeMutablePointer<Float>) {
        grad.update(repeating: 0, count: inputCount)
        for c in 0..<channels {
            for i in 0..<paddedH {
                let s = rowSource[i]
                if s < 0 { continue }
                let src = padded + (c * paddedH + i) * paddedW
                let dst = grad + (c * inH + s) * inW
                let interior = src + padLeft
                for j in 0..<inW { dst[j] += interior[j] }
                for (j, sj) in borderColumns { dst[sj] += src[j] }
            }
        }
    }
}
