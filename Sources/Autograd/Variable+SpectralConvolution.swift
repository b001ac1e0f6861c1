import NeuropCore
import SpectralKernels

extension Variable {
    /// Spectral convolution `IRFFT(R · RFFT(x)|kept modes)` in 1D, 2D or 3D (see
    /// `SpectralConvolution`); `weight` is the real `[K, Cin, Cout, 2]` tensor of per-mode complex
    /// matrices. Saves only the kept input spectrum for backward.
    public func spectralConvolution(weight: Variable, _ convolution: SpectralConvolution) -> Variable {
        let w = weight.value
        let (output, context) = convolution.forwardKeepingContext(value, weight: w)
        return Variable.result(output, [self, weight]) { g in
            let grads = convolution.backward(g, context: context, weight: w)
            return [grads.gradInput, grads.gradWeight]
        }
    }
}
