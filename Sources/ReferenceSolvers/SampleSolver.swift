/// A reference solver configured for the samples of one field file: `solve` maps one stored input
/// field (Float64, grid order of the file) to the values of its solution on the same grid — what
/// `neurop solve` writes and what `neurop compare` times against a trained operator.
///
/// | PDE | input | output per sample | solver |
/// | --- | --- | --- | --- |
/// | darcy | a on the s×s node grid | u, `[1, s, s]` | multigrid-preconditioned CG to `tolerance` |
/// | poisson | f on the s×s node grid | u, `[1, s, s]` | the same with a ≡ 1 |
/// | heat | u0 on a periodic n or n×n grid | u(T) `[1, grid]`, or u at each of `times` `[T, 1, grid]` | exact in Fourier space |
/// | burgers | u0 on a periodic grid of even n | u(T), `[1, n]` | pseudo-spectral ETDRK4, 2/3 dealiasing |
/// | navier-stokes | w0 on a periodic n×n grid, n even | w at each of `times`, `[T, 1, n, n]` | pseudo-spectral ETDRK4 |
///
/// Each sample is solved on the grid it is stored on, so a file whose outputs were solved on a
/// finer grid and subsampled differs from these solutions by the discretisation error of the
/// stored grid. The solver is safe to call from several threads at once (each call builds its own
/// problem or stepper).
public struct SampleSolver {
    public let pde: ReferencePDE
    /// Spatial grid of the inputs and outputs.
    public let grid: [Int]
    /// Output states per sample for a trajectory (`[T, 1, grid]`); nil for one state (`[1, grid]`).
    public let timeSteps: Int?
    /// Name of the output channel: `u`, or `w` (vorticity) for Navier–Stokes.
    public let outputChannel: String
    /// The parameters used, as `name: value` text for recipes and reports.
    public let settings: [(name: String, value: String)]
    private let solveOne: ([Double]) throws -> [Double]

    /// Values of one input sample (the grid's points).
    public var inputValues: Int { grid.reduce(1, *) }
    /// Values of one output sample (`timeSteps` × grid points).
    public var outputValues: Int { (timeSteps ?? 1) * inputValues }

    /// Configures the solver of `pde` for inputs of shape `inputShape` (`[N, C, grid…]`) stored in
    /// `file` (named in messages). Parameters come from `given`, then `recipe` (numbers of the
    /// recipe stored with the data), then the defaults of `SolverParameters`; `times` are the
    /// times after the input state at which a trajectory is recorded (the file's `t`), nil when
    /// the file has none.
    public init(_ pde: ReferencePDE, inputShape: [Int], file: String, recipe: [String: Double] = [:],
                given: SolverParameters = .init(), times: [Double]? = nil) throws {
        self.pde = pde
        let grid = Array(inputShape.dropFirst(2))
        self.grid = grid
        func parameter(_ key: String, _ value: Double?, default fallback: Double? = nil) throws -> Double {
            if let value { return value }
            if let value = recipe[key] { return value }
            if let fallback { return fallback }
            throw SampleSolverError("\(file) has no recipe value '\(key)'; give it as --\(key.replacingOccurrences(of: "_", with: "-"))")
        }
        func requireShape(_ ok: Bool, _ expected: String) throws {
            guard ok, inputShape.count >= 2, inputShape[1] == 1 else {
                throw SampleSolverError("\(pde.rawValue) needs inputs of shape \(expected), but \(file) has inputs \(describe(inputShape))")
            }
        }

        var timeSteps: Int?
        var channel = "u"
        switch pde {
        case .darcy, .poisson:
            try requireShape(grid.count == 2 && grid[0] == grid[1] && grid[0] >= 3,
                             "[N, 1, s, s] (\(pde == .darcy ? "the coefficient a" : "the source f") on an s×s node grid)")
            let s = grid[0], tol = try parameter("tolerance", given.tolerance, default: 1e-8)
            let f = given.source ?? 1
            settings = [("tolerance", "\(tol)")] + (pde == .darcy ? [("source", "\(f)")] : [])
            let isDarcy = pde == .darcy
            solveOne = { input in
                if isDarcy, let bad = input.first(where: { !($0 > 0) }) {
                    throw SampleSolverError("the Darcy coefficient must be positive, but \(file) holds \(bad)")
                }
                let problem = isDarcy ? DarcyProblem(size: s, coefficient: input, source: [Double](repeating: f, count: s * s))
                                      : DarcyProblem.poisson(size: s, source: input)
                let result = problem.solve(configuration: .init(tolerance: tol))
                guard result.converged else { throw SampleSolverError("a sample of \(file) did not reach the tolerance \(tol)") }
                return result.solution
            }
        case .heat:
            try requireShape((1...2).contains(grid.count) && Set(grid).count == 1, "[N, 1, n] or [N, 1, n, n] (u0 on a periodic grid)")
            let kappa = try parameter("diffusivity", given.diffusivity)
            let targets = try given.time.map { [$0] } ?? times ?? [parameter("time", nil)]
            settings = [("diffusivity", "\(kappa)"), ("times", "\(targets)")]
            if times != nil, given.time == nil { timeSteps = targets.count }
            let heat = Heat(dims: grid, diffusivity: kappa)
            solveOne = { u0 in targets.flatMap { heat.solution(u0, at: $0) } }
        case .burgers:
            try requireShape(grid.count == 1 && grid[0] % 2 == 0, "[N, 1, n] with n even (u0 on the periodic unit interval)")
            let nu = try parameter("viscosity", given.viscosity, default: 0.1), T = try parameter("time", given.time, default: 1)
            let step = try parameter("dt", given.dt, default: 1e-3)
            settings = [("viscosity", "\(nu)"), ("time", "\(T)"), ("dt", "\(step)")]
            let burgers = Burgers(points: grid[0], viscosity: nu)
            solveOne = { u0 in try ETDRK4Stepper(pde: burgers).evolve(u0, to: T, dt: step) }
        case .navierStokes:
            try requireShape(grid.count == 2 && grid[0] == grid[1] && grid[0] % 2 == 0,
                             "[N, 1, n, n] with n even (w0 on the periodic unit square)")
            guard let times else {
                throw SampleSolverError("\(file) has no t coordinate: navier-stokes solves to the recorded times of the file")
            }
            let nu = try parameter("viscosity", given.viscosity, default: 1e-3), step = try parameter("dt", given.dt, default: 1e-3)
            settings = [("viscosity", "\(nu)"), ("dt", "\(step)"), ("times", "\(times)")]
            timeSteps = times.count
            channel = "w"
            let ns = NavierStokes2D(points: grid[0], viscosity: nu)
            solveOne = { w0 in try ETDRK4Stepper(pde: ns).evolve(w0, dt: step, recordingAt: times).flatMap { $0 } }
        }
        self.timeSteps = timeSteps
        outputChannel = channel
    }

    /// The solution of one input sample: `outputValues` numbers, time-major for trajectories.
    public func solve(_ input: [Double]) throws -> [Double] {
        precondition(input.count == inputValues, "a sample has \(inputValues) values, got \(input.count)")
        return try solveOne(input)
    }
}

/// Why a reference solve cannot run: one sentence naming the file and the fix.
public struct SampleSolverError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

private func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
