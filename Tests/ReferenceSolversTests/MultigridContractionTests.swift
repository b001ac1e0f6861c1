import Foundation
import Testing
import ReferenceSolvers

@Suite struct MultigridContractionTests {
    /// Average residual reduction per iteration, (r_k / r_0)^(1/k).
    static func contraction(_ result: MultigridSolver.Result) -> Double {
        pow(result.relativeResidual, 1 / Double(result.iterations))
    }

    @Test(arguments: [64, 85, 141, 256])
    func preconditionedCGContractsFivefoldPerIteration(s: Int) {
        let problem = DarcyProblem(size: s, coefficient: thresholdedCoefficient(s))
        let a = thresholdedCoefficient(s)
        #expect(a.contains(12) && a.contains(3), "sample should contain both phases")
        let result = problem.solve()
        let rho = Self.contraction(result)
        print("contraction PCG s = \(s): \(result.iterations) iterations, factor \(rho)")
        let converged = result.converged
        #expect(converged, "did not reach the tolerance")
        #expect(result.relativeResidual <= 1e-8)
        #expect(rho <= 0.2, "PCG contraction \(rho) at s = \(s)")
    }

    /// The stationary V(2,2) cycle alone (V(1,1) measures 0.24–0.28 here, too slow for this bound).
    @Test(arguments: [64, 85, 129, 141])
    func vCycleContractsFivefoldPerCycle(s: Int) {
        let problem = DarcyProblem(size: s, coefficient: thresholdedCoefficient(s))
        let result = problem.solve(configuration: .init(method: .vCycle, smoothingSweeps: 2))
        let rho = Self.contraction(result)
        let single = Self.contraction(problem.solve(configuration: .init(method: .vCycle)))
        print("contraction V(2,2) s = \(s): \(result.iterations) cycles, factor \(rho); V(1,1) factor \(single)")
        let converged = result.converged
        #expect(converged, "did not reach the tolerance")
        #expect(rho <= 0.2, "V-cycle contraction \(rho) at s = \(s)")
    }

    @Test func poissonIsTheSameSolver() {
        let s = 85
        let result = DarcyProblem.poisson(size: s).solve()
        // −Δu = 1 on the unit square: u(½, ½) ≈ 0.0736713532 (series solution).
        let centre = result.solution[(s / 2) * s + s / 2]
        print("poisson s = \(s): \(result.iterations) iterations, u(½,½) = \(centre)")
        let converged = result.converged
        #expect(converged, "did not reach the tolerance")
        #expect(abs(centre - 0.0736713532) < 1e-4)
    }
}
