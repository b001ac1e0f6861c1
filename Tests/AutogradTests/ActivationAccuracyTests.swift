import Autograd
import Foundation
import NeuropCore
import Testing

/// GELU's vectorised kernels (a rational erf, a polynomial exp) against the exact formulas in
/// Float64: `x Φ(x)` and `Φ(x) + x φ(x)` on [−10, 10].
@Suite struct ActivationAccuracyTests {
    @Test func geluAndItsDerivativeMatchTheExactFormulas() {
        let x = Tensor(shape: [4001]) { Float($0 - 2000) / 200 }
        let tape = Tape()
        let xv = tape.variable(x)
        let y = xv.gelu()
        let dx = tape.gradients(of: y, seed: Tensor(shape: x.shape, repeating: 1))[xv]
        var worstValue = 0.0, worstDerivative = 0.0
        for i in 0..<x.count {
            let v = Double(x[flat: i])
            let cdf = 0.5 * (1 + erf(v / 2.0.squareRoot())), pdf = exp(-v * v / 2) / (2 * Double.pi).squareRoot()
            worstValue = max(worstValue, abs(Double(y.value[flat: i]) - v * cdf) / max(1, abs(v)))
            worstDerivative = max(worstDerivative, abs(Double(dx[flat: i]) - (cdf + v * pdf)))
        }
        #expect(worstValue < 5e-7, "GELU error \(worstValue)")
        #expect(worstDerivative < 5e-7, "GELU' error \(worstDerivative)")
    }
}
