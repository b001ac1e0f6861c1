/// The PDE data a walk reads: the Poisson problem Δu = f in Ω, u = g on ∂Ω (Laplace when f = 0).
///
/// Mind the sign: Δu = f, so f = −1 describes −Δu = 1. The estimator holds no problem data; a
/// problem holds no walk settings.
public protocol BoundaryValueProblem {
    associatedtype Vector: EuclideanVector

    /// g, read where a walk ends (a point of ∂Ω, or within the tolerance the domain documents).
    func boundaryValue(at x: Vector) -> Double

    /// f, read at the Green's-function sample of every step when `hasSource`.
    func source(at x: Vector) -> Double

    /// False for Laplace problems: the walk then draws no source samples at all.
    var hasSource: Bool { get }
}

/// A problem given by closures: `DirichletProblem(boundary: g)` for Laplace, add `source: f` for Poisson.
public struct DirichletProblem<Vector: EuclideanVector>: BoundaryValueProblem {
    public let boundary: (Vector) -> Double
    public let sourceTerm: ((Vector) -> Double)?

    public init(boundary: @escaping (Vector) -> Double, source: ((Vector) -> Double)? = nil) {
        self.boundary = boundary
        self.sourceTerm = source
    }

    @inlinable public func boundaryValue(at x: Vector) -> Double { boundary(x) }
    @inlinable public func source(at x: Vector) -> Double { sourceTerm?(x) ?? 0 }
    @inlinable public var hasSource: Bool { sourceTerm != nil }
}
