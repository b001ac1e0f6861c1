import Autograd

/// A neural operator on gridded fields: maps a batch `[B, C_in, n1, …]` to `[B, C_out, n1, …]`
/// on the same grid. The training pipeline, `neurop eval` and `neurop compare` need only this.
public protocol FieldOperator: Module {
    var inChannels: Int { get }
    var outChannels: Int { get }
    func callAsFunction(_ x: Variable) -> Variable
}
