/// The ball |x − c| < R: a disk for `Vector2`, a ball for `Vector3`.
///
/// Distances are exact: signed distance R − |x − c|, closest boundary point c + R (x − c)/|x − c|.
public struct Ball<Vector: EuclideanVector>: Domain {
    public let center: Vector
    public let radius: Double

    /// Throws `invalidBall` unless the radius is positive and finite.
    public init(center: Vector = .zero, radius: Double) throws {
        guard radius > 0, radius.isFinite else { throw WalkOnSpheresError.invalidBall(radius: radius) }
        self.center = center
        self.radius = radius
    }

    @inlinable public func distanceBound(_ x: Vector) -> Double { radius - (x - center).length }

    @inlinable public func signedDistance(_ x: Vector) -> Double { radius - (x - center).length }

    /// At the centre every boundary point is nearest; the one along the first axis is returned.
    @inlinable public func closestBoundaryPoint(_ x: Vector) -> Vector {
        let offset = x - center
        let length = offset.length
        guard length > 0 else {
            var e = Vector.zero
            e[0] = radius
            return center + e
        }
        return center + (radius / length) * offset
    }

    @inlinable public func contains(_ x: Vector) -> Bool { (x - center).lengthSquared < radius * radius }

    public var boundingBox: (lower: Vector, upper: Vector) {
        var r = Vector.zero
        for axis in 0..<Vector.dimension { r[axis] = radius }
        return (center - r, center + r)
    }
}

public typealias Disk = Ball<Vector2>
