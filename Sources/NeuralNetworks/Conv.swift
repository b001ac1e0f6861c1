import Autograd
import ConvolutionKernels
import NeuropCore

/// A learned convolution layer (1D or 2D): weight `[out, in, k…]`, optional bias `[out]`,
/// initialised as PyTorch's `nn.Conv*d` (uniform on ±1/√(in·Πk)).
public final class Conv: Module {
    public let weight: Parameter
    public let bias: Parameter?
    public let operation: Convolution

    public init(_ inChannels: Int, _ outChannels: Int, geometry: ConvolutionGeometry,
                padding: Tensor.PaddingMode = .zero, bias: Bool = true, rng: inout RandomStream) {
        let kernel = geometry.kernelShape
        let bound = 1 / Float(inChannels * kernel.reduce(1, *)).squareRoot()
        weight = Parameter(Initializer.uniform([outChannels, inChannels] + kernel, bound: bound, rng: &rng))
        self.bias = bias ? Parameter(Initializer.uniform([outChannels], bound: bound, rng: &rng)) : nil
        operation = Convolution(geometry: geometry, padding: padding)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        x.convolution(weight: x.use(weight), bias: bias.map { x.use($0) }, operation)
    }
}

/// A learned transposed convolution (1D or 2D): weight `[in, out, k…]`, optional bias `[out]`,
/// initialised as PyTorch's `nn.ConvTranspose*d` (uniform on ±1/√(out·Πk)).
public final class ConvTranspose: Module {
    public let weight: Parameter
    public let bias: Parameter?
    public let operation: TransposedConvolution

    public init(_ inChannels: Int, _ outChannels: Int, geometry: ConvolutionGeometry, outputPadding: [Int]? = nil,
                bias: Bool = true, rng: inout RandomStream) {
        let kernel = geometry.kernelShape
        let bound = 1 / Float(outChannels * kernel.reduce(1, *)).squareRoot()
        weight = Parameter(Initializer.uniform([inChannels, outChannels] + kernel, bound: bound, rng: &rng))
        self.bias = bias ? Parameter(Initializer.uniform([outChannels], bound: bound, rng: &rng)) : nil
        operation = TransposedConvolution(geometry: geometry, outputPadding: outputPadding)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        x.transposedConvolution(weight: x.use(weight), bias: bias.map { x.use($0) }, operation)
    }
}

/// Pointwise channel mixing `W x + b` at every grid cell (a 1×1 convolution over any number of
/// spatial axes): weight `[out, in]`, bias `[out]`, PyTorch's init (±1/√in).
public final class PointwiseLinear: Module {
    public let weight: Parameter
    public let bias: Parameter?

    public init(_ inChannels: Int, _ outChannels: Int, bias: Bool = true, rng: inout RandomStream) {
        let bound = 1 / Float(inChannels).squareRoot()
        weight = Parameter(Initializer.uniform([outChannels, inChannels], bound: bound, rng: &rng))
        self.bias = bias ? Parameter(Initializer.uniform([outChannels], bound: bound, rng: &rng)) : nil
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        x.channelMixing(weight: x.use(weight), bias: bias.map { x.use($0) })
    }
}
