import NeuropCore

/// A point or displacement of space, in Float64 (a plain struct for the reason given at `Vector2`).
@frozen public struct Vector3: EuclideanVector {
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    @inlinable public static var dimension: Int { 3 }
    @inlinable public static var zero: Vector3 { Vector3(0, 0, 0) }

    @inlinable public subscript(axis: Int) -> Double {
        get { axis == 0 ? x : axis == 1 ? y : z }
        set {
            switch axis {
            case 0: x = newValue
            case 1: y = newValue
            default: z = newValue
            }
        }
    }

    @inlinable public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable public static func * (s: Double, v: Vector3) -> Vector3 { Vector3(s * v.x, s * v.y, s * v.z) }
    @inlinable public func dot(_ other: Vector3) -> Double { x * other.x + y * other.y + z * other.z }

    /// Archimedes: z uniform on [−1, 1] and a uniform azimuth give a uniform point of the sphere.
    @inlinable public static func randomDirection(using rng: inout RandomStream) -> Vector3 {
        let z = 1 - 2 * (Double(rng.next32()) + 0.5) * 0x1p-32
        let (c, s) = cosineAndSine(ofTurnFraction: rng.next32())
        let r = max(0, 1 - z * z).squareRoot()
        return Vector3(r * c, r * s, z)
    }

    /// Radius fraction s = the median of three uniforms, whose density 6 s (1 − s) ∝ r² · G(r) is the
    /// 3D Green's function (1/r − 1/R) times the sphere's area; a uniform direction.
    @inlinable public static func greenSample(using rng: inout RandomStream) -> Vector3 {
        let a = unitInterval(rng.next32()), b = unitInterval(rng.next32()), c = unitInterval(rng.next32())
        let s = max(min(a, b), min(max(a, b), c))
        return s * randomDirection(using: &rng)
    }

    @inlinable public static func greenIntegral(radius: Double) -> Double { radius * radius / 6 }
}
