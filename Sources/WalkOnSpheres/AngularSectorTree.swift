/// Exact nearest-segment search for a closed polyline whose vertex j sits at polar angle 2πj/N:
/// the star domain's polyline, searched deep inside the domain where no short run of segments is
/// known to hold the nearest one.
///
/// Leaves are runs of 8 consecutive segments; the implicit binary tree above them (heap order,
/// node k has children 2k and 2k + 1) gives every node its annular sector {ψ_a ≤ ψ ≤ ψ_b,
/// m ≤ ρ ≤ M} that holds its segments: M is the largest vertex radius, m the smallest times
/// cos(Δ/2), since a chord between radii r₁, r₂ spanning angle Δ stays beyond min(r₁, r₂) cos(Δ/2)
/// along its bisector. The distance from x to a sector is a lower bound for its segments: radial,
/// max(m − ρ, ρ − M, 0), when x's angle lies in [ψ_a, ψ_b]; otherwise the distance to the nearer
/// edge ray {t e_ψ : m ≤ t ≤ M} (distance grows with the angle between the directions). Each node
/// also keeps the chord from its first to its last vertex and the largest distance h of its vertices
/// from that chord; its segments lie within h of the chord (distance to a segment is convex, so it
/// peaks at vertices), so distance to the chord − h is a second bound (squared as d² − 2h(|dx| + |dy|),
/// which needs no square root) — far tighter than the sector
/// for short runs, where h is O((run length)² × curvature). Each node uses the bound that is looser
/// by less — the chord when h is below the sector's radial thickness M − m, the sector otherwise
/// (evaluating both and taking the larger visits a few nodes fewer but costs more). The search
/// visits the nearer child first and skips every node whose bound is no better than the best
/// segment found so far.
final class AngularSectorTree: @unchecked Sendable {
    private let polyline: ClosedPolyline
    private let leafSize = 8
    /// Number of leaf slots, a power of two; leaves beyond the polyline's end are empty.
    private let leafSlots: Int
    /// Per node (index 1 ..< 2·leafSlots): e_a (x, y), e_b (x, y), m, M, 1 for a sector at least π
    /// wide (bounded radially only) or 0; the chord's start (x, y), its vector (x, y), 1/|chord|², h;
    /// h is +∞ for nodes bounded by their sector.
    private let nodes: UnsafeMutablePointer<Double>
    private static let nodeStride = 13

    /// `radii[j]` is the radius of vertex j, at angle 2πj/N.
    init(polyline: ClosedPolyline, radii: [Double]) {
        let n = polyline.count
        precondition(radii.count == n)
        self.polyline = polyline
        let leaves = (n + leafSize - 1) / leafSize
        var slots = 1
        while slots < leaves { slots *= 2 }
        leafSlots = slots
        nodes = .allocate(capacity: 2 * slots * AngularSectorTree.nodeStride)
        let spacing = 2 * Double.pi / Double(n)
        let dip = (spacing / 2).cosine
        // Leaf slot i covers segments [8i, 8i + 8) ∩ [0, n); internal nodes the union of their children.
        func fill(_ k: Int, firstSegment: Int, endSegment: Int) {
            let node = nodes + k * AngularSectorTree.nodeStride
            guard firstSegment < endSegment else {
                (node[0], node[1], node[2], node[3]) = (1, 0, 1, 0)
                (node[4], node[5], node[6]) = (.infinity, .infinity, 1)
                return
            }
            var lowest = Double.infinity, highest = 0.0
            for j in firstSegment...endSegment {
                lowest = min(lowest, radii[j % n])
                highest = max(highest, radii[j % n])
            }
            let a = spacing * Double(firstSegment), b = spacing * Double(endSegment)
            (node[0], node[1], node[2], node[3]) = (a.cosine, a.sine, b.cosine, b.sine)
            // Rounding in the bounds must never exclude a segment that is there.
            (node[4], node[5]) = (lowest * dip * (1 - 1e-12), highest * (1 + 1e-12))
            node[6] = b - a >= Double.pi ? 1 : 0
            let start = polyline.vertex(firstSegment), chord = polyline.vertex(endSegment % n) - start
            let chordLengthSquared = chord.lengthSquared
            var deviation = 0.0
            for j in firstSegment...endSegment {
                deviation = max(deviation, AngularSectorTree.distance(polyline.vertex(j % n), start, chord, chordLengthSquared))
            }
            (node[7], node[8], node[9], node[10]) = (start.x, start.y, chord.x, chord.y)
            node[11] = chordLengthSquared > 0 ? 1 / chordLengthSquared : 0
            let h = deviation * (1 + 1e-12) + 1e-15
            node[12] = h < node[5] - node[4] ? h : .infinity
        }
        for i in 0..<slots {
            fill(slots + i, firstSegment: min(i * leafSize, n), endSegment: min((i + 1) * leafSize, n))
        }
        var level = slots / 2, width = leafSize * 2
        while level >= 1 {
            for i in 0..<level {
                fill(level + i, firstSegment: min(i * width, n), endSegment: min((i + 1) * width, n))
            }
            level /= 2
            width *= 2
        }
    }

    deinit { nodes.deallocate() }

    /// Distance from p to the segment from a to a + e.
    private static func distance(_ p: Vector2, _ a: Vector2, _ e: Vector2, _ lengthSquared: Double) -> Double {
        let w = p - a
        let t = lengthSquared > 0 ? min(max(w.dot(e) / lengthSquared, 0), 1) : 0
        return (w - t * e).length
    }

    /// Squared lower bound of the distance from p (at radius rho) to node k's segments.
    @inline(__always) private func bound(_ k: Int, _ p: Vector2, _ rho: Double) -> Double {
        let node = nodes + k * AngularSectorTree.nodeStride
        let m = node[4], M = node[5]
        guard m.isFinite else { return .infinity }
        let h = node[12]
        if h.isFinite {
            let wx = p.x - node[7], wy = p.y - node[8]
            let t = min(max((wx * node[9] + wy * node[10]) * node[11], 0), 1)
            let dx = wx - t * node[9], dy = wy - t * node[10]
            // (d − h)₊² ≥ d² − 2h(|dx| + |dy|) since |dx| + |dy| ≥ d: no square root on the hot path.
            return max(dx * dx + dy * dy - 2 * h * (abs(dx) + abs(dy)), 0)
        }
        let radial = max(m - rho, rho - M, 0)
        if node[6] != 0 || (node[0] * p.y - node[1] * p.x >= 0 && p.x * node[3] - p.y * node[2] >= 0) {
            return radial * radial
        }
        let pa = p.x * node[0] + p.y * node[1], pb = p.x * node[2] + p.y * node[3]
        let ta = min(max(pa, m), M), tb = min(max(pb, m), M)
        return rho * rho + min(ta * (ta - 2 * pa), tb * (tb - 2 * pb))
    }

    /// The nearest segment to p (at radius rho > 0) and its squared distance; `upperSquared` is an
    /// upper bound of that squared distance.
    func nearest(to p: Vector2, rho: Double, within upperSquared: Double) -> (distanceSquared: Double, segment: Int) {
        var best = upperSquared, bestSegment = -1
        let n = polyline.count
        withUnsafeTemporaryAllocation(of: (Int, Double).self, capacity: 64) { stack in
            var top = 0
            stack[0] = (1, 0)
            top = 1
            while top > 0 {
                top -= 1
                let (k, lower) = stack[top]
                guard lower < best else { continue }
                if k >= leafSlots {
                    let first = (k - leafSlots) * leafSize
                    for j in first..<min(first + leafSize, n) {
                        let d2 = polyline.distanceSquared(p, segment: j)
                        if d2 < best { (best, bestSegment) = (d2, j) }
                    }
                    continue
                }
                let left = bound(2 * k, p, rho), right = bound(2 * k + 1, p, rho)
                // The nearer child goes on top, so it is searched first.
                if left <= right {
                    if right < best { stack[top] = (2 * k + 1, right); top += 1 }
                    if left < best { stack[top] = (2 * k, left); top += 1 }
                } else {
                    if left < best { stack[top] = (2 * k, left); top += 1 }
                    if right < best { stack[top] = (2 * k + 1, right); top += 1 }
                }
            }
        }
        // The bound was not one (only by rounding): search without it.
        if bestSegment < 0 { return upperSquared.isFinite ? nearest(to: p, rho: rho, within: .infinity) : (.nan, 0) }
        return (best, bestSegment)
    }
}

extension Double {
    fileprivate var cosine: Double { _cos(self) }
    fileprivate var sine: Double { _sin(self) }
}

#if canImport(Glibc)
import Glibc
private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
#else
import Darwin
private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
private func _sin(_ x: Double) -> Double { Darwin.sin(x) }
#endif
