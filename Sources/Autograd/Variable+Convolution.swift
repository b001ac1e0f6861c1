import ConvolutionKernels
import NeuropCore

/// Convolutions as differentiable operations: the kernels' forward and backward wired into the
/// tape. Each saves its input and weight (what its backward needs) and nothing else.
extension Variable {
    /// k×k convolution (1D or 2D; stride, dilation, zero/circular/reflect padding): see `Convolution`.
    public func convolution(weight: Variable, bias: Variable? = nil, _ convolution: Convolution) -> Variable {
        let (x, w) = (value, weight.value)
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        // Not `bias` itself: a Variable in the closure would hold the tape that holds the closure.
        let hasBias = bias != nil
        return Variable.result(convolution.forward(x, weight: w, bias: bias?.value), inputs) { g in
            let grads = convolution.backward(gradOutput: g, input: x, weight: w)
            return [grads.gradInput, grads.gradWeight] + (hasBias ? [grads.gradBias] : [])
        }
    }

    /// Transposed convolution (1D or 2D, stride ≥ 1, output padding): see `TransposedConvolution`.
    public func transposedConvolution(weight: Variable, bias: Variable? = nil,
                                      _ convolution: TransposedConvolution) -> Variable {
        let (x, w) = (value, weight.value)
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        // Not `bias` itself: a Variable in the closure would hold the tape that holds the closure.
        let hasBias = bias != nil
        return Variable.result(convolution.forward(x, weight: w, bias: bias?.value), inputs) { g in
            let grads = convolution.backward(gradOutput: g, input: x, weight: w)
            return [grads.gradInput, grads.gradWeight] + (hasBias ? [grads.gradBias] : [])
        }
    }

    /// Pointwise (1×1) channel mixing `W x + b` over any number of spatial axes: see `ChannelMixing`.
    public func channelMixing(weight: Variable, bias: Variable? = nil) -> Variable {
        let (x, w) = (value, weight.value)
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        // Not `bias` itself: a Variable in the closure would hold the tape that holds the closure.
        let hasBias = bias != nil
        return Variable.result(ChannelMixing.forward(x, weight: w, bias: bias?.value), inputs) { g in
            let grads = ChannelMixing.backward(gradOutput: g, input: x, weight: w)
            return [grads.gradInput, grads.gradWeight] + (hasBias ? [grads.gradBias] : [])
        }
    }
}
