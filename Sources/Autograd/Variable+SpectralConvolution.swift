import NeuropCore
import SpectralKernels

extension Variable {
    /// Spectral convolution `IRFFT(R · RFFT(x)|kept modes) + b` in 1D, 2D or 3D (see
    /// `SpectralConvolution`); `weight` is the real `[K, Cin, Cout, 2]` tensor of per-mode complex
    /// matrices, `bias` an optional `[Cout]` added in place. Saves only the kept input spectrum.
    public func spectralConvolution(weight: Variable, bias: Variable? = nil, _ convolution: SpectralConvolution) -> Variable {
        let w = weight.value
        var (output, context) = convolution.forwardKeepingContext(value, weight: w)
        if let bias { output.addChannelBias(bias.value) }
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        // Not `bias` itself: a Variable in the closure would hold the tape that holds the closure.
        let hasBias = bias != nil
        return Variable.result(output, inputs) { g in
            let grads = convolution.backward(g, context: context, weight: w)
            return [grads.gradInput, grads.gradWeight] + (hasBias ? [g.channelSums()] : [])
        }
    }
}
