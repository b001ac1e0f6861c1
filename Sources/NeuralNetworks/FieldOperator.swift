import Autograd
import NeuropCore

/// A neural operator on gridded fields: maps a batch `[B, C_in, n1, …]` to `[B, C_out, n1, …]`
/// on the same grid. The training pipeline, `neurop eval` and `neurop compare` need only this.
public protocol FieldOperator: Module {
    var inChannels: Int { get }
    var outChannels: Int { get }
    func callAsFunction(_ x: Variable) -> Variable

    /// Fits what the operator takes from the data rather than learns (a POD-DeepONet's basis) to
    /// the normalised training targets `[n, C_out, n1, …]` (nil when they are at scattered points),
    /// once at the start of a run; returns a sentence for the user saying what was fitted, or nil
    /// when nothing was. Throws when the operator cannot be fitted to such targets.
    func adapt(toTrainingTargets targets: Tensor?) throws -> String?

    /// The output at scattered points of the plane: inputs `x` `[B, C_in, n1, n2]` on the node grid
    /// spanning the box `lower`…`upper`, points `[B, P, 2]` in the same coordinates → `[B, C_out, P]`.
    /// Grid operators interpolate their grid output bilinearly (the default); an operator that can
    /// be queried anywhere (DeepONet's trunk) evaluates there directly.
    func evaluate(_ x: Variable, at points: Tensor, lower: (Float, Float), upper: (Float, Float)) -> Variable

    /// The output at grid nodes only: `x` `[B, C_in, n1, …]` → `[B, C_out, K]` at the flat node
    /// indices `nodes` (a random subset of queries per batch, `data.query_points`). Grid operators
    /// compute the whole grid and read the nodes (the default); an operator whose cost grows with
    /// the queries (DeepONet's trunk) evaluates only there.
    func evaluate(_ x: Variable, atNodes nodes: [Int]) -> Variable
}

extension FieldOperator {
    /// Most operators learn everything.
    public func adapt(toTrainingTargets targets: Tensor?) throws -> String? { nil }

    /// The grid output, interpolated bilinearly at the points (`Variable.bilinear(at:)`).
    public func evaluate(_ x: Variable, at points: Tensor, lower: (Float, Float), upper: (Float, Float)) -> Variable {
        self(x).bilinear(at: points, lower: lower, upper: upper)
    }

    /// The grid output read at the nodes (`Variable.gatheringNodes`).
    public func evaluate(_ x: Variable, atNodes nodes: [Int]) -> Variable {
        self(x).gatheringNodes(nodes)
    }
}
