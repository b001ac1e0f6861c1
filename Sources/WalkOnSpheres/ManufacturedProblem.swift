/// A problem with a known solution: u = h + b, h a harmonic polynomial and b a sum of Gaussian
/// bumps, so Δu = Δb = f and g = u on the boundary. Without bumps it is the Laplace problem with
/// solution h. Walk estimates can be checked against `solution(at:)` anywhere in any domain.
public struct ManufacturedProblem: BoundaryValueProblem {
    public typealias Vector = Vector2
    public let harmonic: HarmonicPolynomial
    public let bumps: GaussianBumps<Vector2>

    public init(harmonic: HarmonicPolynomial, bumps: GaussianBumps<Vector2>) {
        self.harmonic = harmonic
        self.bumps = bumps
    }

    /// The exact solution u = h + b.
    public func solution(at x: Vector2) -> Double { harmonic.value(at: x) + bumps.value(at: x) }

    public func boundaryValue(at x: Vector2) -> Double { solution(at: x) }
    public func source(at x: Vector2) -> Double { bumps.laplacian(at: x) }
    public var hasSource: Bool { !bumps.bumps.isEmpty }
}
