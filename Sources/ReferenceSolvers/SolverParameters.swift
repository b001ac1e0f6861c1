/// The physical and numerical parameters of a reference solve, each resolved in this order: the
/// value given explicitly (a command-line option), the value in the recipe stored with the data,
/// then the generators' default where one exists.
public struct SolverParameters: Equatable, Sendable {
    /// Darcy/Poisson: relative residual of the multigrid-preconditioned CG (default 1e-8).
    public var tolerance: Double?
    /// Darcy: the constant source f (default 1, the FNO data).
    public var source: Double?
    /// Burgers (default 0.1) and Navier–Stokes (default 1e-3): viscosity ν.
    public var viscosity: Double?
    /// Heat: diffusivity κ (no default: it must come from the recipe or be given).
    public var diffusivity: Double?
    /// Burgers (default 1) and single-state heat: final time T.
    public var time: Double?
    /// Burgers and Navier–Stokes: ETDRK4 time step (default 1e-3).
    public var dt: Double?

    public init(tolerance: Double? = nil, source: Double? = nil, viscosity: Double? = nil, diffusivity: Double? = nil,
                time: Double? = nil, dt: Double? = nil) {
        self.tolerance = tolerance
        self.source = source
        self.viscosity = viscosity
        self.diffusivity = diffusivity
        self.time = time
        self.dt = dt
    }
}
