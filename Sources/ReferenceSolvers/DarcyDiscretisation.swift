/// The 5-point finite-difference discretisation of `−∇·(a∇u) = f` used by the FNO Darcy data.
///
/// At interior node (i, j) of the s×s node grid (h = 1/(s−1)):
///
///     [ (a_E + a_W + a_N + a_S) u_ij − a_E u_i,j+1 − a_W u_i,j−1 − a_N u_i+1,j − a_S u_i−1,j ] / h² = f_ij
///
/// with face coefficients the arithmetic mean of the two nodal values, e.g. `a_E = (a_ij + a_i,j+1)/2`,
/// and u = g at boundary nodes: a coupling `−a_face u_nb` to a boundary neighbour is moved to the
/// right-hand side as `+a_face g_nb`, so the unknowns are the interior nodes only. Second-order accurate for smooth a and u (truncation error O(h²)).
/// The operator is stored multiplied by h² (entries O(a), symmetric positive definite) and the
/// right-hand side as h²·f, so both sides carry the same scaling.
public struct DarcyDiscretisation: Sendable {
    public let problem: DarcyProblem
    /// h²·A as a 9-point stencil on the (s−2)² interior nodes (corner entries zero).
    public let matrix: StencilOperator
    /// h²·f plus the lifted boundary values, as a padded vector (the s×s grid, zero on the boundary).
    public let rightHandSide: [Double]

    public init(_ problem: DarcyProblem) {
        let s = problem.size, n = s - 2, a = problem.coefficient
        var c = [Double](repeating: 0, count: n * n * 9)
        for i in 1...n {
            for j in 1...n {
                let p = i * s + j
                let east = 0.5 * (a[p] + a[p + 1]), west = 0.5 * (a[p] + a[p - 1])
                let north = 0.5 * (a[p] + a[p + s]), south = 0.5 * (a[p] + a[p - s])
                let base = ((i - 1) * n + (j - 1)) * 9
                c[base + 1] = -south      // (di, dj) = (−1, 0)
                c[base + 3] = -west       // (0, −1)
                c[base + 4] = east + west + north + south
                c[base + 5] = -east       // (0, +1)
                c[base + 7] = -north      // (+1, 0)
            }
        }
        let h2 = problem.spacing * problem.spacing
        var rhs = problem.source.map { $0 * h2 }
        StencilOperator.zeroBoundary(&rhs, width: s)
        if let g = problem.boundaryValues {
            for i in 1...n {
                for j in 1...n {
                    let p = i * s + j
                    for q in [p - 1, p + 1, p - s, p + s] {
                        let (qi, qj) = (q / s, q % s)
                        if qi == 0 || qi == s - 1 || qj == 0 || qj == s - 1 { rhs[p] += 0.5 * (a[p] + a[q]) * g[q] }
                    }
                }
            }
        }
        self.problem = problem
        self.matrix = StencilOperator(n: n, coefficients: c)
        self.rightHandSide = rhs
    }
}
