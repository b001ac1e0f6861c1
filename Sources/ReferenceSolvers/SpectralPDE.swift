/// A semilinear PDE `u_t = L u + N(u)` on a periodic grid, written in Fourier space as
/// `û_t = L̂(k) û + N̂(û)` with L diagonal (a Fourier symbol). The PDE supplies only these two
/// parts; the time stepper, FFTs and dealiasing are shared (`ETDRK4Stepper`, `NonlinearWorkspace`).
public protocol SpectralPDE: Sendable {
    /// The grid the PDE is discretised on.
    var grid: SpectralGrid { get }

    /// Real scratch fields (each batch × points) the nonlinear term needs from the workspace.
    var scratchFieldCount: Int { get }

    /// The linear symbol `L̂(k)` at integer wavenumber `k` (cycles per unit; one entry per axis).
    /// Real: the stepper's contour integrals assume a real (diffusive, non-dispersive) symbol.
    func linearSymbol(_ k: [Int]) -> Double

    /// Writes `N̂(û)` for `batch` fields. `uHat` and `output` hold `batch × grid.modeCount`
    /// interleaved complex normalised coefficients. All products must go through `workspace`,
    /// whose transforms apply the 2/3 rule.
    func nonlinear(_ uHat: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>,
                   workspace: NonlinearWorkspace)
}

extension SpectralPDE {
    public var scratchFieldCount: Int { 1 }
}
