import Foundation
import NeuropCore
import WalkOnSpheres

/// A WoS-NO-like star r = 1 + 0.2 cos 4θ − 0.15 cos 8θ (max radius 1.35).
func testStar() -> StarDomain {
    try! StarDomain(coefficients: [0, 0, 0, 0.2, 0, 0, 0, -0.15])
}

/// `count` points uniform in the domain at least `margin` inside it. Starting inside the ε-shell a
/// walk takes no step, so its estimate has no spread to compare an error with; and from a point at
/// distance d ≪ 1 of the boundary the walks land far away with probability ~d (the Poisson kernel's
/// tail), so a few hundred walks often miss the far boundary values altogether and the sample
/// standard error underrates the error. Tests comparing errors with standard errors keep such
/// points out with a margin of 0.02.
func interiorPoints<D: Domain>(_ domain: D, count: Int, margin: Double, seed: UInt64 = 99) -> [D.Vector] {
    var rng = RandomStream(seed: seed, stream: 0)
    var points: [D.Vector] = []
    while points.count < count {
        let candidates = domain.uniformPoints(count: count, using: &rng)
        points += candidates.filter { domain.signedDistance($0) > margin }.prefix(count - points.count)
    }
    return points
}

/// Distance from p to the segment a→b.
func segmentDistance(_ p: Vector2, _ a: Vector2, _ b: Vector2) -> Double {
    let e = b - a, w = p - a
    let t = e.lengthSquared > 0 ? min(max(w.dot(e) / e.lengthSquared, 0), 1) : 0
    return (w - t * e).length
}

/// Distance to a closed curve by brute force over `n` chords of it.
func bruteForceDistance(_ p: Vector2, curve: (Double) -> Vector2, chords n: Int) -> Double {
    var best = Double.infinity
    var previous = curve(0)
    for j in 1...n {
        let next = curve(2 * Double.pi * Double(j) / Double(n))
        best = min(best, segmentDistance(p, previous, next))
        previous = next
    }
    return best
}

/// Crossing-number inside test for a polygon, independent of `Polygon`'s pseudo-normals.
func crossingNumberInside(_ p: Vector2, _ v: [Vector2]) -> Bool {
    var inside = false
    for j in 0..<v.count {
        let a = v[j], b = v[(j + 1) % v.count]
        if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) { inside.toggle() }
    }
    return inside
}
