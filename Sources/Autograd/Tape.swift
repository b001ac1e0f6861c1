import NeuropCore

/// The record of one forward pass, for reverse-mode differentiation.
///
/// Every operation on `Variable`s that carry this tape appends a node: the indices of its inputs
/// and a closure — the operation's hand-written vector-Jacobian product — that maps the gradient
/// of its output to gradients of its inputs. `gradients(of:)` walks the nodes once in reverse,
/// accumulating (`+=`) where a value was used more than once. A tape serves one step: drop it
/// afterwards and everything it holds (saved activations, closures) is freed, so memory stays flat
/// over any number of steps. Variables without a tape are plain values: that is inference.
public final class Tape {
    struct Node {
        let inputs: [Int]
        /// Gradients for `inputs`, in order (nil where an input needs none).
        let backward: ((Tensor) -> [Tensor?])?
        let parameter: Parameter?
        let shape: [Int]
    }

    var nodes: [Node] = []
    private var parameterNodes: [ObjectIdentifier: Int] = [:]

    public init() {}

    /// Number of recorded nodes (leaves included).
    public var count: Int { nodes.count }

    /// A differentiable leaf holding `value` (an input one wants the gradient of).
    public func variable(_ value: Tensor) -> Variable {
        nodes.append(Node(inputs: [], backward: nil, parameter: nil, shape: value.shape))
        return Variable(value: value, tape: self, index: nodes.count - 1)
    }

    /// Data on this tape that needs no gradient (a batch of inputs): operations on it are recorded,
    /// so that parameters they meet are watched, but no gradient is computed for it.
    public func constant(_ value: Tensor) -> Variable {
        Variable(value: value, tape: self, index: -1)
    }

    /// The leaf for `parameter`; repeated uses in one pass share it, so their gradients add up.
    public func watch(_ parameter: Parameter) -> Variable {
        let key = ObjectIdentifier(parameter)
        if let index = parameterNodes[key] {
            return Variable(value: parameter.value, tape: self, index: index)
        }
        nodes.append(Node(inputs: [], backward: nil, parameter: parameter, shape: parameter.value.shape))
        parameterNodes[key] = nodes.count - 1
        return Variable(value: parameter.value, tape: self, index: nodes.count - 1)
    }

    func record(_ value: Tensor, inputs: [Variable], backward: @escaping (Tensor) -> [Tensor?]) -> Variable {
        nodes.append(Node(inputs: inputs.map { $0.tape === self ? $0.index : -1 }, backward: backward,
                          parameter: nil, shape: value.shape))
        return Variable(value: value, tape: self, index: nodes.count - 1)
    }

    /// Gradients of the scalar `loss` with respect to every recorded value that it depends on.
    ///
    /// Gradients of watched parameters are also added to `Parameter.gradient` (accumulating across
    /// calls until `zeroGradient()`), which is what optimizers read.
    @discardableResult
    public func gradients(of loss: Variable, seed: Tensor? = nil) -> Gradients {
        precondition(loss.tape === self, "the loss was not computed on this tape")
        precondition(seed != nil || loss.value.count == 1, "gradients(of:) needs a scalar loss or a seed, got shape \(loss.value.shape)")
        var grads = [Tensor?](repeating: nil, count: nodes.count)
        grads[loss.index] = seed ?? Tensor(shape: loss.value.shape, repeating: 1)
        for i in stride(from: loss.index, through: 0, by: -1) {
            guard let g = grads[i] else { continue }
            let node = nodes[i]
            if let parameter = node.parameter {
                parameter.accumulate(g)
                continue
            }
            guard let backward = node.backward else { continue }
            let inputGrads = backward(g)
            for (input, ig) in zip(node.inputs, inputGrads) where input >= 0 {
                guard let ig else { continue }
                precondition(ig.shape == nodes[input].shape,
                             "internal: gradient shape \(ig.shape) for a value of shape \(nodes[input].shape)")
                if grads[input] == nil { grads[input] = ig } else { grads[input]!.addInPlace(ig) }
            }
            // Intermediate gradients are not kept past their use, so peak memory stays that of one pass.
            grads[i] = nil
        }
        return Gradients(values: grads)
    }
}

/// Gradients computed by `Tape.gradients(of:)`, looked up by the variable they belong to.
public struct Gradients {
    let values: [Tensor?]

    /// The gradient of the loss with respect to a leaf `variable` (zeros if it did not contribute).
    public subscript(_ variable: Variable) -> Tensor {
        if variable.index >= 0 && variable.index < values.count, let g = values[variable.index] { return g }
        return Tensor(shape: variable.value.shape, repeating: 0)
    }
}
