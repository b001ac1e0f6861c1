import Autograd
import NeuropCore

/// The loss a run minimises, on decoded predictions against the raw targets (as the FNO paper does:
/// the output normaliser is undone before the loss, so the loss is the reported metric).
///
/// - `relative_l2`: `‖p_i − t_i‖₂ / ‖t_i‖₂` per sample over all grid points and channels.
/// - `h1`: the same with the H1 norm `‖u‖² = Σ u² + Σ_axes Σ (D u)²` (central differences, h = 1/n;
///   wrapping at the ends when `data.periodic`), neuraloperator's `H1Loss`.
/// - `mse`: mean squared error over all elements of the batch.
/// - `poisson_residual`: no targets — the physics-informed loss of Δu = f (`PoissonResidualLoss`),
///   which the trainer computes from the inputs instead of this type.
///
/// Against targets at points, `relative_l2` and `mse` are taken over the points (`PointLoss`).
///
/// `reduction` combines samples: `mean` averages over the batch; `sum` adds them up, as the FNO
/// paper's training script does (`LpLoss(size_average=False)`). With Adam the two differ only in
/// how strongly the L2 weight decay (added to the gradient) pulls against the loss: with `sum` it
/// is `batch_size` times weaker. Grid sums, not quadrature: no dependence on the grid spacing
/// except through the H1 derivatives.
public struct TrainingLoss: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case relativeL2 = "relative_l2"
        case h1
        case mse
        case poissonResidual = "poisson_residual"

        /// Whether the loss compares predictions with targets (all but `poisson_residual`).
        public var comparesWithTargets: Bool { self != .poissonResidual }
    }

    public enum Reduction: String, CaseIterable, Sendable {
        case mean, sum
    }

    public var kind: Kind
    public var reduction: Reduction
    public var periodic: Bool

    public init(_ kind: Kind, reduction: Reduction = .mean, periodic: Bool = false) {
        self.kind = kind
        self.reduction = reduction
        self.periodic = periodic
    }

    /// The differentiable loss of a batch.
    public func callAsFunction(_ prediction: Variable, _ target: Tensor) -> Variable {
        let combine: Loss.Reduction = reduction == .sum ? .sum : .mean
        switch kind {
        case .relativeL2: return Loss.relativeL2(prediction, target, reduction: combine)
        case .h1: return Loss.h1(prediction, target, periodic: periodic, reduction: combine)
        case .mse:
            let mean = Loss.mse(prediction, target)
            return reduction == .sum ? mean * Float(target.shape[0]) : mean
        case .poissonResidual:
            preconditionFailure("poisson_residual compares with no targets; the trainer uses PoissonResidualLoss")
        }
    }

    /// The loss value of a batch as a mean over its samples, whatever the reduction (what the
    /// metrics report, so runs with either reduction compare).
    public func meanPerSample(_ value: Float, batch: Int) -> Double {
        reduction == .sum ? Double(value) / Double(batch) : Double(value)
    }
}
