import Autograd
import NeuropCore

/// A multilayer perceptron over the last axis: Linear layers of the given widths with an activation
/// between them (and after the last one only when `activateLast`, as DeepONet's trunk does).
public final class MLP: Module {
    public let layers: [Linear]
    public let activation: Activation
    public let activateLast: Bool

    /// - Parameter widths: `[in, hidden…, out]`, at least two entries.
    public init(widths: [Int], activation: Activation = .gelu, activateLast: Bool = false, rng: inout RandomStream) {
        precondition(widths.count >= 2, "an MLP needs at least input and output widths, got \(widths)")
        var layers: [Linear] = []
        for i in 0..<widths.count - 1 { layers.append(Linear(widths[i], widths[i + 1], rng: &rng)) }
        self.layers = layers
        self.activation = activation
        self.activateLast = activateLast
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        Self.nest(layers.enumerated().map { ("layers.\($0.offset)", $0.element) })
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 || activateLast { h = activation(h) }
        }
        return h
    }
}
