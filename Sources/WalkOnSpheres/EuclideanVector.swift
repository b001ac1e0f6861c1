import NeuropCore

/// A point or displacement of ℝ² or ℝ³ with what a walk draws inside a ball.
///
/// A walk on spheres needs, at each step from x with a ball of radius R around it:
/// - a point uniform on the sphere |y − x| = R (`x + R · randomDirection`), the next position;
/// - for a source term, a point y with density G(x, y) / ∫_B G, where G is the Green's function of
///   the ball with zero boundary values (`x + R · greenSample`), and the weight ∫_B G = `greenIntegral(R)`.
///
/// With r = |y − x|: in 2D G = log(R/r) / (2π) and ∫_B G = R²/4; in 3D G = (1/r − 1/R) / (4π) and
/// ∫_B G = R²/6 (Sawhney & Crane 2020, §2.3 and appendix). Both densities are scale-free in r/R, so one
/// unit-ball sample serves every radius.
public protocol EuclideanVector: Hashable, Sendable {
    /// d, the number of coordinates (2 or 3).
    static var dimension: Int { get }
    static var zero: Self { get }
    /// Coordinate `axis` (0 = x, 1 = y, 2 = z).
    subscript(axis: Int) -> Double { get set }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (s: Double, v: Self) -> Self
    /// The Euclidean inner product.
    func dot(_ other: Self) -> Double
    /// A direction uniform on the unit sphere S^(d−1).
    static func randomDirection(using rng: inout RandomStream) -> Self
    /// A point of the unit ball with density G(0, y) / ∫_B G for the unit ball's Green's function.
    static func greenSample(using rng: inout RandomStream) -> Self
    /// ∫_B G(x, y) dy over a ball of radius `radius` around x: R²/4 in 2D, R²/6 in 3D.
    static func greenIntegral(radius: Double) -> Double
}

extension EuclideanVector {
    @inlinable public var lengthSquared: Double { dot(self) }
    @inlinable public var length: Double { dot(self).squareRoot() }

    /// Each coordinate rounded to the nearest Float32, so that a float32 file stores the vector exactly.
    @inlinable public var roundedToFloat32: Self {
        var v = self
        for axis in 0..<Self.dimension { v[axis] = Double(Float(v[axis])) }
        return v
    }
}

/// 32 random bits as a uniform number on (0, 1]: positive, so safe to take the logarithm of.
@inlinable func unitInterval(_ bits: UInt32) -> Double {
    (Double(bits) + 1) * 0x1p-32
}
