import ConvolutionKernels
import NeuropCore

/// Direct-loop Float64 references: the definitions written out, one multiply-add at a time.
enum ConvolutionReference {
    /// The data index that padded index `t` (relative to the data start) reads, or nil for a zero cell.
    static func source(_ t: Int, extent n: Int, mode: Tensor.PaddingMode) -> Int? {
        if t >= 0 && t < n { return t }
        switch mode {
        case .zero: return nil
        case .circular: return ((t % n) + n) % n
        case .reflect: return t < 0 ? -t : 2 * (n - 1) - t
        }
    }

    /// y[b, o, m] = bias[o] + Σ_c Σ_t W[o, c, t] x̃[b, c, m·s + t·d − p₋] (per axis), 1D or 2D.
    static func convolution(_ x: Tensor, weight w: Tensor, bias: Tensor?, geometry: ConvolutionGeometry,
                            mode: Tensor.PaddingMode) -> (shape: [Int], values: [Double]) {
        let (batch, cin, cout) = (x.shape[0], x.shape[1], w.shape[0])
        let axes = geometry.axes.count == 1 ? [ConvolutionGeometry.Axis(kernel: 1)] + geometry.axes : geometry.axes
        let inSize = geometry.axes.count == 1 ? [1, x.shape[2]] : [x.shape[2], x.shape[3]]
        let outSize = zip(axes, inSize).map { $0.outputExtent($1) }
        let (xv, wv) = (x.values.map(Double.init), w.values.map(Double.init))
        var y = [Double](repeating: 0, count: batch * cout * outSize[0] * outSize[1])
        for b in 0..<batch {
            for o in 0..<cout {
                for m0 in 0..<outSize[0] {
                    for m1 in 0..<outSize[1] {
                        var total = bias.map { Double($0[o]) } ?? 0
                        for c in 0..<cin {
                            for t0 in 0..<axes[0].kernel {
                                guard let i = source(m0 * axes[0].stride + t0 * axes[0].dilation - axes[0].padBefore,
                                                     extent: inSize[0], mode: mode) else { continue }
                                for t1 in 0..<axes[1].kernel {
                                    guard let j = source(m1 * axes[1].stride + t1 * axes[1].dilation - axes[1].padBefore,
                                                         extent: inSize[1], mode: mode) else { continue }
                                    let wIndex = ((o * cin + c) * axes[0].kernel + t0) * axes[1].kernel + t1
                                    total += wv[wIndex] * xv[((b * cin + c) * inSize[0] + i) * inSize[1] + j]
                                }
                            }
                        }
                        y[((b * cout + o) * outSize[0] + m0) * outSize[1] + m1] = total
                    }
                }
            }
        }
        return ([batch, cout] + (geometry.axes.count == 1 ? [outSize[1]] : outSize), y)
    }

    /// The scatter form of a transposed convolution: every input cell n adds x[b, c, n] · W[c, o, t]
    /// to output cell n·s + t·d − p₋ when that cell exists; output extents `outputExtents`.
    static func transposedConvolution(_ x: Tensor, weight w: Tensor, bias: Tensor?, geometry: ConvolutionGeometry,
                                      outputExtents: [Int]) -> [Double] {
        let (batch, cin, cout) = (x.shape[0], x.shape[1], w.shape[1])
        let axes = geometry.axes.count == 1 ? [ConvolutionGeometry.Axis(kernel: 1)] + geometry.axes : geometry.axes
        let inSize = geometry.axes.count == 1 ? [1, x.shape[2]] : [x.shape[2], x.shape[3]]
        let outSize = outputExtents.count == 1 ? [1, outputExtents[0]] : outputExtents
        let (xv, wv) = (x.values.map(Double.init), w.values.map(Double.init))
        var y = [Double](repeating: 0, count: batch * cout * outSize[0] * outSize[1])
        for b in 0..<batch {
            for o in 0..<cout {
                let base = (b * cout + o) * outSize[0] * outSize[1]
                for i in 0..<(outSize[0] * outSize[1]) { y[base + i] = bias.map { Double($0[o]) } ?? 0 }
            }
            for c in 0..<cin {
                for n0 in 0..<inSize[0] {
                    for n1 in 0..<inSize[1] {
                        let value = xv[((b * cin + c) * inSize[0] + n0) * inSize[1] + n1]
                        for o in 0..<cout {
                            for t0 in 0..<axes[0].kernel {
                                let m0 = n0 * axes[0].stride + t0 * axes[0].dilation - axes[0].padBefore
                                guard m0 >= 0 && m0 < outSize[0] else { continue }
                                for t1 in 0..<axes[1].kernel {
                                    let m1 = n1 * axes[1].stride + t1 * axes[1].dilation - axes[1].padBefore
                                    guard m1 >= 0 && m1 < outSize[1] else { continue }
                                    let wIndex = ((c * cout + o) * axes[0].kernel + t0) * axes[1].kernel + t1
                                    y[((b * cout + o) * outSize[0] + m0) * outSize[1] + m1] += value * wv[wIndex]
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
