/// What a neural operator reads about one problem on a grid: the channels `mask`, `sdf`, `f`, `g`.
///
/// At each node x: `mask` = 1 inside Ω and 0 outside; `sdf` = the domain's signed distance (positive
/// inside); `f` = the source (0 outside Ω, where the PDE does not hold); `g` = the boundary data at
/// the closest boundary point — the extension of g WoS-NO feeds its operators, defined everywhere
/// and equal to g on ∂Ω.
public enum OperatorInputs {
    public static let channels = ["mask", "sdf", "f", "g"]

    /// The four channels on the grid xs × ys, channel-major and then x-major:
    /// `values[(c · xs.count + i) · ys.count + j]` is channel c at (xs[i], ys[j]).
    public static func evaluate<D: Domain, P: BoundaryValueProblem>(
        _ problem: P, in domain: D, xs: [Double], ys: [Double]
    ) -> [Float] where D.Vector == Vector2, P.Vector == Vector2 {
        let plane = xs.count * ys.count
        var values = [Float](repeating: 0, count: channels.count * plane)
        for (i, x) in xs.enumerated() {
            for (j, y) in ys.enumerated() {
                let p = Vector2(x, y), k = i * ys.count + j
                let inside = domain.contains(p)
                values[k] = inside ? 1 : 0
                values[plane + k] = Float(domain.signedDistance(p))
                values[2 * plane + k] = inside && problem.hasSource ? Float(problem.source(at: p)) : 0
                values[3 * plane + k] = Float(problem.boundaryValue(at: domain.closestBoundaryPoint(p)))
            }
        }
        return values
    }
}
