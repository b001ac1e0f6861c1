import Autograd
import NeuropCore

/// The loss against targets at points (Walk-on-Spheres estimates), on decoded predictions at the
/// points `u` `[B, 1, P]` against the values `v` `[B, P]`, with per-point weights
/// `w_p = m_p · ω_p`: `m_p` ∈ {0, 1} the `inside` mask (points outside the domain carry no target
/// and no weight) and
///
/// - `uniform`: `ω_p = 1`;
/// - `inverse_variance`: `ω_p = s̄² / (s_p² + s̄²)`, `s_p` the point's standard error and `s̄²` the
///   mean squared standard error of the training targets: inverse-variance weighting `1/(s_p² + s̄²)`
///   scaled into (0, 1]. A point whose walks disagree counts less; the `s̄²` keeps points next to
///   the boundary, where walks stop at once and `s_p → 0`, from outweighing the rest.
///
/// Per sample b, with sums over the points of the sample:
///
/// - `relative_l2`: `L_b = √(Σ w (u − v)²) / √(Σ w v²)` (the grid loss's metric at the points);
/// - `mse`: `L_b = Σ w (u − v)² / Σ w` (weighted mean squared error).
///
/// Samples combine as `reduction` says (mean or sum). Gradient, per point:
/// `w (u − v) / (√(Σ w (u − v)²) √(Σ w v²))` and `2 w (u − v) / Σ w`. Point sums, not quadrature:
/// uniform random points make them Monte Carlo estimates of the integrals over Ω, up to the
/// factor |Ω|/P, which cancels in the relative error.
public struct PointLoss: Equatable, Sendable {
    public enum Weighting: String, CaseIterable, Sendable {
        case uniform
        case inverseVariance = "inverse_variance"
    }

    public var kind: TrainingLoss.Kind
    public var reduction: TrainingLoss.Reduction
    public var weighting: Weighting
    /// s̄² of the training targets (used by `inverse_variance`).
    public var meanSquaredStandardError: Double

    public init(_ kind: TrainingLoss.Kind, reduction: TrainingLoss.Reduction = .mean, weighting: Weighting = .uniform,
                meanSquaredStandardError: Double = 0) {
        precondition(kind == .relativeL2 || kind == .mse, "point targets take the relative_l2 or mse loss, not \(kind.rawValue)")
        self.kind = kind
        self.reduction = reduction
        self.weighting = weighting
        self.meanSquaredStandardError = meanSquaredStandardError
    }

    /// The weights `w` `[B, P]` of a batch of targets.
    public func weights(_ targets: PointTargets) -> [Float] {
        let floor = meanSquaredStandardError
        return targets.inside.withUnsafeBufferPointer { m in
            targets.standardError.withUnsafeBufferPointer { s in
                (0..<m.count).map { k in
                    guard m[k] != 0 else { return 0 }
                    switch weighting {
                    case .uniform: return 1
                    case .inverseVariance:
                        let variance = Double(s[k]) * Double(s[k])
                        return floor > 0 ? Float(floor / (variance + floor)) : 1
                    }
                }
            }
        }
    }

    /// The differentiable loss of predictions `[B, 1, P]` at the points of `targets`.
    public func callAsFunction(_ prediction: Variable, _ targets: PointTargets) -> Variable {
        let (batch, count) = (targets.count, targets.pointCount)
        precondition(prediction.shape == [batch, 1, count], "point predictions must be [\(batch), 1, \(count)], got \(prediction.shape)")
        let w = weights(targets), kind = self.kind
        let u = prediction.value
        var diff = [Double](repeating: 0, count: batch * count)
        var errors = [Double](repeating: 0, count: batch), scales = [Double](repeating: 0, count: batch)
        u.withUnsafeBufferPointer { up in
            targets.values.withUnsafeBufferPointer { vp in
                for b in 0..<batch {
                    var e = 0.0, n = 0.0
                    for k in (b * count)..<((b + 1) * count) where w[k] != 0 {
                        let d = Double(up[k]) - Double(vp[k])
                        diff[k] = d
                        e += Double(w[k]) * d * d
                        n += kind == .relativeL2 ? Double(w[k]) * Double(vp[k]) * Double(vp[k]) : Double(w[k])
                    }
                    errors[b] = e
                    scales[b] = n
                }
            }
        }
        let combine = reduction == .mean ? 1 / Double(batch) : 1
        var total = 0.0
        for b in 0..<batch where scales[b] > 0 {
            total += kind == .relativeL2 ? (errors[b] / scales[b]).squareRoot() : errors[b] / scales[b]
        }
        return Variable.operation(Tensor(Float(total * combine)), inputs: [prediction]) { g in
            var grad = Tensor(shape: [batch, 1, count])
            grad.withUnsafeMutableBufferPointer { d in
                for b in 0..<batch where scales[b] > 0 && errors[b] > 0 {
                    let factor = kind == .relativeL2 ? 1 / (errors[b].squareRoot() * scales[b].squareRoot()) : 2 / scales[b]
                    let f = Double(g.scalar) * combine * factor
                    for k in (b * count)..<((b + 1) * count) where w[k] != 0 { d[k] = Float(f * Double(w[k]) * diff[k]) }
                }
            }
            return [grad]
        }
    }

    /// Per-sample relative L2 errors and mean squared errors of predictions `[N, P]` (or `[N, 1, P]`)
    /// at the points of `targets`, over the target points, unweighted: the test metrics.
    public static func metrics(_ prediction: Tensor, _ targets: PointTargets) -> (relativeL2: [Double], mse: [Double]) {
        let (n, count) = (targets.count, targets.pointCount)
        precondition(prediction.count == n * count, "point predictions \(prediction.shape) do not match [\(n), \(count)]")
        var relative = [Double](repeating: 0, count: n), mse = [Double](repeating: 0, count: n)
        prediction.withUnsafeBufferPointer { up in
            targets.values.withUnsafeBufferPointer { vp in
                targets.inside.withUnsafeBufferPointer { m in
                    for b in 0..<n {
                        var e = 0.0, norm = 0.0, points = 0.0
                        for k in (b * count)..<((b + 1) * count) where m[k] != 0 {
                            let d = Double(up[k]) - Double(vp[k])
                            e += d * d
                            norm += Double(vp[k]) * Double(vp[k])
                            points += 1
                        }
                        relative[b] = (e / norm).squareRoot()
                        mse[b] = e / points
                    }
                }
            }
        }
        return (relative, mse)
    }
}
