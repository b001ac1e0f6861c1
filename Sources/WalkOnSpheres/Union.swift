/// The union A ∪ B of two domains.
///
/// `distanceBound` = max(b_A, b_B): inside the union the larger bound's ball lies inside A or inside
/// B, so it is empty of ∂(A ∪ B); outside both it is −min of the two distances, exact for exact
/// parts. `signedDistance` is the same combination of the parts' signed distances (exact outside,
/// a lower bound inside). The closest boundary point is the part's whose signed distance is the
/// larger; it can lie inside the other part only where both boundaries come within ε of the walk,
/// an O(ε) bias like the ε-shell's own.
public struct Union<A: Domain, B: Domain>: Domain where A.Vector == B.Vector {
    public typealias Vector = A.Vector
    public let first: A
    public let second: B

    public init(_ first: A, _ second: B) {
        self.first = first
        self.second = second
    }

    @inlinable public func distanceBound(_ x: Vector) -> Double { max(first.distanceBound(x), second.distanceBound(x)) }

    @inlinable public func signedDistance(_ x: Vector) -> Double { max(first.signedDistance(x), second.signedDistance(x)) }

    @inlinable public func closestBoundaryPoint(_ x: Vector) -> Vector {
        first.signedDistance(x) >= second.signedDistance(x) ? first.closestBoundaryPoint(x) : second.closestBoundaryPoint(x)
    }

    @inlinable public func contains(_ x: Vector) -> Bool { first.contains(x) || second.contains(x) }

    public var boundingBox: (lower: Vector, upper: Vector) {
        let (a, b) = (first.boundingBox, second.boundingBox)
        var lower = a.lower, upper = a.upper
        for axis in 0..<Vector.dimension {
            lower[axis] = min(lower[axis], b.lower[axis])
            upper[axis] = max(upper[axis], b.upper[axis])
        }
        return (lower, upper)
    }
}
