import Autograd
import NeuralNetworks
import NeuropCore
import SpectralKernels

/// A learned spectral convolution `y = IRFFT(R · RFFT(x)|kept) + b` (see `SpectralConvolution` for
/// the maths and which modes are kept): weight `[K, I, O, 2]` (per kept mode a complex `I × O`
/// matrix), bias `[O]`.
///
/// Initialised as neuraloperator's `SpectralConv`: with `σ = √(2/(I + O))`, every complex weight
/// entry is `N(0, σ²)` (real and imaginary parts each `N(0, σ²/2)`, torch's complex normal) and the
/// bias is `σ · N(0, 1)`.
public final class SpectralConv: Module {
    public let weight: Parameter
    public let bias: Parameter
    public let operation: SpectralConvolution

    /// - Parameter modes: kept modes in `SpectralConvolution`'s convention (`[6, 7]` for
    ///   neuraloperator's `n_modes = (12, 12)`).
    public init(_ inChannels: Int, _ outChannels: Int, modes: [Int], rng: inout RandomStream) {
        operation = SpectralConvolution(inChannels: inChannels, outChannels: outChannels, modes: modes)
        let std = (2 / Double(inChannels + outChannels)).squareRoot()
        let partStd = std / 2.0.squareRoot()
        weight = Parameter(Tensor(shape: operation.weightShape) { _ in Float(partStd * rng.normal()) })
        bias = Parameter(Tensor(shape: [outChannels]) { _ in Float(std * rng.normal()) })
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Variable) -> Variable {
        x.spectralConvolution(weight: x.use(weight), bias: x.use(bias), operation)
    }
}
