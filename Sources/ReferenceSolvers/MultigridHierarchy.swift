/// The setup half of geometric multigrid: the Galerkin hierarchy `A_{l+1} = P_lᵀ A_l P_l` built
/// from a fine-grid stencil operator, down to a coarsest grid that is factorised densely.
///
/// Coarsening n → ⌊n/2⌋ interior nodes per axis (see `GridTransfer`), until n ≤
/// `Configuration.coarsestInteriorNodes` (default 15, i.e. at most 225 unknowns, Cholesky-factorised).
/// s = 421 gives 419 → 209 → 104 → 52 → 26 → 13: six levels. Setup cost is a few fine-grid
/// operator applications; it does not depend on the right-hand side, so one hierarchy serves
/// many solves with the same coefficient.
public struct MultigridHierarchy: Sendable {
    public struct Configuration: Sendable {
        /// Stop coarsening once a level has at most this many interior nodes per axis.
        public var coarsestInteriorNodes: Int = 15
        public init(coarsestInteriorNodes: Int = 15) {
            precondition(coarsestInteriorNodes >= 1)
            self.coarsestInteriorNodes = coarsestInteriorNodes
        }
    }

    /// One level: its operator; the coarsest also carries its dense factorisation.
    public struct Level: Sendable {
        public let matrix: StencilOperator
        public let coarseSolver: DenseCholesky?
    }

    /// Finest first.
    public let levels: [Level]

    public init(_ fine: StencilOperator, configuration: Configuration = .init()) {
        var levels: [Level] = []
        var a = fine
        while a.n > configuration.coarsestInteriorNodes {
            levels.append(Level(matrix: a, coarseSolver: nil))
            a = GridTransfer.galerkin(a)
        }
        guard let cholesky = DenseCholesky(matrix: a.denseMatrix(), order: a.n * a.n) else {
            preconditionFailure("coarsest multigrid operator (n = \(a.n)) is not positive definite")
        }
        levels.append(Level(matrix: a, coarseSolver: cholesky))
        self.levels = levels
    }
}
