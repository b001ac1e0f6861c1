#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NeuropCore

/// The star-shaped domain ρ < r(θ), r(θ) = 1 + Σ_{k=1}^{K} c_k cos kθ, in polar coordinates about
/// the origin — WoS-NO's domains are r = 1 + c₄ cos 4θ + c₈ cos 8θ with c₄, c₈ ~ U(−0.2, 0.2).
///
/// **Distances.** The curve γ(θ) = r(θ)(cos θ, sin θ) is approximated by the closed polyline through
/// γ(2πj/N), j < N (`segments` = N, default 2048). On each arc of angular width Δ = 2π/N the curve
/// stays within δ = Δ²/8 · max|γ''| of its chord (the interpolation error bound, with
/// |γ''| = |(r'' − r) e_ρ + 2r' e_θ| ≤ Σ k²|c_k| + 1 + Σ|c_k| + 2Σ k|c_k|), so distances to the
/// polyline are within δ of distances to the curve (δ ≈ 2e-5 for WoS-NO shapes and N = 2048):
/// - `distanceBound` = polyline distance − δ, a true lower bound of the distance to the curve;
/// - `signedDistance` = polyline distance, within δ of the exact one;
/// - the sign, `contains` and the closest boundary point use the curve itself: inside is ρ < r(θ),
///   and the nearest polyline point is moved along its ray onto the curve.
///
/// **Search.** The radial point γ(θ) of a query x = ρ(cos θ, sin θ) is at distance |r(θ) − ρ| from x,
/// so the nearest polyline point lies within u = |r(θ) − ρ| + δ of x, hence at polar angles within
/// asin(u/ρ) of θ; and every chord between γ(ψ_j) and γ(ψ_{j+1}) has polar angles in [ψ_j, ψ_{j+1}].
/// Near the boundary, where walks spend most of their steps, that window holds a few segments and is
/// scanned directly (up to 64 segments, the measured break-even); deeper inside, an
/// `AngularSectorTree` over the segments is searched with u as the initial bound. Both are exact.
/// r(θ) comes from the Chebyshev recurrence cos (k+1)θ = 2 cos θ cos kθ − cos (k−1)θ on x/ρ; the
/// only trigonometric call per query is the atan2 that centres the window.
public struct StarDomain: Domain {
    public typealias Vector = Vector2

    /// c₁, …, c_K: r(θ) = 1 + Σ c_k cos kθ.
    public let coefficients: [Double]
    /// N, the polyline's segment count.
    public let segments: Int
    /// δ, a bound of the distance between the curve and its polyline.
    public let polylineTolerance: Double
    /// A lower bound of min r(θ) (the inscribed disk's radius) and the bound max r ≤ 1 + Σ|c_k|.
    public let minimumRadius: Double
    public let maximumRadius: Double

    private let polyline: ClosedPolyline
    private let tree: AngularSectorTree
    /// The angular window scanned directly reaches at most `scannedSegments` segments: sin of its half-width.
    private let windowSine: Double
    private static let scannedSegments = 64

    /// Throws `selfIntersectingStar` when r(θ) comes near or below zero somewhere (the curve would
    /// pass through the origin), `invalidStar` for non-finite coefficients or fewer than 64 segments.
    public init(coefficients: [Double], segments: Int = 2048) throws {
        guard coefficients.allSatisfy(\.isFinite) else {
            throw WalkOnSpheresError.invalidStar(reason: "the coefficients \(coefficients) must be finite")
        }
        guard segments >= 64 else {
            throw WalkOnSpheresError.invalidStar(reason: "the polyline needs at least 64 segments, got \(segments); use 2048")
        }
        self.coefficients = coefficients
        self.segments = segments
        let absoluteSum = coefficients.map(abs).reduce(0, +)
        let slope = coefficients.enumerated().map { Double($0.offset + 1) * abs($0.element) }.reduce(0, +)
        let curvature = coefficients.enumerated().map { Double(($0.offset + 1) * ($0.offset + 1)) * abs($0.element) }.reduce(0, +)

        // r on a fine grid; between grid angles r moves by at most |r'|max · half the spacing.
        let samples = max(8192, 64 * coefficients.count)
        var lowest = Double.infinity, lowestAngle = 0.0
        for i in 0..<samples {
            let theta = 2 * Double.pi * Double(i) / Double(samples)
            let r = StarDomain.radius(coefficients, cos(theta), sin(theta))
            if r < lowest { (lowest, lowestAngle) = (r, theta) }
        }
        let guaranteed = lowest - slope * Double.pi / Double(samples)
        guard guaranteed > 0 else {
            throw WalkOnSpheresError.selfIntersectingStar(coefficients: coefficients, minimumRadius: min(lowest, guaranteed),
                                                          angle: lowestAngle)
        }
        minimumRadius = guaranteed
        maximumRadius = 1 + absoluteSum

        let spacing = 2 * Double.pi / Double(segments)
        polylineTolerance = spacing * spacing / 8 * (curvature + 1 + absoluteSum + 2 * slope)
        let radii = (0..<segments).map { j in StarDomain.radius(coefficients, cos(spacing * Double(j)), sin(spacing * Double(j))) }
        let vertices = (0..<segments).map { j in Vector2(radii[j] * cos(spacing * Double(j)), radii[j] * sin(spacing * Double(j))) }
        polyline = ClosedPolyline(vertices: vertices)
        tree = AngularSectorTree(polyline: polyline, radii: radii)
        windowSine = sin(Double(StarDomain.scannedSegments) / 2 * spacing)
    }

    /// A random star: c_k ~ U(−amplitude, amplitude) for each k in `modes` (WoS-NO: modes 4 and 8,
    /// amplitude 0.2), the others zero, each rounded to Float32 so that a float32 file stores exactly
    /// the shape used. Throws `invalidStar` unless amplitude × modes.count < 1, which keeps r > 0.
    public static func random(modes: [Int], amplitude: Double, segments: Int = 2048,
                              using rng: inout RandomStream) throws -> StarDomain {
        guard modes.allSatisfy({ $0 >= 1 }), Set(modes).count == modes.count else {
            throw WalkOnSpheresError.invalidStar(reason: "the modes \(modes) must be distinct positive integers")
        }
        guard amplitude >= 0, amplitude * Double(modes.count) < 1 else {
            throw WalkOnSpheresError.invalidStar(reason: "amplitude \(amplitude) with \(modes.count) modes can make r(θ) = 1 + Σ c_k cos kθ reach 0, so that the curve crosses itself; keep amplitude × modes below 1")
        }
        var coefficients = [Double](repeating: 0, count: modes.max() ?? 0)
        for k in modes { coefficients[k - 1] = Double(Float(amplitude * (2 * rng.uniform() - 1))) }
        return try StarDomain(coefficients: coefficients, segments: segments)
    }

    /// r(θ) from (cos θ, sin θ) by the Chebyshev recurrence.
    @inline(__always) private static func radius(_ c: [Double], _ cosTheta: Double, _ sinTheta: Double) -> Double {
        var r = 1.0, previous = 1.0, current = cosTheta
        c.withUnsafeBufferPointer { c in
            for k in 0..<c.count {
                if k > 0 { (previous, current) = (current, 2 * cosTheta * current - previous) }
                r += c[k] * current
            }
        }
        return r
    }

    /// r(θ) at polar angle θ.
    public func radius(at theta: Double) -> Double {
        StarDomain.radius(coefficients, cos(theta), sin(theta))
    }

    /// The point γ(θ) = r(θ)(cos θ, sin θ) of the boundary curve.
    public func boundaryPoint(at theta: Double) -> Vector2 {
        let r = radius(at: theta)
        return Vector2(r * cos(theta), r * sin(theta))
    }

    /// Polar radius ρ, r(θ) and the nearest polyline segment of x (ρ > 0).
    @inline(__always) private func locate(_ p: Vector2, rho: Double) -> (r: Double, distanceSquared: Double, segment: Int) {
        let inverse = 1 / rho
        let c = p.x * inverse, s = p.y * inverse
        let r = StarDomain.radius(coefficients, c, s)
        let u = abs(r - rho) + polylineTolerance
        if u < rho * windowSine {
            let ratio = u * inverse
            // asin z ≤ z / √(1 − z²): a window at least as wide as needed.
            let halfWidth = ratio / (1 - ratio * ratio).squareRoot() + 1e-12
            let theta = atan2(p.y, p.x)
            let scale = Double(segments) / (2 * Double.pi)
            let first = Int(((theta - halfWidth) * scale).rounded(.down))
            let last = Int(((theta + halfWidth) * scale).rounded(.down))
            let found = polyline.nearest(to: p, segments: first, through: last)
            return (r, found.distanceSquared, found.segment)
        }
        let found = tree.nearest(to: p, rho: rho, within: u * u)
        return (r, found.distanceSquared, found.segment)
    }

    public func distanceBound(_ x: Vector2) -> Double {
        let rho = x.length
        guard rho > 0 else { return minimumRadius }
        let (r, d2, _) = locate(x, rho: rho)
        let d = max(d2.squareRoot() - polylineTolerance, 0)
        return rho < r ? d : -d
    }

    /// The distance to the polyline, signed by the curve: within δ of the exact signed distance.
    public func signedDistance(_ x: Vector2) -> Double {
        let rho = x.length
        guard rho > 0 else { return tree.nearest(to: x, rho: 0, within: .infinity).distanceSquared.squareRoot() }
        let (r, d2, _) = locate(x, rho: rho)
        return rho < r ? d2.squareRoot() : -d2.squareRoot()
    }

    /// The nearest polyline point, moved along its ray onto the curve (within δ of the nearest curve point).
    public func closestBoundaryPoint(_ x: Vector2) -> Vector2 {
        let rho = x.length
        let segment = rho > 0 ? locate(x, rho: rho).segment : tree.nearest(to: x, rho: 0, within: .infinity).segment
        let q = polyline.projection(of: x, onSegment: segment).point
        let length = q.length
        let r = StarDomain.radius(coefficients, q.x / length, q.y / length)
        return (r / length) * q
    }

    public func contains(_ x: Vector2) -> Bool {
        let rho = x.length
        guard rho > 0 else { return true }
        return rho < StarDomain.radius(coefficients, x.x / rho, x.y / rho)
    }

    public var boundingBox: (lower: Vector2, upper: Vector2) {
        (Vector2(-maximumRadius, -maximumRadius), Vector2(maximumRadius, maximumRadius))
    }
}
