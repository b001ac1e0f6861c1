/// The solve half of geometric multigrid: a symmetric V-cycle used as a preconditioner for
/// conjugate gradients (default) or iterated on its own.
///
/// V-cycle on level l for `A_l x = b` from x = 0: ν forward Gauss–Seidel sweeps, restrict the
/// residual with Pᵀ, recurse, add P·(coarse correction), ν backward sweeps; the coarsest level is
/// solved exactly. Forward-before/backward-after makes the cycle a symmetric positive definite
/// operator M ≈ A⁻¹, as PCG requires. Stopping rule: ‖b − A x_k‖₂ ≤ tolerance · ‖b‖₂ (x₀ = 0).
/// Good values: ν = 1, tolerance 1e-8; on the FNO 12/3 Darcy coefficients PCG then needs about
/// 6–8 iterations at any s (see the tests for measured contraction factors).
public struct MultigridSolver: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        /// Conjugate gradients preconditioned by one V-cycle.
        case conjugateGradient
        /// Stationary iteration x ← x + V(b − A x).
        case vCycle
    }

    public struct Configuration: Sendable {
        public var method: Method = .conjugateGradient
        public var tolerance: Double = 1e-8
        public var maxIterations: Int = 200
        /// Gauss–Seidel sweeps before and after the coarse correction.
        public var smoothingSweeps: Int = 1
        public init(method: Method = .conjugateGradient, tolerance: Double = 1e-8,
                    maxIterations: Int = 200, smoothingSweeps: Int = 1) {
            precondition(tolerance > 0 && maxIterations >= 1 && smoothingSweeps >= 1)
            self.method = method
            self.tolerance = tolerance
            self.maxIterations = maxIterations
            self.smoothingSweeps = smoothingSweeps
        }
    }

    public struct Result: Sendable {
        /// The solution as a padded vector (the full node grid, zero on the boundary).
        public let solution: [Double]
        /// ‖b − A x_k‖₂ for k = 0, 1, …; entry 0 is ‖b‖₂.
        public let residualHistory: [Double]
        public var iterations: Int { residualHistory.count - 1 }
        public var relativeResidual: Double { residualHistory.last! / max(residualHistory[0], .leastNormalMagnitude) }
        public let converged: Bool
    }

    public let hierarchy: MultigridHierarchy
    public let configuration: Configuration

    public init(hierarchy: MultigridHierarchy, configuration: Configuration = .init()) {
        self.hierarchy = hierarchy
        self.configuration = configuration
    }

    /// One V-cycle from a zero guess on level `l`: returns x ≈ A_l⁻¹ b.
    public func cycle(_ b: [Double], level l: Int = 0) -> [Double] {
        let level = hierarchy.levels[l], a = level.matrix
        if let direct = level.coarseSolver {
            let n = a.n, w = a.width
            var packed = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { packed[i * n + j] = b[(i + 1) * w + j + 1] } }
            let solved = direct.solve(packed)
            var x = [Double](repeating: 0, count: a.paddedCount)
            for i in 0..<n { for j in 0..<n { x[(i + 1) * w + j + 1] = solved[i * n + j] } }
            return x
        }
        var x = [Double](repeating: 0, count: a.paddedCount)
        for _ in 0..<configuration.smoothingSweeps { a.gaussSeidel(&x, b, reverse: false) }
        var r = [Double](repeating: 0, count: a.paddedCount)
        a.residual(x, b, into: &r)
        let correction = cycle(GridTransfer.restrict(r, n: a.n), level: l + 1)
        GridTransfer.prolongateAdd(correction, into: &x, n: a.n)
        for _ in 0..<configuration.smoothingSweeps { a.gaussSeidel(&x, b, reverse: true) }
        return x
    }

    /// Solves A x = b on the finest level (b a padded vector).
    public func solve(_ b: [Double]) -> Result {
        let a = hierarchy.levels[0].matrix
        precondition(b.count == a.paddedCount, "right-hand side has \(b.count) values, expected \(a.paddedCount)")
        let bNorm = Self.norm(b)
        var history = [bNorm]
        var x = [Double](repeating: 0, count: a.paddedCount)
        if bNorm == 0 { return Result(solution: x, residualHistory: history, converged: true) }
        let target = configuration.tolerance * bNorm
        var r = b
        var q = [Double](repeating: 0, count: a.paddedCount)
        switch configuration.method {
        case .vCycle:
            for _ in 0..<configuration.maxIterations {
                let e = cycle(r)
                for p in x.indices { x[p] += e[p] }
                a.residual(x, b, into: &r)
                history.append(Self.norm(r))
                if history.last! <= target { break }
            }
        case .conjugateGradient:
            var z = cycle(r)
            var p = z
            var rz = Self.dot(r, z)
            for _ in 0..<configuration.maxIterations {
                a.apply(p, into: &q)
                let alpha = rz / Self.dot(p, q)
                for k in x.indices { x[k] += alpha * p[k]; r[k] -= alpha * q[k] }
                history.append(Self.norm(r))
                if history.last! <= target { break }
                z = cycle(r)
                let rzNew = Self.dot(r, z)
                let beta = rzNew / rz
                rz = rzNew
                for k in p.indices { p[k] = z[k] + beta * p[k] }
            }
        }
        return Result(solution: x, residualHistory: history, converged: history.last! <= target)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for k in a.indices { s += a[k] * b[k] }
        return s
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}

extension DarcyProblem {
    /// Discretises (`DarcyDiscretisation`), builds the multigrid hierarchy and solves with
    /// MG-preconditioned CG. The solution is on the s×s node grid, boundary values included.
    public func solve(configuration: MultigridSolver.Configuration = .init(),
                      hierarchy hierarchyConfiguration: MultigridHierarchy.Configuration = .init())
        -> MultigridSolver.Result {
        let discrete = DarcyDiscretisation(self)
        let solver = MultigridSolver(hierarchy: MultigridHierarchy(discrete.matrix, configuration: hierarchyConfiguration),
                                     configuration: configuration)
        let result = solver.solve(discrete.rightHandSide)
        guard let g = boundaryValues else { return result }
        var u = result.solution
        for i in 0..<size { for j in 0..<size where i == 0 || j == 0 || i == size - 1 || j == size - 1 { u[i * size + j] = g[i * size + j] } }
        return MultigridSolver.Result(solution: u, residualHistory: result.residualHistory, converged: result.converged)
    }
}
