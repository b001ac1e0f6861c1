import Autograd
import NeuralNetworks
import NeuropCore

/// n independent MLPs of the same widths `[in, hidden…, 1]` on one shared input, evaluated together:
/// the stacked DeepONet's branch nets (Lu et al. 2021, Fig. 1c), one net per basis function.
///
/// Net j maps x `[B, in]` to one value; the result stacks the n values as `[B, n]`. Layer l holds
/// the weights of all nets as `weight` `[n, in_l, out_l]` and `bias` `[n, 1, out_l]`, each net
/// initialised as PyTorch's `nn.Linear` (uniform on ±1/√in_l). The first layer runs as one GEMM
/// of x with the nets' weights side by side (`[in, n·out]`); the later ones as n small GEMMs of a
/// batched product, since each net sees only its own hidden features.
public final class StackedMLP: Module {
    public let weights: [Parameter]
    public let biases: [Parameter]
    public let activation: Activation
    public let count: Int

    /// - Parameter widths: `[in, hidden…, 1]`, at least two entries, the last 1.
    public init(count: Int, widths: [Int], activation: Activation, rng: inout RandomStream) {
        precondition(count >= 1 && widths.count >= 2 && widths.last == 1, "stacked nets need n ≥ 1 and widths [in, …, 1], got \(count), \(widths)")
        var weights: [Parameter] = [], biases: [Parameter] = []
        for l in 0..<widths.count - 1 {
            let bound = 1 / Float(widths[l]).squareRoot()
            weights.append(Parameter(Initializer.uniform([count, widths[l], widths[l + 1]], bound: bound, rng: &rng)))
            biases.append(Parameter(Initializer.uniform([count, 1, widths[l + 1]], bound: bound, rng: &rng)))
        }
        self.weights = weights
        self.biases = biases
        self.activation = activation
        self.count = count
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        (0..<weights.count).flatMap { l in [("layers.\(l).weight", weights[l]), ("layers.\(l).bias", biases[l])] }
    }

    /// x `[B, in]` → `[B, n]`.
    public func callAsFunction(_ x: Variable) -> Variable {
        let n = count, batch = x.shape[0]
        let w0 = weights[0].value.shape
        precondition(x.rank == 2 && x.shape[1] == w0[1], "StackedMLP expects [B, \(w0[1])], got \(x.shape)")
        // First layer: all nets side by side, [B, in] · [in, n·h] → [B, n, h] → [n, B, h].
        let side = x.use(weights[0]).permuted([1, 0, 2]).reshaped([w0[1], n * w0[2]])
        var h = Variable.matmul(x, side) + x.use(biases[0]).reshaped([n * w0[2]])
        h = h.reshaped([batch, n, w0[2]]).permuted([1, 0, 2])
        for l in 1..<weights.count {
            h = activation(h)
            h = Variable.matmul(h, x.use(weights[l])) + x.use(biases[l])
        }
        return h.reshaped([n, batch]).permuted([1, 0])
    }
}
