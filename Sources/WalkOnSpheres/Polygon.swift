/// A simple polygon (no self-intersections), given by its vertices in either orientation.
///
/// Distances are exact: the nearest edge comes from a `ClosedPolyline` search (chunks of edges with
/// bounding circles, about √n edges examined per query), and the sign from the nearest feature's
/// outward normal — the edge normal, or at a vertex the sum of its two edges' normals (the
/// pseudo-normal of Bærentzen & Aanæs 2005), which classifies inside and outside correctly at convex
/// and reflex corners alike. The closest boundary point is the projection onto the nearest edge.
public struct Polygon: Domain {
    public typealias Vector = Vector2

    /// The vertices in counter-clockwise order (reversed from the input if it was clockwise).
    public let vertices: [Vector2]
    private let polyline: ClosedPolyline
    /// Outward unit normal of edge j (from vertex j to j + 1) and pseudo-normal of vertex j.
    private let edgeNormals: [Vector2]
    private let vertexNormals: [Vector2]

    /// Throws `invalidPolygon` for fewer than three vertices, non-finite or repeated consecutive
    /// vertices, zero area, or edges that cross or touch (checked pairwise: O(n²) once).
    public init(vertices: [Vector2]) throws {
        let n = vertices.count
        guard n >= 3 else { throw WalkOnSpheresError.invalidPolygon(reason: "it needs at least 3 vertices, got \(n)") }
        guard vertices.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw WalkOnSpheresError.invalidPolygon(reason: "its vertices must be finite")
        }
        for j in 0..<n where vertices[j] == vertices[(j + 1) % n] {
            throw WalkOnSpheresError.invalidPolygon(reason: "vertices \(j) and \((j + 1) % n) coincide; remove the repeated vertex")
        }
        var twiceArea = 0.0
        for j in 0..<n {
            let a = vertices[j], b = vertices[(j + 1) % n]
            twiceArea += a.x * b.y - a.y * b.x
        }
        guard twiceArea != 0, twiceArea.isFinite else { throw WalkOnSpheresError.invalidPolygon(reason: "it has zero area") }
        let ordered = twiceArea > 0 ? vertices : Array(vertices.reversed())
        if let (i, j) = Polygon.firstCrossing(ordered) {
            throw WalkOnSpheresError.invalidPolygon(reason: "edges \(i) and \(j) cross or touch, so the boundary is not a simple curve; reorder or remove vertices")
        }
        self.vertices = ordered
        polyline = ClosedPolyline(vertices: ordered)
        // Counter-clockwise: the interior is on the left of each edge, so (e_y, −e_x) points out.
        let normals = (0..<n).map { j -> Vector2 in
            let e = ordered[(j + 1) % n] - ordered[j]
            return (1 / e.length) * Vector2(e.y, -e.x)
        }
        edgeNormals = normals
        vertexNormals = (0..<n).map { j in normals[(j + n - 1) % n] + normals[j] }
    }

    /// The first pair of edges (i < j) that intersect other than adjacent edges at their shared vertex.
    private static func firstCrossing(_ v: [Vector2]) -> (Int, Int)? {
        let n = v.count
        func orientation(_ a: Vector2, _ b: Vector2, _ c: Vector2) -> Double {
            (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
        }
        func onSegment(_ a: Vector2, _ b: Vector2, _ p: Vector2) -> Bool {
            min(a.x, b.x) <= p.x && p.x <= max(a.x, b.x) && min(a.y, b.y) <= p.y && p.y <= max(a.y, b.y)
        }
        func intersect(_ p1: Vector2, _ p2: Vector2, _ q1: Vector2, _ q2: Vector2) -> Bool {
            let d1 = orientation(q1, q2, p1), d2 = orientation(q1, q2, p2)
            let d3 = orientation(p1, p2, q1), d4 = orientation(p1, p2, q2)
            if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
            return (d1 == 0 && onSegment(q1, q2, p1)) || (d2 == 0 && onSegment(q1, q2, p2))
                || (d3 == 0 && onSegment(p1, p2, q1)) || (d4 == 0 && onSegment(p1, p2, q2))
        }
        for i in 0..<n {
            let a = v[i], b = v[(i + 1) % n]
            // An adjacent edge meets this one at the shared vertex; it overlaps only by folding back.
            let next = v[(i + 2) % n]
            if orientation(a, b, next) == 0 && (b - a).dot(next - b) < 0 { return (i, (i + 1) % n) }
            for j in stride(from: i + 2, to: n, by: 1) where !(i == 0 && j == n - 1) {
                if intersect(a, b, v[j], v[(j + 1) % n]) { return (i, j) }
            }
        }
        return nil
    }

    public func distanceBound(_ x: Vector2) -> Double { signedDistance(x) }

    public func signedDistance(_ x: Vector2) -> Double {
        let (d2, j) = polyline.nearest(to: x)
        let (q, t) = polyline.projection(of: x, onSegment: j)
        let normal = t <= 0 ? vertexNormals[j] : t >= 1 ? vertexNormals[(j + 1) % vertices.count] : edgeNormals[j]
        let d = d2.squareRoot()
        return (x - q).dot(normal) > 0 ? -d : d
    }

    public func closestBoundaryPoint(_ x: Vector2) -> Vector2 {
        polyline.projection(of: x, onSegment: polyline.nearest(to: x).segment).point
    }

    public func contains(_ x: Vector2) -> Bool { signedDistance(x) > 0 }

    public var boundingBox: (lower: Vector2, upper: Vector2) {
        (Vector2(vertices.map(\.x).min()!, vertices.map(\.y).min()!), Vector2(vertices.map(\.x).max()!, vertices.map(\.y).max()!))
    }
}
