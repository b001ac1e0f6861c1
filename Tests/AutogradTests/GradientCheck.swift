import Autograd
import NeuropCore
import NeuropTestSupport

/// Dot-product gradient check (JAX's `check_vjp`): for random directions u (input) and v (output),
/// compares ⟨u, VJP(v)⟩ from the tape with ⟨(f(x + εu) − f(x − εu))/(2ε), v⟩ from central
/// differences evaluated without a tape. Returns the worst relative error over the inputs.
func gradientCheckError(_ inputs: [Tensor], epsilon: Float = 1e-2, seed: UInt64 = 99,
                        _ f: ([Variable]) -> Variable) -> Double {
    let tape = Tape()
    let vars = inputs.map { tape.variable($0) }
    let out = f(vars)
    let v = randomTensor(out.shape, seed: seed, stream: 1)
    let grads = tape.gradients(of: out, seed: v)
    var worst = 0.0
    for (i, x) in inputs.enumerated() {
        let u = randomTensor(x.shape, seed: seed, stream: 100 + UInt64(i))
        func evaluate(_ sign: Float) -> Tensor {
            var shifted = inputs
            shifted[i] = x + u * (sign * epsilon)
            return f(shifted.map { Variable($0) }).value
        }
        let plus = evaluate(1), minus = evaluate(-1)
        var numeric = 0.0, analytic = 0.0
        let g = grads[vars[i]]
        for k in 0..<v.count { numeric += Double(plus[flat: k] - minus[flat: k]) / Double(2 * epsilon) * Double(v[flat: k]) }
        for k in 0..<u.count { analytic += Double(u[flat: k]) * Double(g[flat: k]) }
        let err = abs(numeric - analytic) / max(abs(numeric), abs(analytic), 1e-6)
        worst = max(worst, err)
    }
    return worst
}
