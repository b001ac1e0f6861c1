import Foundation
import Testing
import ReferenceSolvers

/// `−Δu = f` with Dirichlet data `u = g`: the boundary values enter through the right-hand side.
@Suite struct PoissonTests {
    static func grid(_ s: Int, _ g: (Double, Double) -> Double) -> [Double] {
        let h = 1 / Double(s - 1)
        return (0..<(s * s)).map { p in g(Double(p / s) * h, Double(p % s) * h) }
    }

    static func maxError(_ s: Int, u: (Double, Double) -> Double, f: (Double, Double) -> Double) -> Double {
        let exact = grid(s, u)
        let result = DarcyProblem.poisson(size: s, source: grid(s, f), boundaryValues: exact).solve(configuration: .init(tolerance: 1e-13))
        #expect(result.converged)
        return zip(result.solution, exact).map { abs($0 - $1) }.max()!
    }

    /// The 5-point Laplacian is exact on cubics, so a harmonic cubic is reproduced to rounding,
    /// boundary ring included.
    @Test func harmonicCubicIsReproducedExactly() {
        for s in [17, 30, 85] {
            let error = PoissonTests.maxError(s, u: { x, y in x * x * x - 3 * x * y * y + 2 * y - 1 }, f: { _, _ in 0 })
            #expect(error < 1e-11, "s = \(s): max error \(error)")
        }
    }

    /// u = eˣ sin 2y + x²y: f = −Δu = 3eˣ sin 2y − 2y, g = u on the boundary (non-zero on three sides).
    @Test func observedOrderIsTwoWithDirichletData() {
        let u: (Double, Double) -> Double = { x, y in exp(x) * sin(2 * y) + x * x * y }
        let f: (Double, Double) -> Double = { x, y in 3 * exp(x) * sin(2 * y) - 2 * y }
        let sizes = [17, 33, 65, 129]
        let errors = sizes.map { PoissonTests.maxError($0, u: u, f: f) }
        for k in 1..<sizes.count {
            let order = log2(errors[k - 1] / errors[k])
            print("poisson with Dirichlet data: s = \(sizes[k]) error \(errors[k]) order \(order)")
            #expect(abs(order - 2) < 0.1, "observed order \(order) between s = \(sizes[k - 1]) and \(sizes[k])")
        }
    }
}
