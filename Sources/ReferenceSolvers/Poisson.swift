extension DarcyProblem {
    /// The Poisson problem `−Δu = f` on [0,1]² with Dirichlet data `u = g` on the boundary: Darcy
    /// with a ≡ 1, so the same 5-point discretisation (second order), node grid and multigrid.
    /// Both `source` and `boundaryValues` are s² nodal values (f ≡ 1 and g = 0 when nil).
    public static func poisson(size: Int, source: [Double]? = nil, boundaryValues: [Double]? = nil) -> DarcyProblem {
        DarcyProblem(size: size, coefficient: [Double](repeating: 1, count: size * size), source: source,
                     boundaryValues: boundaryValues)
    }
}
