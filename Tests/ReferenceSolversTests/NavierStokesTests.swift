import Foundation
import Testing
import NeuropCore
import NeuropTestSupport
@testable import ReferenceSolvers

@Suite struct NavierStokesTests {
    /// Taylor–Green: w = 2(2π) cos 2πx cos 2πy · e^{−2ν(2π)²t} (ψ = w/(8π²)); w is a function of ψ,
    /// so u·∇w = 0 and the unforced flow only decays.
    @Test func taylorGreenDecay() throws {
        let nu = 0.01, T = 1.0, n = 32
        let pde = NavierStokes2D(points: n, viscosity: nu, forcingAmplitude: 0)
        func tg(_ p: [Double], _ t: Double) -> Double {
            2 * (2 * .pi) * cos(2 * .pi * p[0]) * cos(2 * .pi * p[1]) * exp(-2 * nu * 4 * .pi * .pi * t)
        }
        let w = try ETDRK4Stepper(pde: pde).evolve(pde.grid.sample { tg($0, 0) }, to: T, dt: 0.05)
        let err = relativeL2(w, pde.grid.sample { tg($0, T) })
        print("NS Taylor–Green ν=0.01 T=1: relative L2 \(err)")
        #expect(err <= 1e-6)
    }

    /// The nonlinear term against −u·∇w computed by hand for a band-limited ψ
    /// (exact on the grid), so the velocity sign convention u = (ψ_y, −ψ_x) is checked.
    @Test func nonlinearTermMatchesAnalyticAdvection() {
        let n = 32, tp = 2 * Double.pi
        let pde = NavierStokes2D(points: n, viscosity: 0, forcingAmplitude: 0)
        // ψ = sin(2πx) sin(4πy) + cos(6πx): w = −Δψ.
        func psi(_ x: Double, _ y: Double) -> (w: Double, u: Double, v: Double, wx: Double, wy: Double) {
            let s = sin(tp * x), c = cos(tp * x), s2 = sin(2 * tp * y), c2 = cos(2 * tp * y)
            let w = 5 * tp * tp * s * s2 + 9 * tp * tp * cos(3 * tp * x)
            let u = 2 * tp * s * c2                      // ψ_y
            let v = -(tp * c * s2 - 3 * tp * sin(3 * tp * x))  // −ψ_x
            let wx = 5 * tp * tp * tp * c * s2 - 27 * tp * tp * tp * sin(3 * tp * x)
            let wy = 10 * tp * tp * tp * s * c2
            return (w, u, v, wx, wy)
        }
        let w = pde.grid.sample { psi($0[0], $0[1]).w }
        let expected = pde.grid.sample { p in let q = psi(p[0], p[1]); return -(q.u * q.wx + q.v * q.wy) }
        let ws = NonlinearWorkspace(grid: pde.grid, batch: 1, scratchFields: pde.scratchFieldCount)
        var wHat = [Double](repeating: 0, count: 2 * pde.grid.modeCount)
        var nHat = wHat
        var got = [Double](repeating: 0, count: n * n)
        wHat.withUnsafeMutableBufferPointer { ws.transform(w, into: $0.baseAddress!) }
        wHat.withUnsafeBufferPointer { src in
            nHat.withUnsafeMutableBufferPointer { pde.nonlinear(src.baseAddress!, into: $0.baseAddress!, workspace: ws) }
        }
        nHat.withUnsafeBufferPointer { h in got.withUnsafeMutableBufferPointer { ws.inverseTransform(h.baseAddress!, into: $0.baseAddress!) } }
        let err = relativeL2(got, expected)
        print("NS nonlinear term vs analytic: relative L2 \(err)")
        #expect(err <= 1e-12)
    }

    @Test func meanVorticityConservedWithForcing() throws {
        let n = 32
        let pde = NavierStokes2D(points: n, viscosity: 1e-3)
        var rng = RandomStream(seed: 11)
        // A non-zero mean, so conservation is not merely 0 = 0.
        let w0 = NavierStokes2D.fnoInitialVorticity(points: n, using: &rng).map { $0 + 0.75 }
        let w = try ETDRK4Stepper(pde: pde).evolve(w0, to: 2, dt: 0.01)
        let drift = abs(w.reduce(0, +) / Double(n * n) - w0.reduce(0, +) / Double(n * n))
        print("NS mean vorticity drift (forcing on, T=2): \(drift)")
        #expect(drift <= 1e-12)
        // The forcing and the nonlinearity did act: the field changed by O(1).
        #expect(relativeL2(w, w0) > 1e-2)
    }

    @Test func observedTemporalOrderForced() throws {
        // Self-convergence on a GRF sample: e(h) = ‖w_h − w_{h/2}‖, order log2(e(h)/e(h/2)).
        let n = 32
        let pde = NavierStokes2D(points: n, viscosity: 1e-3)
        var rng = RandomStream(seed: 5)
        let w0 = NavierStokes2D.fnoInitialVorticity(points: n, using: &rng)
        let sols = try [0.1, 0.05, 0.025, 0.0125].map { try ETDRK4Stepper(pde: pde).evolve(w0, to: 1, dt: $0) }
        let e = zip(sols, sols.dropFirst()).map { relativeL2($0, $1) }
        let orders = zip(e, e.dropFirst()).map { log2($0 / $1) }
        print("NS self-convergence differences \(e) orders \(orders)")
        for p in orders { #expect(p >= 3.75) }
    }
}
