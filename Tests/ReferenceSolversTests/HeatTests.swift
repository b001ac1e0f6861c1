import Foundation
import Testing
import NeuropTestSupport
@testable import ReferenceSolvers

@Suite struct HeatTests {
    @Test func singleModeExact1D() {
        // Parameters keep the solution O(0.1): rounding noise in the non-decaying modes is then ~1e-16 of it.
        let kappa = 0.01, t = 0.5, n = 64
        let heat = Heat(dims: [n], diffusivity: kappa)
        let u0 = heat.grid.sample { sin(2 * .pi * 3 * $0[0]) }
        let exact = heat.grid.sample { exp(-kappa * pow(2 * .pi * 3, 2) * t) * sin(2 * .pi * 3 * $0[0]) }
        let err = relativeL2(heat.solution(u0, at: t), exact)
        print("Heat 1D single mode: relative L2 \(err)")
        #expect(err <= 1e-12)
    }

    @Test func singleModeExact2D() {
        let kappa = 0.001, t = 1.3, n = 32
        let heat = Heat(dims: [n, n], diffusivity: kappa)
        // k = (2, −5): a mode on both halves of the stored spectrum.
        func mode(_ p: [Double]) -> Double { cos(2 * .pi * (2 * p[0] - 5 * p[1])) }
        let u0 = heat.grid.sample(mode)
        let decay = exp(-kappa * 4 * .pi * .pi * 29 * t)
        let exact = heat.grid.sample { decay * mode($0) }
        let err = relativeL2(heat.solution(u0, at: t), exact)
        print("Heat 2D single mode: relative L2 \(err)")
        #expect(err <= 1e-12)
        // ETDRK4 with N = 0 is the same exact propagator, for any step.
        let stepped = try! ETDRK4Stepper(pde: heat).evolve(u0, to: t, dt: 0.65)
        #expect(relativeL2(stepped, exact) <= 1e-12)
    }
}
