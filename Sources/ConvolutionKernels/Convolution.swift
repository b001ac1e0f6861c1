import NeuropCore

/// A 1D or 2D convolution on channel-first batches, as PyTorch's `conv1d`/`conv2d` (a
/// cross-correlation: the kernel is not flipped).
///
/// Input `[B, C, L]` or `[B, C, H, W]`, weight `[O, C, k]` or `[O, C, k_h, k_w]`, bias `[O]`:
///
///     y[b, o, n] = bias[o] + Σ_c Σ_t W[o, c, t] · x̃[b, c, n·s + t·d]     (per spatial axis),
///
/// x̃ being x padded by `padding` (zero, circular, or reflect without repeating the edge) with the
/// widths of `geometry`. The output extents are `geometry.outputExtents`. Forward and backward are
/// GEMMs on OpenBLAS, parallel over the batch, lowered as `strategy` says.
public struct Convolution: Sendable, Equatable {
    public var geometry: ConvolutionGeometry
    public var padding: Tensor.PaddingMode
    public var strategy: ConvolutionStrategy

    public init(geometry: ConvolutionGeometry, padding: Tensor.PaddingMode = .zero,
                strategy: ConvolutionStrategy = .automatic) {
        self.geometry = geometry
        self.padding = padding
        self.strategy = strategy
    }

    /// `[B, O, out…]` for an input `[B, C, in…]` and a weight `[O, C, k…]`.
    public func outputShape(input: [Int], weight: [Int]) -> [Int] {
        let lowered = plan(input: input, weight: weight)
        return [lowered.batch, lowered.outChannels] + geometry.outputExtents(Array(input.dropFirst(2)))
    }

    /// y = conv(x, W) + bias.
    public func forward(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let lowered = plan(input: input.shape, weight: weight.shape)
        if let bias {
            precondition(bias.shape == [lowered.outChannels], "bias \(bias.shape) does not match weight \(weight.shape)")
        }
        var output = Tensor(uninitializedShape: outputShape(input: input.shape, weight: weight.shape))
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                withBaseAddress(of: bias) { b in
                    output.withUnsafeMutableBufferPointer { y in
                        lowered.forward(input: x.baseAddress!, weight: w.baseAddress!, bias: b, output: y.baseAddress!)
                    }
                }
            }
        }
        return output
    }

    /// The gradients of a scalar loss with respect to x, W and bias given ∂loss/∂y (`gradOutput`):
    /// x̄ = padᵀ col2im(Wᵀ ȳ) (border gradients of circular/reflect padding folded back onto the cells
    /// they copy), W̄ = Σ_b ȳ_b col(x_b)ᵀ, bias̄[o] = Σ_{b,n} ȳ[b, o, n].
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
                        gradWeight.withUnsafeMutableBufferPointer { gw in
                            lowered.weightGradient(input: x.baseAddress!, gradOutput: gy.baseAddress!, weight: w.baseAddress!,
                                                   gradWeight: gw.baseAddress!, gradInput: gx.baseAddress!)
                        }
                    }
                }
            }
        }
        return (gradInput, gradWeight, gradOutput.channelSums())
    }

    private func plan(input: [Int], weight: [Int]) -> BatchedConvolution {
        let rank = geometry.spatialRank
        precondition(input.count == rank + 2, "a \(rank)D convolution needs input [B, C, …\(rank) axes], got \(input)")
        precondition(weight.count == rank + 2 && weight[1] == input[1]
                     && Array(weight.dropFirst(2)) == geometry.kernelShape,
                     "weight \(weight) does not match input \(input) and kernel \(geometry.kernelShape)")
        let sample = SampleGeometry(channels: input[1], spatial: Array(input.dropFirst(2)),
                                           geometry: geometry, mode: padding)
        return BatchedConvolution(geometry: sample, outChannels: weight[0], batch: input[0], strategy: strategy)
    }
}

/// Calls `body` with the base address of `tensor`'s elements, or with nil when there is no tensor.
func withBaseAddress<R>(of tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0.baseAddress!) }
}
