import Foundation
import Testing
import ReferenceSolvers

/// u = sin(πx) sin(πy) eˣ, a = 2 + sin(3x) cos(2y), f = −(a_x u_x + a_y u_y + a Δu).
private enum Manufactured {
    static func u(_ x: Double, _ y: Double) -> Double { sin(.pi * x) * sin(.pi * y) * exp(x) }
    static func a(_ x: Double, _ y: Double) -> Double { 2 + sin(3 * x) * cos(2 * y) }
    static func f(_ x: Double, _ y: Double) -> Double {
        let sx = sin(.pi * x), cx = cos(.pi * x), sy = sin(.pi * y), cy = cos(.pi * y), e = exp(x)
        let ux = e * sy * (sx + .pi * cx)
        let uy = .pi * e * sx * cy
        let uxx = e * sy * (sx + 2 * .pi * cx - .pi * .pi * sx)
        let uyy = -.pi * .pi * u(x, y)
        let ax = 3 * cos(3 * x) * cos(2 * y), ay = -2 * sin(3 * x) * sin(2 * y)
        return -(ax * ux + ay * uy + a(x, y) * (uxx + uyy))
    }

    static func grid(_ s: Int, _ g: (Double, Double) -> Double) -> [Double] {
        let h = 1 / Double(s - 1)
        return (0..<(s * s)).map { p in g(Double(p / s) * h, Double(p % s) * h) }
    }

    /// Max-norm nodal error of the multigrid-PCG solution at s nodes per axis.
    static func error(_ s: Int) -> Double {
        let problem = DarcyProblem(size: s, coefficient: grid(s, a), source: grid(s, f))
        let result = problem.solve(configuration: .init(tolerance: 1e-12))
        let converged = result.converged
        #expect(converged, "did not reach the tolerance")
        return zip(result.solution, grid(s, u)).map { abs($0 - $1) }.max()!
    }
}

@Suite struct ManufacturedSolutionTests {
    @Test func observedOrderIsTwoUnderHalving() {
        let sizes = [17, 33, 65, 129]
        let errors = sizes.map(Manufactured.error)
        for k in 1..<sizes.count {
            let order = log(errors[k - 1] / errors[k]) / log(Double(sizes[k] - 1) / Double(sizes[k - 1] - 1))
            print("manufactured: s = \(sizes[k - 1]) → \(sizes[k]): e = \(errors[k - 1]) → \(errors[k]), order \(order)")
            #expect(abs(order - 2) < 0.1, "observed order \(order) between s = \(sizes[k - 1]) and \(sizes[k])")
        }
    }

    @Test func fittedOrderOverNonHalvingSizesIsTwo() {
        // Includes sizes that are not 2^k + 1 (85, 141) and an even one (64).
        let sizes = [41, 64, 85, 141]
        let points = sizes.map { (log(1 / Double($0 - 1)), log(Manufactured.error($0))) }
        let mx = points.map(\.0).reduce(0, +) / Double(points.count)
        let my = points.map(\.1).reduce(0, +) / Double(points.count)
        let slope = points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
        print("manufactured: least-squares order over s = \(sizes): \(slope)")
        #expect(abs(slope - 2) < 0.1, "fitted order \(slope)")
    }
}
