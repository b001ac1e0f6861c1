import Autograd
import NeuropCore

/// A neural operator on gridded fields: maps a batch `[B, C_in, n1, …]` to `[B, C_out, n1, …]`
/// on the same grid. The training pipeline, `neurop eval` and `neurop compare` need only this.
public protocol FieldOperator: Module {
    var inChannels: Int { get }
    var outChannels: Int { get }
    func callAsFunction(_ x: Variable) -> Variable

    /// The output at scattered points of the plane: inputs `x` `[B, C_in, n1, n2]` on the node grid
    /// spanning the box `lower`…`upper`, points `[B, P, 2]` in the same coordinates → `[B, C_out, P]`.
    /// Grid operators interpolate their grid output bilinearly (the default); an operator that can
    /// be queried anywhere (DeepONet's trunk) evaluates there directly.
    func evaluate(_ x: Variable, at points: Tensor, lower: (Float, Float), upper: (Float, Float)) -> Variable
}

extension FieldOperator {
    /// The grid output, interpolated bilinearly at the points (`Variable.bilinear(at:)`).
    public func evaluate(_ x: Variable, at points: Tensor, lower: (Float, Float), upper: (Float, Float)) -> Variable {
        self(x).bilinear(at: points, lower: lower, upper: upper)
    }
}
