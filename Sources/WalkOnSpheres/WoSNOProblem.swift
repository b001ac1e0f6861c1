/// The WoS-NO Poisson problem (Viswanath et al. 2026, "Operator Learning Using Weak Supervision from
/// Walk-on-Spheres"): Δu = f with f a sum of Gaussian bumps, u = g on ∂Ω with g a Fourier series in
/// the polar angle of the boundary point. No bumps gives the Laplace problem.
public struct WoSNOProblem: BoundaryValueProblem {
    public typealias Vector = Vector2
    public let bumps: GaussianBumps<Vector2>
    public let boundary: AngularFourierSeries

    public init(bumps: GaussianBumps<Vector2>, boundary: AngularFourierSeries) {
        self.bumps = bumps
        self.boundary = boundary
    }

    public func boundaryValue(at x: Vector2) -> Double { boundary.value(at: x) }
    public func source(at x: Vector2) -> Double { bumps.value(at: x) }
    public var hasSource: Bool { !bumps.bumps.isEmpty }
}
