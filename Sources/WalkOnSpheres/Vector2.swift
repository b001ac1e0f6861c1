import NeuropCore

/// A point or displacement of the plane, in Float64.
///
/// A plain struct rather than `SIMD2<Double>`: optimised code is the same, but generic SIMD
/// operators are not specialised in debug builds, where this type runs about 8× faster — which
/// keeps the Monte Carlo tests quick.
@frozen public struct Vector2: EuclideanVector {
    public var x: Double
    public var y: Double

    @inlinable public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    @inlinable public static var dimension: Int { 2 }
    @inlinable public static var zero: Vector2 { Vector2(0, 0) }

    @inlinable public subscript(axis: Int) -> Double {
        get { axis == 0 ? x : y }
        set { if axis == 0 { x = newValue } else { y = newValue } }
    }

    @inlinable public static func + (a: Vector2, b: Vector2) -> Vector2 { Vector2(a.x + b.x, a.y + b.y) }
    @inlinable public static func - (a: Vector2, b: Vector2) -> Vector2 { Vector2(a.x - b.x, a.y - b.y) }
    @inlinable public static func * (s: Double, v: Vector2) -> Vector2 { Vector2(s * v.x, s * v.y) }
    @inlinable public func dot(_ other: Vector2) -> Double { x * other.x + y * other.y }

    /// (cos φ, sin φ) for φ uniform on [0, 2π) in steps of 2π/2³², from 32 random bits.
    @inlinable public static func randomDirection(using rng: inout RandomStream) -> Vector2 {
        let (c, s) = cosineAndSine(ofTurnFraction: rng.next32())
        return Vector2(c, s)
    }

    /// Radius fraction s = √(u₁u₂) and a uniform angle: u₁u₂ has density −log w on (0, 1], so s has
    /// density 4 s log(1/s) ∝ r · G(r) — the 2D Green's function times the circumference.
    @inlinable public static func greenSample(using rng: inout RandomStream) -> Vector2 {
        let s = (unitInterval(rng.next32()) * unitInterval(rng.next32())).squareRoot()
        return s * randomDirection(using: &rng)
    }

    @inlinable public static func greenIntegral(radius: Double) -> Double { radius * radius / 4 }
}
