import Autograd
import FourierOperators
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

/// Gradients of whole FNOs against central differences, and every parameter in use.
@Suite struct GradientTests {
    /// A small 2D FNO with every option on (grid channels, channel MLP, domain padding).
    static func smallModel(modes: [Int] = [4, 4], padding: Double = 0.25, channelMLP: Bool = true, seed: UInt64 = 3) -> FNO {
        var c = FNOConfiguration(modes: modes)
        c.inChannels = 2
        c.outChannels = 2
        c.width = 4
        c.layers = 2
        c.domainPadding = padding
        c.channelMLP = channelMLP
        var rng = RandomStream(seed: seed)
        return FNO(c, rng: &rng)
    }

    /// Dot-product check (JAX's `check_vjp`) per parameter and for the input: for a random
    /// direction u and output weights v, ⟨u, ∂⟨f, v⟩/∂θ⟩ from the tape against
    /// (⟨f(θ + εu), v⟩ − ⟨f(θ − εu), v⟩) / 2ε evaluated without a tape. Returns the worst relative error.
    static func worstGradientError(_ model: FNO, input x: Tensor, epsilon: Float = 1e-2) -> (name: String, error: Double) {
        let v = randomTensor(model(Variable(x)).shape, seed: 41, stream: 1)
        func objective(_ input: Tensor) -> Double {
            let y = model(Variable(input)).value
            return (0..<y.count).reduce(0.0) { $0 + Double(y[flat: $1]) * Double(v[flat: $1]) }
        }
        model.zeroGradients()
        let tape = Tape()
        let xv = tape.variable(x)
        let grads = tape.gradients(of: model(xv), seed: v)
        func relative(_ numeric: Double, _ analytic: Double) -> Double {
            abs(numeric - analytic) / max(abs(numeric), abs(analytic), 1e-6)
        }
        var worst = (name: "", error: 0.0)
        for (i, (name, p)) in model.namedParameters.enumerated() {
            let u = randomTensor(p.value.shape, seed: 42, stream: UInt64(100 + i))
            let original = p.value
            p.value = original + u * epsilon
            let plus = objective(x)
            p.value = original - u * epsilon
            let minus = objective(x)
            p.value = original
            let g = p.gradient!
            let analytic = (0..<u.count).reduce(0.0) { $0 + Double(u[flat: $1]) * Double(g[flat: $1]) }
            let e = relative((plus - minus) / Double(2 * epsilon), analytic)
            if e > worst.error { worst = (name, e) }
        }
        let u = randomTensor(x.shape, seed: 42, stream: 99)
        let gx = grads[xv]
        let analytic = (0..<u.count).reduce(0.0) { $0 + Double(u[flat: $1]) * Double(gx[flat: $1]) }
        let numeric = (objective(x + u * epsilon) - objective(x - u * epsilon)) / Double(2 * epsilon)
        let e = relative(numeric, analytic)
        if e > worst.error { worst = ("input", e) }
        return worst
    }

    @Test func wholeModelMatchesCentralDifferences2D() {
        let model = GradientTests.smallModel()
        let worst = GradientTests.worstGradientError(model, input: randomTensor([2, 2, 8, 6], seed: 5))
        #expect(worst.error < 1e-2, "worst: \(worst.name) \(worst.error)")
    }

    /// A grid of exactly one tile of cells (16 × 16 = `CellTiling.tileCells`, no padding): the
    /// saved h₁ then has the tile's row stride, which must not be mistaken for a tile.
    @Test func oneTileGridMatchesCentralDifferences() {
        let model = GradientTests.smallModel(padding: 0)
        let worst = GradientTests.worstGradientError(model, input: randomTensor([2, 2, 16, 16], seed: 6))
        #expect(worst.error < 1e-2, "worst: \(worst.name) \(worst.error)")
    }

    @Test func wholeModelMatchesCentralDifferences1DAnd3D() {
        let one = GradientTests.smallModel(modes: [6], padding: 0.1, channelMLP: false)
        let w1 = GradientTests.worstGradientError(one, input: randomTensor([2, 2, 16], seed: 6))
        #expect(w1.error < 1e-2, "1D worst: \(w1.name) \(w1.error)")
        let three = GradientTests.smallModel(modes: [2, 4, 4], padding: 0.2)
        let w3 = GradientTests.worstGradientError(three, input: randomTensor([1, 2, 4, 6, 6], seed: 7))
        #expect(w3.error < 1e-2, "3D worst: \(w3.name) \(w3.error)")
    }

    /// One training step's loss reaches every parameter (neuraloperator's test_fno does the same).
    @Test func everyParameterReceivesAGradient() {
        let model = GradientTests.smallModel()
        let x = randomTensor([2, 2, 8, 8], seed: 8), target = randomTensor([2, 2, 8, 8], seed: 9)
        model.zeroGradients()
        let tape = Tape()
        tape.gradients(of: Loss.relativeL2(model(tape.constant(x)), target))
        for (name, p) in model.namedParameters {
            let g = p.gradient
            #expect(g != nil && g!.squaredNorm() > 0, "\(name) got no gradient")
        }
    }
}
