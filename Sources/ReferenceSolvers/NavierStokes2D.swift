import Foundation
import NeuropCore

/// 2D incompressible Navier–Stokes in vorticity form on the unit torus (the FNO dataset):
/// `w_t + u·∇w = νΔw + f`, `u = ∇^⊥ψ = (ψ_y, −ψ_x)`, `−Δψ = w`, with
/// `f(x, y) = forcingAmplitude · (sin 2π(x+y) + cos 2π(x+y))` (FNO: 0.1).
///
/// Discretisation: Fourier pseudo-spectral on `(x_i, y_j) = (i/n, j/n)`, fields stored `[x, y]` row-major;
/// `L̂(k) = −ν(2π)²|k|²`, `N̂ = −F[u w_x + v w_y] + f̂` with u, v, w_x, w_y formed spectrally
/// (`ψ̂ = ŵ/(4π²|k|²)`, `ψ̂₀ = 0`) and the 2/3 rule. Time stepping: ETDRK4 (`ETDRK4Stepper`), not
/// the FNO script's Crank–Nicolson + Heun: it shares the stepper with Burgers, integrates the
/// viscous part exactly and is 4th order, so dt = 1e-3 at 64² already matches CN/Heun at 1e-4 in
/// accuracy; trajectories therefore agree with FNO's data statistically, not bit for bit.
/// Units: unit-period domain, ν dimensionless (FNO: 1e-3, 1e-4, 1e-5).
public struct NavierStokes2D: SpectralPDE {
    public let grid: SpectralGrid
    public let viscosity: Double
    public let forcingAmplitude: Double
    private let velocityX, velocityY, derivativeX, derivativeY: [Double]
    /// f̂, normalised coefficients of the forcing (one field; added to every batch member).
    private let forcing: [Double]

    public init(points n: Int, viscosity: Double = 1e-3, forcingAmplitude: Double = 0.1) {
        grid = SpectralGrid(dims: [n, n])
        self.viscosity = viscosity
        self.forcingAmplitude = forcingAmplitude
        let tp = 2 * Double.pi
        func inverseLaplacian(_ k: [Int]) -> Double {
            let k2 = Double(k[0] * k[0] + k[1] * k[1])
            return k2 == 0 ? 0 : 1 / (tp * tp * k2)
        }
        velocityX = grid.multiplier { k in (0, tp * Double(k[1]) * inverseLaplacian(k)) }   // ψ_y
        velocityY = grid.multiplier { k in (0, -tp * Double(k[0]) * inverseLaplacian(k)) }  // −ψ_x
        derivativeX = grid.multiplier { k in (0, tp * Double(k[0])) }
        derivativeY = grid.multiplier { k in (0, tp * Double(k[1])) }
        let f = grid.sample { p in forcingAmplitude * (sin(tp * (p[0] + p[1])) + cos(tp * (p[0] + p[1]))) }
        let ws = NonlinearWorkspace(grid: grid, batch: 1, scratchFields: 0)
        var fh = [Double](repeating: 0, count: 2 * grid.modeCount)
        f.withUnsafeBufferPointer { src in fh.withUnsafeMutableBufferPointer { ws.transform(src.baseAddress!, into: $0.baseAddress!) } }
        forcing = fh
    }

    public var scratchFieldCount: Int { 4 }

    public func linearSymbol(_ k: [Int]) -> Double {
        -viscosity * 4 * Double.pi * Double.pi * Double(k[0] * k[0] + k[1] * k[1])
    }

    public func nonlinear(_ wHat: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>,
                          workspace: NonlinearWorkspace) {
        let u = workspace.field(0), v = workspace.field(1), wx = workspace.field(2), wy = workspace.field(3)
        workspace.physical(wHat, multiplier: velocityX, into: u)
        workspace.physical(wHat, multiplier: velocityY, into: v)
        workspace.physical(wHat, multiplier: derivativeX, into: wx)
        workspace.physical(wHat, multiplier: derivativeY, into: wy)
        for i in 0..<(workspace.batch * grid.pointCount) { u[i] = -(u[i] * wx[i] + v[i] * wy[i]) }
        workspace.spectral(u, into: output)
        if forcingAmplitude != 0 {
            let modes = grid.modeCount
            for b in 0..<workspace.batch {
                for i in 0..<(2 * modes) { output[2 * b * modes + i] += forcing[i] }
            }
        }
    }

    /// An FNO initial vorticity: a periodic GRF `N(0, 7³(−Δ + 49I)^(−2.5))` sample on n × n
    /// (α = 2.5, τ = 7, σ = 7^{3/2}, zero mean).
    public static func fnoInitialVorticity(points n: Int, using rng: inout RandomStream) -> [Double] {
        GaussianRandomField(shape: [n, n], alpha: 2.5, tau: 7, sigma: pow(7, 1.5), boundary: .periodic)
            .sample(using: &rng)
    }
}
