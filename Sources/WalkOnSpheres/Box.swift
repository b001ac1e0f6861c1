/// The open axis-aligned box lower < x < upper: a rectangle for `Vector2`, a cuboid for `Vector3`.
///
/// Distances are exact. Inside, the signed distance is the smallest gap to a face,
/// min_i min(x_i − lower_i, upper_i − x_i), and the closest boundary point moves x onto that face;
/// outside it is −|x − clamp(x)| with the clamped point closest.
public struct Box<Vector: EuclideanVector>: Domain {
    public let lower: Vector
    public let upper: Vector

    /// Throws `invalidBox` unless lower < upper (finite) on every axis.
    public init(lower: Vector, upper: Vector) throws {
        for axis in 0..<Vector.dimension {
            guard lower[axis] < upper[axis], lower[axis].isFinite, upper[axis].isFinite else {
                throw WalkOnSpheresError.invalidBox(axis: axis, lower: lower[axis], upper: upper[axis])
            }
        }
        self.lower = lower
        self.upper = upper
    }

    @inlinable public func distanceBound(_ x: Vector) -> Double { signedDistance(x) }

    @inlinable public func signedDistance(_ x: Vector) -> Double {
        var inside = Double.infinity, outsideSquared = 0.0
        for axis in 0..<Vector.dimension {
            let gap = min(x[axis] - lower[axis], upper[axis] - x[axis])
            inside = min(inside, gap)
            if gap < 0 { outsideSquared += gap * gap }
        }
        return inside > 0 ? inside : -outsideSquared.squareRoot()
    }

    @inlinable public func closestBoundaryPoint(_ x: Vector) -> Vector {
        var p = x
        if contains(x) {
            var nearestAxis = 0, nearestGap = Double.infinity, face = 0.0
            for axis in 0..<Vector.dimension {
                if x[axis] - lower[axis] < nearestGap { (nearestAxis, nearestGap, face) = (axis, x[axis] - lower[axis], lower[axis]) }
                if upper[axis] - x[axis] < nearestGap { (nearestAxis, nearestGap, face) = (axis, upper[axis] - x[axis], upper[axis]) }
            }
            p[nearestAxis] = face
        } else {
            for axis in 0..<Vector.dimension { p[axis] = min(max(x[axis], lower[axis]), upper[axis]) }
        }
        return p
    }

    @inlinable public func contains(_ x: Vector) -> Bool {
        for axis in 0..<Vector.dimension where !(x[axis] > lower[axis] && x[axis] < upper[axis]) { return false }
        return true
    }

    public var boundingBox: (lower: Vector, upper: Vector) { (lower, upper) }
}
