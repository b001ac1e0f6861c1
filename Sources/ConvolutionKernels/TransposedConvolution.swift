import NeuropCore

/// A 1D or 2D transposed convolution, as PyTorch's `conv_transpose1d`/`conv_transpose2d` with zero
/// padding: the adjoint, with respect to its input, of the `Convolution` of the same geometry.
///
/// Input `[B, C, n…]`, weight `[C, O, k…]` (PyTorch's layout: input channels first), bias `[O]`.
/// Each input cell scatters its kernel-weighted copy into the output,
///
///     y[b, o, m] = bias[o] + Σ_c Σ_{n, t : n·s + t·d − p₋ = m} x[b, c, n] · W[c, o, t]     (per axis),
///
/// so per axis `m_out = (n − 1)·s − p₋ − p₊ + d(k − 1) + 1 + a`, where `geometry`'s padding crops p₋
/// and p₊ cells (PyTorch's `padding`) and `outputPadding` a adds cells at the end (PyTorch's
/// `output_padding`, which must be below the stride or the dilation). In multigrid networks a stride-2
/// 4 × 4 (p = 1) or 3 × 3 (p = 1) transposed convolution prolongs a coarse grid to a fine one; an odd
/// fine grid such as 85 from a coarse 43 takes a = 0 for k = 3 and needs p₊ = 2 for k = 4.
public struct TransposedConvolution: Sendable, Equatable {
    public var geometry: ConvolutionGeometry
    public var outputPadding: [Int]
    /// The lowering of the convolution this one is the adjoint of (whose input channels are O).
    public var strategy: ConvolutionStrategy

    /// - Parameter outputPadding: cells added at the end of each spatial axis; zeros by default.
    public init(geometry: ConvolutionGeometry, outputPadding: [Int]? = nil, strategy: ConvolutionStrategy = .automatic) {
        let a = outputPadding ?? Array(repeating: 0, count: geometry.spatialRank)
        precondition(a.count == geometry.spatialRank, "outputPadding \(a) needs \(geometry.spatialRank) entries")
        for (axis, extra) in zip(geometry.axes, a) {
            precondition(extra >= 0 && extra < max(axis.stride, axis.dilation),
                         "outputPadding \(extra) must be non-negative and below stride \(axis.stride) or dilation \(axis.dilation)")
        }
        self.geometry = geometry
        self.outputPadding = a
        self.strategy = strategy
    }

    /// Output extents for input extents `spatial`.
    public func outputExtents(_ spatial: [Int]) -> [Int] {
        precondition(spatial.count == geometry.spatialRank, "spatial extents \(spatial) do not match \(geometry.spatialRank) axes")
        return zip(zip(geometry.axes, spatial), outputPadding).map { pair, extra in
            let (axis, n) = pair
            return (n - 1) * axis.stride - axis.padBefore - axis.padAfter + axis.span + extra
        }
    }

    /// `[B, O, out…]` for an input `[B, C, in…]` and a weight `[C, O, k…]`.
    public func outputShape(input: [Int], weight: [Int]) -> [Int] {
        let lowered = plan(input: input, weight: weight)
        return [lowered.batch, lowered.geometry.channels] + outputExtents(Array(input.dropFirst(2)))
    }

    /// y = convᵀ(x, W) + bias.
    public func forward(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let lowered = plan(input: input.shape, weight: weight.shape)
        if let bias {
            precondition(bias.shape == [lowered.geometry.channels], "bias \(bias.shape) does not match weight \(weight.shape)")
        }
        var output = Tensor(uninitializedShape: outputShape(input: input.shape, weight: weight.shape))
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                withBaseAddress(of: bias) { b in
                    output.withUnsafeMutableBufferPointer { y in
                        lowered.adjoint(gradOutput: x.baseAddress!, weight: w.baseAddress!, bias: b, gradInput: y.baseAddress!)
                    }
                }
            }
        }
        return output
    }

    /// The gradients given ∂loss/∂y: x̄ = conv(ȳ, W) (the forward convolution of the same geometry),
    /// W̄[c, o, t] = Σ_b Σ_n x[b, c, n] · col(ȳ_b)[(o, t), n], bias̄[o] = Σ_{b,m} ȳ[b, o, m].
    public func backward(gradOutput: Tensor, input: Tensor, weight: Tensor)
        -> (gradInput: Tensor, gradWeight: Tensor, gradBias: Tensor)
    {
        let lowered = plan(input: input.shape, weight: weight.shape)
        let expected = outputShape(input: input.shape, weight: weight.shape)
        precondition(gradOutput.shape == expected, "gradOutput \(gradOutput.shape) is not the output shape \(expected)")
        var gradInput = Tensor(uninitializedShape: input.shape)
        var gradWeight = Tensor(uninitializedShape: weight.shape)
        gradOutput.withUnsafeBufferPointer { gy in
            input.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    gradInput.withUnsafeMutableBufferPointer { gx in
                        lowered.forward(input: gy.baseAddress!, weight: w.baseAddress!, bias: nil, output: gx.baseAddress!)
                    }
                    gradWeight.withUnsafeMutableBufferPointer { gw in
                        lowered.weightGradient(input: gy.baseAddress!, gradOutput: x.baseAddress!, weight: w.baseAddress!,
                                               gradWeight: gw.baseAddress!, gradInput: nil)
                    }
                }
            }
        }
        return (gradInput, gradWeight, gradOutput.channelSums())
    }

    /// The convolution this one is the adjoint of: from the output `[B, O, out…]` to the input
    /// `[B, C, in…]`, weight `[C, O, k…]` read as `C × O·k…`.
    private func plan(input: [Int], weight: [Int]) -> BatchedConvolution {
        let rank = geometry.spatialRank
        precondition(input.count == rank + 2, "a \(rank)D transposed convolution needs input [B, C, …\(rank) axes], got \(input)")
        precondition(weight.count == rank + 2 && weight[0] == input[1]
                     && Array(weight.dropFirst(2)) == geometry.kernelShape,
                     "weight \(weight) does not match input \(input) and kernel \(geometry.kernelShape)")
        let spatial = Array(input.dropFirst(2))
        let out = outputExtents(spatial)
        precondition(out.allSatisfy { $0 >= 1 }, "input extents \(spatial) give output extents \(out)")
        let sample = SampleGeometry(channels: weight[1], spatial: out, geometry: geometry, mode: .zero,
                                           outputExtents: spatial)
        return BatchedConvolution(geometry: sample, outChannels: input[1], batch: input[0], strategy: strategy)
    }
}
