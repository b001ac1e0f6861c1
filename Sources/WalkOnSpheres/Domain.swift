/// A region Ω of ℝ² or ℝ³ as Walk-on-Spheres sees it: through distance queries only.
///
/// A walk at x jumps to a random point of the sphere of radius R around x, and stays unbiased for any
/// R with 0 < R ≤ dist(x, ∂Ω): the ball must be empty of boundary, not the largest such ball. So a
/// domain supplies a cheap *lower bound* of the distance (`distanceBound`), the point of ∂Ω where a
/// walk that came within ε ends (`closestBoundaryPoint`), and exact queries for setting problems up
/// (`contains`, `signedDistance`, `boundingBox`). A new shape is only a new set of these functions.
///
/// Sign convention: distances are positive inside Ω and negative outside.
public protocol Domain {
    associatedtype Vector: EuclideanVector

    /// A signed lower bound b(x) of the distance to ∂Ω: |b| ≤ dist(x, ∂Ω), b > 0 only inside and
    /// b < 0 only outside. The walk's sphere radius; a tighter bound means fewer steps.
    func distanceBound(_ x: Vector) -> Double

    /// The signed distance to ∂Ω (positive inside): exact, or within a documented tolerance.
    func signedDistance(_ x: Vector) -> Double

    /// The point of ∂Ω nearest to x (where a walk ends and reads the boundary data).
    func closestBoundaryPoint(_ x: Vector) -> Vector

    /// Whether x lies in the open domain Ω (points of ∂Ω are outside).
    func contains(_ x: Vector) -> Bool

    /// An axis-aligned box holding Ω.
    var boundingBox: (lower: Vector, upper: Vector) { get }
}
