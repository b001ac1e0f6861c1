import Foundation
import ReferenceSolvers
import Testing

@Suite struct AntiderivativeTests {
    /// Exact (to rounding) for cubic integrands, at the nodes and between them.
    @Test func exactForCubics() {
        let n = 11, h = 1.0 / Double(n - 1)
        let v = (0..<n).map { i -> Double in let x = Double(i) * h; return 4 * x * x * x - 3 * x * x + 2 * x - 1 }
        let u = Antiderivative(values: v, spacing: h)
        func exact(_ x: Double) -> Double { x * x * x * x - x * x * x + x * x - x }
        for i in 0..<n { #expect(abs(u.cumulative[i] - exact(Double(i) * h)) < 1e-14) }
        for x in stride(from: 0.0, through: 1.0, by: 0.0137) { #expect(abs(u(x) - exact(x)) < 1e-14) }
    }

    /// Fourth order for a smooth non-polynomial integrand: log2 of successive error ratios ≥ 3.75.
    @Test func fourthOrderForSmoothIntegrands() {
        func error(_ n: Int) -> Double {
            let h = 1.0 / Double(n - 1)
            let u = Antiderivative(values: (0..<n).map { cos(5 * Double($0) * h) }, spacing: h)
            return stride(from: 0.0, through: 1.0, by: 0.01).map { abs(u($0) - sin(5 * $0) / 5) }.max()!
        }
        let errors = [21, 41, 81, 161].map(error)
        for k in 0..<3 {
            let order = log2(errors[k] / errors[k + 1])
            #expect(order >= 3.75, "observed order \(order)")
        }
    }
}
