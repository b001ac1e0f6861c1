import Foundation
import Testing
import NeuropCore
import NeuropTestSupport
@testable import ReferenceSolvers

/// Cole–Hopf: with θ_t = νθ_xx, θ > 0, u = −2ν θ_x/θ solves u_t + u u_x = ν u_xx. The heat solution
/// θ = 2 + e^{−ν(2π)²t} cos 2πx + ½ e^{−ν(4π)²t} sin 4πx stays ≥ ½, so u is analytic and its
/// Fourier coefficients decay like (2 − √3)^k: n = 128 leaves no visible spatial error.
func coleHopf(_ x: Double, _ t: Double, nu: Double) -> Double {
    let e1 = exp(-nu * 4 * .pi * .pi * t), e2 = exp(-nu * 16 * .pi * .pi * t)
    let theta = 2 + e1 * cos(2 * .pi * x) + 0.5 * e2 * sin(4 * .pi * x)
    let thetaX = -2 * .pi * e1 * sin(2 * .pi * x) + 2 * .pi * e2 * cos(4 * .pi * x)
    return -2 * nu * thetaX / theta
}

func coleHopfError(n: Int, dt: Double, T: Double = 1, nu: Double = 0.1) throws -> Double {
    let pde = Burgers(points: n, viscosity: nu)
    let u0 = pde.grid.sample { coleHopf($0[0], 0, nu: nu) }
    let u = try ETDRK4Stepper(pde: pde).evolve(u0, to: T, dt: dt)
    return relativeL2(u, pde.grid.sample { coleHopf($0[0], T, nu: nu) })
}

@Suite struct BurgersTests {
    @Test func matchesColeHopfAtT1() throws {
        let err = try coleHopfError(n: 128, dt: 1e-2)
        print("Burgers Cole–Hopf n=128 dt=1e-2 T=1: relative L2 \(err)")
        #expect(err <= 1e-6)
    }

    @Test func observedTemporalOrderIsFour() throws {
        // Short horizon and large steps so the temporal error dominates rounding by decades.
        let dts = [0.05, 0.025, 0.0125]
        let errs = try dts.map { try coleHopfError(n: 128, dt: $0) }
        let orders = zip(errs, errs.dropFirst()).map { log2($0 / $1) }
        print("Burgers ETDRK4 errors \(errs) orders \(orders)")
        for p in orders { #expect(p >= 3.75) }
    }

    @Test func withoutConvectionEqualsHeat() throws {
        let n = 256
        let burgers = Burgers(points: n, viscosity: 0.1, convection: 0)
        var rng = RandomStream(seed: 7)
        let u0 = Burgers.fnoInitialCondition(points: n, using: &rng)
        let u = try ETDRK4Stepper(pde: burgers).evolve(u0, to: 0.5, dt: 0.05)
        let exact = Heat(dims: [n], diffusivity: 0.1).solution(u0, at: 0.5)
        let err = relativeL2(u, exact)
        print("Burgers without convection vs heat: relative L2 \(err)")
        #expect(err <= 1e-12)
    }

    @Test func batchStepsEachFieldIndependently() throws {
        let n = 128
        let pde = Burgers(points: n)
        var rng = RandomStream(seed: 3)
        let a = Burgers.fnoInitialCondition(points: n, using: &rng)
        let b = Burgers.fnoInitialCondition(points: n, using: &rng)
        let both = try ETDRK4Stepper(pde: pde, batch: 2).evolve(a + b, to: 0.2, dt: 0.01)
        let single = try ETDRK4Stepper(pde: pde).evolve(b, to: 0.2, dt: 0.01)
        #expect(maxRelativeError(Array(both[n...]), single, floor: 1e-3) <= 1e-12)
    }

    @Test func rejectsRecordingTimesOffTheStepGrid() {
        let pde = Burgers(points: 16)
        #expect(throws: SpectralSolverError.notAMultipleOfStep(time: 0.15, dt: 0.1)) {
            try ETDRK4Stepper(pde: pde).evolve([Double](repeating: 0, count: 16), dt: 0.1, recordingAt: [0.15])
        }
    }

    @Test func contourCoefficientsMatchDirectFormulas() {
        // For |z| large the closed forms are accurate; the contour mean must reproduce them.
        let h = 0.1, l = -50.0, z = h * l
        let c = ETDRK4Coefficients(symbol: [l, 0], dt: h)
        let ez = exp(z)
        let f1 = h * (-4 - z + ez * (4 - 3 * z + z * z)) / (z * z * z)
        let f2 = h * (2 + z + ez * (z - 2)) / (z * z * z)
        let f3 = h * (-4 - 3 * z - z * z + ez * (4 - z)) / (z * z * z)
        #expect(abs(c.q[0] - h * (exp(z / 2) - 1) / z) <= 1e-14)
        #expect(abs(c.f1[0] - f1) <= 1e-14 && abs(c.f2[0] - f2) <= 1e-14 && abs(c.f3[0] - f3) <= 1e-14)
        // z = 0: the limits h/2, h/6, h/6, h/6 (with the 2f₂ of the update: RK4's h/6, h/3, h/3, h/6)
        // where the formulas are 0/0.
        let limits = [(c.q[1], h / 2), (c.f1[1], h / 6), (c.f2[1], h / 6), (c.f3[1], h / 6)]
        print("ETDRK4 coefficients at z = 0, relative errors: \(limits.map { abs($0 - $1) / $1 })")
        for (got, want) in limits { #expect(abs(got - want) <= 1e-13 * want) }
    }
}

@Suite struct DealiasingTests {
    /// u = cos(2π·10x) on n = 32 survives the 2/3 mask (30 < 32) but u²'s mode 20 aliases onto −12,
    /// outside the mask: the dealiased (u²/2)_x is exactly 0, an undealiased one is not.
    @Test func burgersFluxOfAHighModeIsDiscarded() {
        let n = 32
        let pde = Burgers(points: n)
        let ws = NonlinearWorkspace(grid: pde.grid, batch: 1, scratchFields: 1)
        let u = pde.grid.sample { cos(2 * .pi * 10 * $0[0]) }
        var uHat = [Double](repeating: 0, count: 2 * pde.grid.modeCount)
        var nHat = uHat
        uHat.withUnsafeMutableBufferPointer { ws.transform(u, into: $0.baseAddress!) }
        uHat.withUnsafeBufferPointer { src in
            nHat.withUnsafeMutableBufferPointer { pde.nonlinear(src.baseAddress!, into: $0.baseAddress!, workspace: ws) }
        }
        // Undealiased, mode 12 would carry ≈ π·12·¼ ≈ 9; rounding leaves ~1e-14.
        #expect(nHat.map(abs).max()! <= 1e-12)
        #expect(pde.grid.dealiasMask[10] == 1 && pde.grid.dealiasMask[11] == 0)
    }
}
