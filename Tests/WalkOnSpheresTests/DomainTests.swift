import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
@testable import WalkOnSpheres

/// Every domain's distances against brute force: the walk bound never exceeds the true distance
/// (or the walks would leave the domain), exact shapes are exact, signs agree with `contains`.
@Suite struct DomainTests {
    /// The star's bound is a true lower bound, and exact to within 2δ, at points inside and outside,
    /// near the boundary (window scan) and deep inside (sector tree); the closest point lies on the curve.
    @Test(arguments: [[0, 0, 0, 0.2, 0, 0, 0, -0.15], [0, 0, 0, -0.2, 0, 0, 0, 0.2], [0.1, -0.05, 0.2, 0, 0.03, 0.02]])
    func starDistancesAgainstBruteForce(coefficients: [Double]) throws {
        let star = try StarDomain(coefficients: coefficients)
        let delta = star.polylineTolerance
        #expect(delta > 0 && delta < 1e-4)
        var rng = RandomStream(seed: 5, stream: 0)
        let chords = 1 << 15
        // The dense reference polyline is itself within δ·(2048/32768)² of the curve.
        let reference = delta / 256
        for i in 0..<150 {
            // Half the points within 0.05 of the boundary, half anywhere in the bounding box.
            var p: Vector2
            if i % 2 == 0 {
                let theta = 2 * Double.pi * rng.uniform()
                p = (1 + 0.1 * (rng.uniform() - 0.5)) * star.boundaryPoint(at: theta)
            } else {
                p = Vector2(2.8 * rng.uniform() - 1.4, 2.8 * rng.uniform() - 1.4)
            }
            let exact = bruteForceDistance(p, curve: star.boundaryPoint(at:), chords: chords)
            let inside = p.length < star.radius(at: atan2(p.y, p.x))
            #expect(star.contains(p) == inside)
            let bound = star.distanceBound(p)
            #expect(abs(bound) <= exact + reference, "bound \(bound) above the distance \(exact) at \(p)")
            #expect(abs(bound) >= exact - 2 * delta - reference, "bound \(bound) far below the distance \(exact) at \(p)")
            #expect(bound == 0 || (bound > 0) == inside)
            let signed = star.signedDistance(p)
            #expect(abs(abs(signed) - exact) <= delta + reference && (signed > 0) == inside)
            let q = star.closestBoundaryPoint(p)
            #expect(abs(q.length - star.radius(at: atan2(q.y, q.x))) < 1e-12)
            #expect(abs((p - q).length - exact) <= 2 * delta + reference)
        }
    }

    /// A convex and a non-convex polygon (an L, given clockwise) against per-edge brute force and a
    /// crossing-number inside test.
    @Test(arguments: [
        [Vector2(0, 0), Vector2(2, 0), Vector2(2.5, 1.5), Vector2(1, 2.2), Vector2(-0.5, 1)],
        [Vector2(0, 0), Vector2(0, 2), Vector2(1, 2), Vector2(1, 1), Vector2(2, 1), Vector2(2, 0)],
    ])
    func polygonDistancesAgainstBruteForce(vertices: [Vector2]) throws {
        let polygon = try Polygon(vertices: vertices)
        var rng = RandomStream(seed: 6, stream: 0)
        let (lower, upper) = polygon.boundingBox
        for _ in 0..<400 {
            let p = Vector2(lower.x - 0.5 + (upper.x - lower.x + 1) * rng.uniform(), lower.y - 0.5 + (upper.y - lower.y + 1) * rng.uniform())
            var exact = Double.infinity
            for j in 0..<vertices.count { exact = min(exact, segmentDistance(p, vertices[j], vertices[(j + 1) % vertices.count])) }
            let inside = crossingNumberInside(p, vertices)
            let d = polygon.signedDistance(p)
            #expect(abs(abs(d) - exact) < 1e-12, "at \(p): \(d) vs \(exact)")
            #expect((d > 0) == inside && polygon.contains(p) == inside, "sign at \(p)")
            #expect(abs((polygon.closestBoundaryPoint(p) - p).length - exact) < 1e-12)
        }
    }

    /// Boxes and balls in 2D and 3D: signed distance = ±|x − closest point|, the closest point on the
    /// boundary, and no boundary point (sampled on a fine grid of each face) nearer.
    @Test func boxAndBallDistances() throws {
        let box = try Box(lower: Vector3(-1, 0, 0), upper: Vector3(1, 2, 0.5))
        let ball = try Ball(center: Vector3(0.2, 0, -0.1), radius: 0.7)
        var rng = RandomStream(seed: 7, stream: 0)
        for _ in 0..<300 {
            let p = Vector3(3 * rng.uniform() - 1.5, 3 * rng.uniform() - 0.5, 1.5 * rng.uniform() - 0.5)
            let q = box.closestBoundaryPoint(p)
            let onFace = (0..<3).contains { q[$0] == box.lower[$0] || q[$0] == box.upper[$0] }
                && (0..<3).allSatisfy { q[$0] >= box.lower[$0] && q[$0] <= box.upper[$0] }
            #expect(onFace)
            let d = box.signedDistance(p)
            #expect(abs(abs(d) - (p - q).length) < 1e-12 && (d > 0) == box.contains(p))
            // No sampled boundary point is nearer than the distance claimed.
            var sampled = Double.infinity
            for axis in 0..<3 {
                for face in [box.lower[axis], box.upper[axis]] {
                    for i in 0...20 {
                        for j in 0...20 {
                            var s = Vector3.zero
                            let others = (0..<3).filter { $0 != axis }
                            s[axis] = face
                            s[others[0]] = box.lower[others[0]] + (box.upper[others[0]] - box.lower[others[0]]) * Double(i) / 20
                            s[others[1]] = box.lower[others[1]] + (box.upper[others[1]] - box.lower[others[1]]) * Double(j) / 20
                            sampled = min(sampled, (p - s).length)
                        }
                    }
                }
            }
            #expect(abs(d) <= sampled + 1e-12)
            let b = ball.signedDistance(p)
            #expect(abs(b - (0.7 - (p - ball.center).length)) < 1e-15)
            #expect(abs((ball.closestBoundaryPoint(p) - ball.center).length - 0.7) < 1e-12)
        }
        let disk = try Disk(radius: 2)
        #expect(disk.closestBoundaryPoint(.zero) == Vector2(2, 0))
    }

    /// Union and difference of disks: the bound never exceeds the distance to the composite
    /// boundary (brute force over the parts of each circle that lie on it), with the right sign.
    @Test func unionAndDifferenceBoundsAreLowerBounds() throws {
        let a = try Disk(center: Vector2(-0.4, 0), radius: 0.7), b = try Disk(center: Vector2(0.4, 0.1), radius: 0.5)
        let union = Union(a, b), notch = Difference(a, minus: b)
        let circle = { (c: Vector2, r: Double, t: Double) in c + r * Vector2(cos(t), sin(t)) }
        let samples = 20_000
        let aPoints = (0..<samples).map { circle(a.center, a.radius, 2 * Double.pi * Double($0) / Double(samples)) }
        let bPoints = (0..<samples).map { circle(b.center, b.radius, 2 * Double.pi * Double($0) / Double(samples)) }
        let unionBoundary = aPoints.filter { !b.contains($0) } + bPoints.filter { !a.contains($0) }
        let notchBoundary = aPoints.filter { !b.contains($0) } + bPoints.filter { a.contains($0) }
        var rng = RandomStream(seed: 8, stream: 0)
        // Chord error of the sampled circles.
        let slack = 0.7 * pow(2 * Double.pi / Double(samples), 2)
        for _ in 0..<300 {
            let p = Vector2(2.4 * rng.uniform() - 1.4, 2 * rng.uniform() - 1)
            for (domain, boundary, inside) in [(AnyDomain(union), unionBoundary, a.contains(p) || b.contains(p)),
                                                (AnyDomain(notch), notchBoundary, a.contains(p) && !b.contains(p) && (p - b.center).length > b.radius)] {
                let distance = boundary.map { ($0 - p).length }.min()!
                let bound = domain.distanceBound(p)
                #expect(abs(bound) <= distance + slack, "bound \(bound) exceeds \(distance) at \(p)")
                #expect(bound == 0 || (bound > 0) == inside)
                #expect(domain.contains(p) == inside)
            }
        }
    }

    @Test func badShapesAreRejectedWithTheFix() {
        #expect(throws: WalkOnSpheresError.self) { try Disk(radius: 0) }
        #expect(throws: WalkOnSpheresError.self) { try Box(lower: Vector2(0, 1), upper: Vector2(1, 1)) }
        do {
            _ = try StarDomain(coefficients: [0, 0, 0, 0.7, 0, 0, 0, -0.5])
            Issue.record("a star reaching r < 0 was accepted")
        } catch {
            #expect("\(error)".contains("crosses itself") && "\(error)".contains("Σ|c_k| below 1"), "\(error)")
        }
        do {
            _ = try Polygon(vertices: [Vector2(0, 0), Vector2(2, 2), Vector2(2, 0), Vector2(0, 1)])
            Issue.record("a bow-tie polygon was accepted")
        } catch {
            #expect("\(error)".contains("cross or touch"), "\(error)")
        }
        #expect(throws: WalkOnSpheresError.self) { try Polygon(vertices: [Vector2(0, 0), Vector2(1, 0)]) }
        #expect(throws: WalkOnSpheresError.self) { try Polygon(vertices: [Vector2(0, 0), Vector2(1, 0), Vector2(1, 0), Vector2(0, 1)]) }
    }

    /// The polynomial (cos φ, sin φ) of a 32-bit angle agrees with libm to rounding in every quadrant.
    @Test func randomAngleMatchesLibm() {
        var rng = RandomStream(seed: 9, stream: 0)
        var worst = 0.0
        for i in 0..<20_000 {
            let bits = i < 8 ? UInt32(i) << 29 : rng.next32()
            let phi = 2 * Double.pi * Double(bits) * 0x1p-32
            let (c, s) = cosineAndSine(ofTurnFraction: bits)
            worst = max(worst, abs(c - cos(phi)), abs(s - sin(phi)))
        }
        #expect(worst < 1e-15, "largest difference \(worst)")
    }
}

/// A type-erased 2D domain, so that a test can loop over domains of different types.
struct AnyDomain: Domain {
    typealias Vector = Vector2
    let bound: (Vector2) -> Double, signed: (Vector2) -> Double, closest: (Vector2) -> Vector2, inside: (Vector2) -> Bool
    let box: (lower: Vector2, upper: Vector2)
    init<D: Domain>(_ d: D) where D.Vector == Vector2 {
        (bound, signed, closest, inside, box) = (d.distanceBound, d.signedDistance, d.closestBoundaryPoint, d.contains, d.boundingBox)
    }
    func distanceBound(_ x: Vector2) -> Double { bound(x) }
    func signedDistance(_ x: Vector2) -> Double { signed(x) }
    func closestBoundaryPoint(_ x: Vector2) -> Vector2 { closest(x) }
    func contains(_ x: Vector2) -> Bool { inside(x) }
    var boundingBox: (lower: Vector2, upper: Vector2) { box }
}
