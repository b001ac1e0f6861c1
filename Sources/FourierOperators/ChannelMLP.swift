import Autograd
import NeuralNetworks
import NeuropCore

/// A multilayer perceptron over the channels at every grid cell (neuraloperator's `ChannelMLP`):
/// pointwise linear maps `[in → hidden → … → out]` with GELU between them, none after the last.
/// Each map is PyTorch's `Conv1d(kernel_size=1)`: weight `[out, in]`, bias `[out]`, both uniform
/// on ±1/√in. Evaluated by one fused operation (`ChannelMLPKernel`) that keeps each tile of cells
/// in cache through all layers.
public final class ChannelMLP: Module {
    public let layers: [PointwiseLinear]

    /// - Parameter widths: `[in, hidden…, out]`, at least two entries.
    public init(widths: [Int], rng: inout RandomStream) {
        precondition(widths.count >= 2, "a channel MLP needs at least input and output widths, got \(widths)")
        layers = (0..<widths.count - 1).map { PointwiseLinear(widths[$0], widths[$0 + 1], rng: &rng) }
    }

    public var inChannels: Int { layers[0].weight.value.shape[1] }
    public var outChannels: Int { layers[layers.count - 1].weight.value.shape[0] }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        Self.nest(layers.enumerated().map { ("layers.\($0.offset)", $0.element) })
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let weights = layers.map { x.use($0.weight) }, biases = layers.map { x.use($0.bias!) }
        let kernel = ChannelMLPKernel(weights: weights.map(\.value), biases: biases.map(\.value))
        let input = x.value, needsInputGradient = x.needsGradient
        return Variable.operation(kernel.forward(input), inputs: [x] + weights + biases) { g in
            let grads = kernel.backward(g, input: input, needsInputGradient: needsInputGradient)
            return [grads.input] + grads.weights + grads.biases
        }
    }
}
