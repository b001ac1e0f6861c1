/// The difference A \ B: A with the closure of B removed (a hole, a notch).
///
/// `distanceBound` = min(b_A, −b_B): inside, a ball of that radius lies inside A and outside B;
/// outside, the distance to A \ B is at least the distance to A and, within B, the distance to ∂B.
/// `signedDistance` is the same combination of the parts' signed distances — the usual CSG
/// combination, a lower bound in magnitude rather than always exact. The closest boundary point is
/// the part's that attains the minimum; as for `Union`, it can miss ∂(A \ B) only where both
/// boundaries come within ε of the walk.
public struct Difference<A: Domain, B: Domain>: Domain where A.Vector == B.Vector {
    public typealias Vector = A.Vector
    public let outer: A
    public let removed: B

    public init(_ outer: A, minus removed: B) {
        self.outer = outer
        self.removed = removed
    }

    @inlinable public func distanceBound(_ x: Vector) -> Double { min(outer.distanceBound(x), -removed.distanceBound(x)) }

    @inlinable public func signedDistance(_ x: Vector) -> Double { min(outer.signedDistance(x), -removed.signedDistance(x)) }

    @inlinable public func closestBoundaryPoint(_ x: Vector) -> Vector {
        outer.signedDistance(x) <= -removed.signedDistance(x) ? outer.closestBoundaryPoint(x) : removed.closestBoundaryPoint(x)
    }

    @inlinable public func contains(_ x: Vector) -> Bool { outer.contains(x) && removed.signedDistance(x) < 0 }

    public var boundingBox: (lower: Vector, upper: Vector) { outer.boundingBox }
}
