import Autograd
import NeuropCore

/// A neural operator on gridded fields: maps a batch `[B, C_in, n1, …]` to `[B, C_out, n1, …]`
/// on the same grid. The training pipeline, `neurop eval` and `neurop compare` need only this.
public protocol FieldOperator: Module {
    var inChannels: Int { get }
    var outChannels: Int { get }
    func callAsFunction(_ x: Variable) -> Variable
    /// Fits what the operator takes from the data rather than learns (a POD-DeepONet's basis) to
    /// the normalised training targets `[n, C_out, n1, …]`, once at the start of a run; returns a
    /// sentence for the user saying what was fitted, or nil when nothing was.
    func adapt(toTrainingTargets targets: Tensor) throws -> String?
}

extension FieldOperator {
    /// Most operators learn everything.
    public func adapt(toTrainingTargets targets: Tensor) throws -> String? { nil }
}
