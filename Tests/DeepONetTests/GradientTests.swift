import Autograd
import DeepONet
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

/// Gradients of whole DeepONets against central differences, and every parameter in use.
@Suite struct GradientTests {
    /// A small model: m = 6 sensors, d = 2, K = 2 channels, p = 3, one hidden layer each.
    static func smallModel(stacked: Bool, features: Int = 0, activation: Activation = .tanh) throws -> DeepONet {
        var c = DeepONetConfiguration(sensors: 6, queryDimension: 2)
        c.outChannels = 2
        c.branch = [5, 3]
        c.trunk = [4, 3]
        c.stacked = stacked
        c.trunkFeatures = features
        c.activation = activation
        var rng = RandomStream(seed: 7)
        let model = try DeepONet(c, rng: &rng)
        // b₀ starts at 0; move it so its gradient is checked at a generic point.
        model.bias.value = randomTensor([2], seed: 8)
        return model
    }

    /// Dot-product check (JAX's `check_vjp`) per parameter and for the sensor values: for a random
    /// direction u and output weights w, ⟨u, ∂⟨f, w⟩/∂θ⟩ from the tape against
    /// (⟨f(θ + εu), w⟩ − ⟨f(θ − εu), w⟩) / 2ε evaluated without a tape. Returns the worst relative error.
    static func worstGradientError(_ model: DeepONet, input v: Tensor, epsilon: Float = 1e-2,
                                   _ f: (DeepONet, Variable) -> Variable) -> (name: String, error: Double) {
        let w = randomTensor(f(model, Variable(v)).shape, seed: 41, stream: 1)
        func objective(_ input: Tensor) -> Double {
            let y = f(model, Variable(input)).value
            return (0..<y.count).reduce(0.0) { $0 + Double(y[flat: $1]) * Double(w[flat: $1]) }
        }
        model.zeroGradients()
        let tape = Tape()
        let vv = tape.variable(v)
        let grads = tape.gradients(of: f(model, vv), seed: w)
        func relative(_ numeric: Double, _ analytic: Double) -> Double {
            abs(numeric - analytic) / max(abs(numeric), abs(analytic), 1e-6)
        }
        var worst = (name: "", error: 0.0)
        for (i, (name, p)) in model.namedParameters.enumerated() {
            let u = randomTensor(p.value.shape, seed: 42, stream: UInt64(100 + i))
            let original = p.value
            p.value = original + u * epsilon
            let plus = objective(v)
            p.value = original - u * epsilon
            let minus = objective(v)
            p.value = original
            guard let g = p.gradient else { return (name, .infinity) }
            let analytic = (0..<u.count).reduce(0.0) { $0 + Double(u[flat: $1]) * Double(g[flat: $1]) }
            let e = relative((plus - minus) / Double(2 * epsilon), analytic)
            if e > worst.error { worst = (name, e) }
        }
        let u = randomTensor(v.shape, seed: 42, stream: 99)
        let gv = grads[vv]
        let analytic = (0..<u.count).reduce(0.0) { $0 + Double(u[flat: $1]) * Double(gv[flat: $1]) }
        let numeric = (objective(v + u * epsilon) - objective(v - u * epsilon)) / Double(2 * epsilon)
        let e = relative(numeric, analytic)
        if e > worst.error { worst = ("sensors", e) }
        return worst
    }

    static let sensors = randomTensor([4, 6], seed: 5)
    static let sharedQueries = randomTensor([7, 2], seed: 6)
    static let ownQueries = randomTensor([4, 7, 2], seed: 9)

    /// tanh keeps the maps smooth, so central differences with ε = 1e-2 are accurate to ~1e-4.
    @Test(arguments: [false, true], [0, 2])
    func cartesianGradients(stacked: Bool, features: Int) throws {
        let model = try Self.smallModel(stacked: stacked, features: features)
        let worst = Self.worstGradientError(model, input: Self.sensors) { m, v in m.cartesian(v, queries: Self.sharedQueries) }
        #expect(worst.error < 2e-3, "worst: \(worst)")
    }

    @Test(arguments: [false, true])
    func pointwiseGradients(stacked: Bool) throws {
        let model = try Self.smallModel(stacked: stacked, features: 1)
        let worst = Self.worstGradientError(model, input: Self.sensors) { m, v in m.pointwise(v, queries: Self.ownQueries) }
        #expect(worst.error < 2e-3, "worst: \(worst)")
    }

    /// Every parameter receives a non-zero gradient from one backward pass (ReLU, the default).
    @Test(arguments: [false, true])
    func everyParameterGetsAGradient(stacked: Bool) throws {
        let model = try Self.smallModel(stacked: stacked, activation: .relu)
        model.zeroGradients()
        let tape = Tape()
        let out = model.cartesian(tape.constant(Self.sensors), queries: Self.sharedQueries)
        _ = tape.gradients(of: out, seed: randomTensor(out.shape, seed: 3))
        for (name, p) in model.namedParameters {
            let norm = p.gradient?.squaredNorm() ?? 0
            #expect(norm > 0, "\(name) received no gradient")
        }
    }
}
