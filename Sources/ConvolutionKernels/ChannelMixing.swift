import NeuropCore

/// A pointwise (1 × 1) convolution over any number of spatial axes: y[b, :, n] = W · x[b, :, n] + bias.
///
/// Input `[B, C, n…]` (any number of spatial axes, or none), weight `[O, C]` optionally followed by
/// unit axes (PyTorch's `[O, C, 1, 1]`), bias `[O]`. The sample `[C, N]` is its own im2col matrix, so
/// each sample is a single GEMM in each direction: y_b = W x_b, x̄_b = Wᵀ ȳ_b, W̄ += ȳ_b x_bᵀ.
public enum ChannelMixing {
    /// y = W · x + bias at every spatial cell.
    public static func forward(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let (convolution, flatInput) = pointwise(input: input, weight: weight)
        let flatWeight = weight.reshaped([weight.shape[0], weight.shape[1], 1])
        let output = convolution.forward(flatInput, weight: flatWeight, bias: bias)
        return output.reshaped([input.shape[0], weight.shape[0]] + input.shape.dropFirst(2))
    }

    /// x̄ = Wᵀ ȳ, W̄ = Σ_{b,n} ȳ[b, :, n] x[b, :, n]ᵀ (in `weight`'s shape), bias̄ = Σ_{b,n} ȳ[b, :, n].
    public static func backward(gradOutput: Tensor, input: Tensor, weight: Tensor)
        -> (gradInput: Tensor, gradWeight: Tensor, gradBias: Tensor)
    {
        let (convolution, flatInput) = pointwise(input: input, weight: weight)
        let cells = flatInput.shape[2]
        precondition(gradOutput.shape == [input.shape[0], weight.shape[0]] + input.shape.dropFirst(2),
                     "gradOutput \(gradOutput.shape) does not match input \(input.shape) and weight \(weight.shape)")
        let grads = convolution.backward(gradOutput: gradOutput.reshaped([input.shape[0], weight.shape[0], cells]),
                                         input: flatInput, weight: weight.reshaped([weight.shape[0], weight.shape[1], 1]))
        return (grads.gradInput.reshaped(input.shape), grads.gradWeight.reshaped(weight.shape), grads.gradBias)
    }

    /// The 1-tap 1D convolution over the flattened spatial cells, and the input viewed as `[B, C, N]`.
    private static func pointwise(input: Tensor, weight: Tensor) -> (Convolution, Tensor) {
        precondition(input.rank >= 2, "channel mixing needs input [B, C, …], got \(input.shape)")
        precondition(weight.rank >= 2 && weight.shape[1] == input.shape[1] && weight.shape.dropFirst(2).allSatisfy { $0 == 1 },
                     "weight \(weight.shape) is not [O, \(input.shape[1])] (optionally with unit axes)")
        let cells = input.shape.dropFirst(2).reduce(1, *)
        let convolution = Convolution(geometry: ConvolutionGeometry([.init(kernel: 1)]))
        return (convolution, input.reshaped([input.shape[0], input.shape[1], cells]))
    }
}
