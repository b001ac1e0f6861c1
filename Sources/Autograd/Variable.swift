import NeuropCore

/// A tensor value in a computation that may be differentiated: the value and, when it was produced
/// on a `Tape`, where the tape recorded it. Operations on variables compute their value at once
/// and, if any input carries a tape, record their vector-Jacobian product on it.
public struct Variable {
    public let value: Tensor
    public let tape: Tape?
    let index: Int

    init(value: Tensor, tape: Tape?, index: Int) {
        self.value = value
        self.tape = tape
        self.index = index
    }

    /// A constant: no gradient flows into it.
    public init(_ value: Tensor) {
        self.init(value: value, tape: nil, index: -1)
    }

    public var shape: [Int] { value.shape }

    /// The value of `parameter` on this variable's tape (watched), or as a constant without one.
    public func use(_ parameter: Parameter) -> Variable {
        tape?.watch(parameter) ?? Variable(parameter.value)
    }

    /// Records a hand-written operation defined outside this module (a fused kernel): `value`
    /// computed from `inputs`, and its vector-Jacobian product, which maps the gradient of `value`
    /// to one gradient per input, shaped like it (nil for inputs with `needsGradient` false).
    /// Without a tape on any input the result is a constant and nothing is recorded.
    public static func operation(_ value: Tensor, inputs: [Variable],
                                 vectorJacobianProduct: @escaping (Tensor) -> [Tensor?]) -> Variable {
        result(value, inputs, backward: vectorJacobianProduct)
    }

    /// True when a gradient may need to flow into this variable (it was recorded on a tape);
    /// operations skip computing gradients for inputs where it is false.
    public var needsGradient: Bool { isRecorded }

    /// Records `value` as the result of an operation with `inputs` on their tape, if any has one.
    static func result(_ value: Tensor, _ inputs: [Variable], backward: @escaping (Tensor) -> [Tensor?]) -> Variable {
        guard let tape = commonTape(inputs) else { return Variable(value) }
        return tape.record(value, inputs: inputs, backward: backward)
    }

    static func commonTape(_ inputs: [Variable]) -> Tape? {
        var found: Tape?
        for v in inputs {
            guard let t = v.tape else { continue }
            if let f = found {
                precondition(f === t, "variables from two different tapes were combined")
            } else {
                found = t
            }
        }
        return found
    }

    /// True when a gradient may need to flow into this variable.
    var isRecorded: Bool { tape != nil && index >= 0 }
}
