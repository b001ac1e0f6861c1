/// The antiderivative operator `u(x) = ∫₀ˣ v(s) ds` on [x₀, x₀ + (n−1)h] from samples of v at n ≥ 4
/// equispaced nodes: DeepONet's first example (Lu et al. 2021, v a GRF with RBF kernel, ℓ = 0.2).
///
/// On each interval [x_i, x_{i+1}], v is replaced by the cubic through the four nearest nodes
/// (i−1 … i+2, shifted inwards at the ends) and integrated exactly: the quadrature is exact for
/// cubic v and fourth-order accurate for smooth v, in the cumulative values and at any point.
public struct Antiderivative: Sendable {
    /// v at the nodes.
    public let values: [Double]
    /// Node spacing h.
    public let spacing: Double
    /// u at the nodes (`u[0] = 0`).
    public let cumulative: [Double]

    public init(values: [Double], spacing: Double) {
        precondition(values.count >= 4, "the antiderivative needs v at ≥ 4 nodes, got \(values.count)")
        precondition(spacing > 0, "node spacing must be positive, got \(spacing)")
        self.values = values
        self.spacing = spacing
        var u = [0.0]
        u.reserveCapacity(values.count)
        for i in 0..<(values.count - 1) {
            u.append(u[i] + Antiderivative.integral(values, i, from: 0, to: 1, spacing))
        }
        cumulative = u
    }

    /// u at `x` (in units of the grid: node i is at `i·spacing`); x is clamped to the grid.
    public func callAsFunction(_ x: Double) -> Double {
        let n = values.count
        let t = Swift.min(Swift.max(x / spacing, 0), Double(n - 1))
        let i = Swift.min(Int(t), n - 2)
        return cumulative[i] + Antiderivative.integral(values, i, from: 0, to: t - Double(i), spacing)
    }

    /// ∫ of the local cubic over [x_i + a h, x_i + b h].
    static func integral(_ v: [Double], _ i: Int, from a: Double, to b: Double, _ h: Double) -> Double {
        let start = Swift.min(Swift.max(i - 1, 0), v.count - 4)
        let offset = Double(i - start)  // x_i is node `offset` of the four (at t = offset)
        var total = 0.0
        for j in 0..<4 {
            // Lagrange basis through t = 0, 1, 2, 3, integrated in monomial form.
            let c = lagrange[j]
            func antiderivative(_ t: Double) -> Double {
                t * (c[0] + t * (c[1] / 2 + t * (c[2] / 3 + t * c[3] / 4)))
            }
            total += v[start + j] * (antiderivative(offset + b) - antiderivative(offset + a))
        }
        return total * h
    }

    /// Monomial coefficients (1, t, t², t³) of the Lagrange basis on the nodes t = 0, 1, 2, 3.
    static let lagrange: [[Double]] = [
        [1, -11.0 / 6, 1, -1.0 / 6],
        [0, 3, -5.0 / 2, 1.0 / 2],
        [0, -3.0 / 2, 2, -1.0 / 2],
        [0, 1.0 / 3, -1.0 / 2, 1.0 / 6],
    ]
}
