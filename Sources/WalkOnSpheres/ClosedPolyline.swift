/// A closed polyline v₀ → v₁ → … → v_{n−1} → v₀ with nearest-segment queries: the distance
/// structure under `Polygon` and `StarDomain`.
///
/// Segments are stored in order (segment j runs from v_j to v_{j+1}) as (a, e = b − a, 1/|e|²), and
/// grouped into chunks of consecutive segments, each with a bounding circle. `nearest(to:within:)`
/// seeds its answer with the chunks' first vertices (true boundary points, so upper bounds) and
/// then scans only the chunks whose circle comes closer than the best distance so far: exact, and
/// about √n work instead of n. `nearest(to:segments:)` scans a given run of consecutive segments,
/// for callers that know where the nearest one must be (`StarDomain`'s angular window).
final class ClosedPolyline: @unchecked Sendable {
    /// Number of segments (= number of vertices).
    let count: Int
    let chunkSize: Int
    let chunkCount: Int
    /// Per segment: aₓ, a_y, eₓ, e_y, 1/|e|² (0 for a zero-length segment).
    private let segments: UnsafeMutablePointer<Double>
    /// Per chunk: centre x, centre y, radius.
    private let chunks: UnsafeMutablePointer<Double>

    private static let segmentStride = 5

    init(vertices: [Vector2], chunkSize: Int = 32) {
        precondition(vertices.count >= 2, "a closed polyline needs at least two vertices")
        count = vertices.count
        self.chunkSize = chunkSize
        chunkCount = (count + chunkSize - 1) / chunkSize
        segments = .allocate(capacity: count * ClosedPolyline.segmentStride)
        chunks = .allocate(capacity: chunkCount * 3)
        for j in 0..<count {
            let a = vertices[j], e = vertices[(j + 1) % count] - a
            let base = segments + j * ClosedPolyline.segmentStride
            let lengthSquared = e.lengthSquared
            (base[0], base[1], base[2], base[3]) = (a.x, a.y, e.x, e.y)
            base[4] = lengthSquared > 0 ? 1 / lengthSquared : 0
        }
        for c in 0..<chunkCount {
            // The chunk's segments are the convex hulls of its vertices, end vertex included.
            let ends = (c * chunkSize)...min((c + 1) * chunkSize, count)
            var centre = Vector2.zero
            for j in ends { centre = centre + vertices[j % count] }
            centre = (1 / Double(ends.count)) * centre
            var radius = 0.0
            for j in ends { radius = max(radius, (vertices[j % count] - centre).length) }
            // Rounding in the distance of a query to the centre must not prune a chunk wrongly.
            radius = radius * (1 + 1e-12) + 1e-300
            (chunks[3 * c], chunks[3 * c + 1], chunks[3 * c + 2]) = (centre.x, centre.y, radius)
        }
    }

    deinit {
        segments.deallocate()
        chunks.deallocate()
    }

    /// Vertex j (the start of segment j).
    func vertex(_ j: Int) -> Vector2 {
        let s = segments + j * ClosedPolyline.segmentStride
        return Vector2(s[0], s[1])
    }

    /// Squared distance from p to segment j.
    @inline(__always) func distanceSquared(_ p: Vector2, segment j: Int) -> Double {
        let s = segments + j * ClosedPolyline.segmentStride
        let wx = p.x - s[0], wy = p.y - s[1]
        let t = min(max((wx * s[2] + wy * s[3]) * s[4], 0), 1)
        let dx = wx - t * s[2], dy = wy - t * s[3]
        return dx * dx + dy * dy
    }

    /// The point of segment j nearest to p and its parameter t ∈ [0, 1] along the segment.
    func projection(of p: Vector2, onSegment j: Int) -> (point: Vector2, t: Double) {
        let s = segments + j * ClosedPolyline.segmentStride
        let t = min(max(((p.x - s[0]) * s[2] + (p.y - s[1]) * s[3]) * s[4], 0), 1)
        return (Vector2(s[0] + t * s[2], s[1] + t * s[3]), t)
    }

    /// The nearest segment to p and its squared distance; `upperSquared`, an upper bound of that
    /// squared distance when one is known, prunes chunks from the start.
    func nearest(to p: Vector2, within upperSquared: Double = .infinity) -> (distanceSquared: Double, segment: Int) {
        var best = upperSquared, bestSegment = -1
        for c in 0..<chunkCount {
            let s = segments + c * chunkSize * ClosedPolyline.segmentStride
            let dx = p.x - s[0], dy = p.y - s[1]
            let d2 = dx * dx + dy * dy
            if d2 < best { (best, bestSegment) = (d2, c * chunkSize) }
        }
        var reach = best.squareRoot()
        for c in 0..<chunkCount {
            let cx = p.x - chunks[3 * c], cy = p.y - chunks[3 * c + 1]
            let limit = chunks[3 * c + 2] + reach
            guard cx * cx + cy * cy <= limit * limit else { continue }
            var improved = false
            for j in (c * chunkSize)..<min((c + 1) * chunkSize, count) {
                let d2 = distanceSquared(p, segment: j)
                if d2 < best {
                    (best, bestSegment) = (d2, j)
                    improved = true
                }
            }
            if improved { reach = best.squareRoot() }
        }
        // Nothing within the bound (it was not one, e.g. by rounding): search without it. Only a
        // non-finite p finds nothing with no bound.
        if bestSegment < 0 { return upperSquared.isFinite ? nearest(to: p) : (.nan, 0) }
        return (best, bestSegment)
    }

    /// The nearest of the segments first, first + 1, …, last (indices taken modulo `count`).
    func nearest(to p: Vector2, segments first: Int, through last: Int) -> (distanceSquared: Double, segment: Int) {
        var j = first % count
        if j < 0 { j += count }
        var best = Double.infinity, bestSegment = j
        for _ in 0...min(last - first, count - 1) {
            let d2 = distanceSquared(p, segment: j)
            if d2 < best { (best, bestSegment) = (d2, j) }
            j += 1
            if j == count { j = 0 }
        }
        return (best, bestSegment)
    }
}
