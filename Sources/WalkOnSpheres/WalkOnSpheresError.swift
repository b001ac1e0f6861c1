/// Bad input to the Walk-on-Spheres module: each case reads as one sentence that names the
/// problem and the fix.
public enum WalkOnSpheresError: Error, Equatable, CustomStringConvertible {
    case nonPositiveEpsilon(Double)
    case tooFewWalks(Int)
    case nonPositiveStepCap(Int)
    case pointOutsideDomain(index: Int, coordinates: [Double])
    case invalidBall(radius: Double)
    case invalidBox(axis: Int, lower: Double, upper: Double)
    case selfIntersectingStar(coefficients: [Double], minimumRadius: Double, angle: Double)
    case invalidStar(reason: String)
    case invalidPolygon(reason: String)
    case invalidProblem(reason: String)

    public var description: String {
        switch self {
        case .nonPositiveEpsilon(let e):
            return "the ε-shell width must be positive and finite, got \(e); use e.g. 1e-3 (the bias is O(ε), the walk length O(log 1/ε))."
        case .tooFewWalks(let n):
            return "the number of walks per point must be at least 1, got \(n); use e.g. 100 (the standard error falls like 1/√walks)."
        case .nonPositiveStepCap(let n):
            return "the step cap must be at least 1, got \(n); use e.g. 1000 (walks in convex domains need O(log 1/ε) steps)."
        case .pointOutsideDomain(let index, let coordinates):
            return "query point \(index) at (\(coordinates.map { "\($0)" }.joined(separator: ", "))) lies outside the domain or on its boundary; walks start strictly inside it."
        case .invalidBall(let radius):
            return "a ball needs a positive finite radius, got \(radius)."
        case .invalidBox(let axis, let lower, let upper):
            return "a box needs lower < upper on every axis, got [\(lower), \(upper)] on axis \(axis)."
        case .selfIntersectingStar(let c, let r, let angle):
            return "the star r(θ) = 1 + Σ c_k cos kθ with c = \(c) reaches r = \(r) ≤ 0 near θ = \(angle), so the curve passes through the origin and crosses itself; keep Σ|c_k| below 1."
        case .invalidStar(let reason):
            return "invalid star domain: \(reason)."
        case .invalidPolygon(let reason):
            return "invalid polygon: \(reason)."
        case .invalidProblem(let reason):
            return "invalid problem: \(reason)."
        }
    }
}
