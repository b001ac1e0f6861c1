import Foundation
import NeuropCore

/// Viscous Burgers' equation `u_t + (u²/2)_x = ν u_xx` on the periodic unit interval.
///
/// Discretisation: Fourier pseudo-spectral on `x_j = j/n`; `L̂(k) = −ν(2πk)²`,
/// `N̂(û) = −(i2πk/2)·F[u²]` with the 2/3 rule; time stepping by `ETDRK4Stepper`. Units: x and t
/// dimensionless, ν a diffusivity. FNO data: ν = 0.1 (paper), T = 1, n = 8192, u₀ from
/// `fnoInitialCondition`. Resolution needed: the viscous shock width ~ν/|u|, so n = 8192 is far
/// finer than ν = 0.1 needs; dt = 1e-4 (FNO's script) or even 1e-3 is well inside ETDRK4's accuracy.
public struct Burgers: SpectralPDE {
    public let grid: SpectralGrid
    public let viscosity: Double
    /// Multiplies the convective term; 0 turns Burgers into the heat equation (for reduction tests).
    public let convection: Double
    /// −(i2πk/2)·convection per mode: the derivative and the ½ of (u²/2)_x in one multiplier.
    private let fluxDerivative: [Double]

    public init(points n: Int, viscosity: Double = 0.1, convection: Double = 1) {
        grid = SpectralGrid(dims: [n])
        self.viscosity = viscosity
        self.convection = convection
        fluxDerivative = grid.multiplier { k in (0, -Double.pi * Double(k[0]) * convection) }
    }

    public func linearSymbol(_ k: [Int]) -> Double {
        let w = 2 * Double.pi * Double(k[0])
        return -viscosity * w * w
    }

    public func nonlinear(_ uHat: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>,
                          workspace: NonlinearWorkspace) {
        let u = workspace.field(0)
        workspace.physical(uHat, into: u)
        for i in 0..<(workspace.batch * grid.pointCount) { u[i] *= u[i] }
        workspace.spectral(u, multiplier: fluxDerivative, into: output)
    }

    /// An FNO Burgers initial condition: a periodic GRF `N(0, 49²(−Δ + 49I)^(−2.5))` sample on n
    /// points (α = 2.5, τ = 7, σ = 49, zero mean), as in the FNO data script.
    public static func fnoInitialCondition(points n: Int, using rng: inout RandomStream) -> [Double] {
        GaussianRandomField(shape: [n], alpha: 2.5, tau: 7, sigma: 49, boundary: .periodic).sample(using: &rng)
    }
}
