import Foundation

/// Learning rate as a function of the step (or epoch) count, as PyTorch's schedulers define them.
public enum LearningRateSchedule: Equatable, Sendable {
    case constant
    /// `η₀ γ^⌊t/stepSize⌋` (StepLR; the FNO paper uses stepSize 100, γ 0.5 over epochs).
    case step(stepSize: Int, gamma: Float)
    /// `η_min + (η₀ − η_min)(1 + cos(π t/T))/2` for t ≤ T (CosineAnnealingLR).
    case cosine(totalSteps: Int, minimum: Float = 0)
    /// OneCycleLR with cosine annealing: from `max/divFactor` up to `max` over the first
    /// `pctStart` of the steps, then down to `max/(divFactor·finalDivFactor)`; η₀ is the maximum.
    case oneCycle(totalSteps: Int, pctStart: Float = 0.3, divFactor: Float = 25, finalDivFactor: Float = 1e4)

    /// The rate at step `t` (0-based) for base rate `base`.
    public func rate(base: Float, step t: Int) -> Float {
        switch self {
        case .constant:
            return base
        case let .step(stepSize, gamma):
            return base * powf(gamma, Float(t / stepSize))
        case let .cosine(total, minimum):
            let s = Float(min(t, total)) / Float(max(total, 1))
            return minimum + (base - minimum) * (1 + cosf(.pi * s)) / 2
        case let .oneCycle(total, pct, div, finalDiv):
            let initial = base / div, final = initial / finalDiv
            let up = Float(pct * Float(total)) - 1
            let down = Float(total - 1)
            func anneal(_ from: Float, _ to: Float, _ fraction: Float) -> Float {
                to + (from - to) * (1 + cosf(.pi * fraction)) / 2
            }
            let x = Float(t)
            if x <= up { return anneal(initial, base, x / max(up, 1)) }
            return anneal(base, final, min(1, (x - up) / max(down - up, 1)))
        }
    }
}
