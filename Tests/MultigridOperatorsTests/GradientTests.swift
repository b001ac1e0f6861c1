import Autograd
import MultigridOperators
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

/// Gradients of whole small MgNOs against central differences, and every parameter in use.
@Suite struct GradientTests {
    static func smallModel(spatialRank: Int = 2, levels: Int = 3, smoothing: [Int] = [2, 1, 1], post: Int = 1,
                           padding: Tensor.PaddingMode = .zero, restriction: MgNOConfiguration.Restriction = .residual,
                           activatesLast: Bool = false, seed: UInt64 = 3) -> MgNO {
        var c = MgNOConfiguration()
        c.inChannels = 2
        c.outChannels = 2
        c.spatialRank = spatialRank
        c.channels = 3
        c.layers = 2
        c.levels = levels
        c.smoothing = smoothing
        c.postSmoothing = post
        c.padding = padding
        c.restriction = restriction
        c.activatesLastLayer = activatesLast
        var rng = RandomStream(seed: seed)
        return MgNO(c, rng: &rng)
    }

    /// Dot-product check (JAX's `check_vjp`) per parameter and for the input: for a random
    /// direction u and output weights v, ⟨u, ∂⟨f, v⟩/∂θ⟩ from the tape against
    /// (⟨f(θ + εu), v⟩ − ⟨f(θ − εu), v⟩) / 2ε evaluated without a tape, Richardson-extrapolated from
    /// ε and 2ε: A and S enter the cycle as polynomials of degree up to the number of smoothing
    /// steps, whose third derivatives make the plain central difference's O(ε²) error visible.
    /// Differences below the Float32 rounding noise of the objective (ε_f32 Σ|y v| / ε, times 16)
    /// count as agreement: the coarsest levels' weights move the output by little more than that.
    /// Returns the worst relative error.
    static func worstGradientError(_ model: MgNO, input x: Tensor, epsilon: Float = 1e-2) -> (name: String, error: Double) {
        let v = randomTensor(model(Variable(x)).shape, seed: 41, stream: 1)
        let y0 = model(Variable(x)).value
        let noise = 16 * Double(Float.ulpOfOne) * (0..<y0.count).reduce(0.0) { $0 + abs(Double(y0[flat: $1]) * Double(v[flat: $1])) }
            / Double(epsilon)
        func objective(_ input: Tensor) -> Double {
            let y = model(Variable(input)).value
            return (0..<y.count).reduce(0.0) { $0 + Double(y[flat: $1]) * Double(v[flat: $1]) }
        }
        model.zeroGradients()
        let tape = Tape()
        let xv = tape.variable(x)
        let grads = tape.gradients(of: model(xv), seed: v)
        func richardson(_ difference: (Float) -> Double) -> Double {
            (4 * difference(epsilon) - difference(2 * epsilon)) / 3
        }
        func relative(_ numeric: Double, _ analytic: Double) -> Double {
            abs(numeric - analytic) / max(abs(numeric), abs(analytic), noise)
        }
        var worst = (name: "", error: 0.0)
        for (i, (name, p)) in model.namedParameters.enumerated() {
            let u = randomTensor(p.value.shape, seed: 42, stream: UInt64(100 + i))
            let original = p.value
            let numeric = richardson { step in
                p.value = original + u * step
                let plus = objective(x)
                p.value = original - u * step
                let minus = objective(x)
                p.value = original
                return (plus - minus) / Double(2 * step)
            }
            guard let g = p.gradient else { return (name, .infinity) }
            let analytic = (0..<u.count).reduce(0.0) { $0 + Double(u[flat: $1]) * Double(g[flat: $1]) }
            let e = relative(numeric, analytic)
            if e > worst.error { worst = (name, e) }
        }
        let u = randomTensor(x.shape, seed: 42, stream: 99)
        let gx = grads[xv]
        let analytic = (0..<u.count).reduce(0.0) { $0 + Double(u[flat: $1]) * Double(gx[flat: $1]) }
        let numeric = richardson { step in (objective(x + u * step) - objective(x - u * step)) / Double(2 * step) }
        let e = relative(numeric, analytic)
        if e > worst.error { worst = ("input", e) }
        return worst
    }

    @Test(arguments: [[9, 6], [8, 7], [5, 5]])
    func wholeModelMatchesCentralDifferences2D(extents: [Int]) {
        let model = GradientTests.smallModel()
        let worst = GradientTests.worstGradientError(model, input: randomTensor([2, 2] + extents, seed: 5))
        #expect(worst.error < 1e-2, "\(extents) worst: \(worst.name) \(worst.error)")
    }

    @Test(arguments: [Tensor.PaddingMode.circular, .reflect])
    func otherPaddingsMatchCentralDifferences(padding: Tensor.PaddingMode) {
        let model = GradientTests.smallModel(padding: padding)
        let worst = GradientTests.worstGradientError(model, input: randomTensor([2, 2, 7, 8], seed: 6))
        #expect(worst.error < 1e-2, "\(padding) worst: \(worst.name) \(worst.error)")
    }

    @Test(arguments: [13, 16])
    func wholeModelMatchesCentralDifferences1D(extent: Int) {
        let model = GradientTests.smallModel(spatialRank: 1, levels: 4, smoothing: [1], post: 2)
        // ε = 2e-2: on the 1D grids the coarsest levels' weights (4 levels, 2 post-smoothing steps)
        // move the objective so little that Float32 rounding dominates at 1e-2 — measured, the worst
        // error falls as ε grows (13 points: 0.017, 0.014, 0.011, 0.008 at ε = 2.5e-3 … 2e-2) and
        // the worst parameter changes with ε, the signature of noise rather than a wrong gradient.
        let worst = GradientTests.worstGradientError(model, input: randomTensor([2, 2, extent], seed: 7), epsilon: 2e-2)
        #expect(worst.error < 1e-2, "\(extent) worst: \(worst.name) \(worst.error)")
    }

    @Test func rightHandSideRestrictionMatchesCentralDifferences() {
        let model = GradientTests.smallModel(restriction: .rhs)
        let worst = GradientTests.worstGradientError(model, input: randomTensor([2, 2, 9, 7], seed: 10))
        #expect(worst.error < 1e-2, "worst: \(worst.name) \(worst.error)")
    }

    /// The two restrictions differ only by the A u subtracted before R: with every A zero they
    /// give the same output, and with the model's A they do not.
    @Test func restrictionsDifferOnlyByTheResidual() {
        let x = randomTensor([2, 2, 9, 7], seed: 11)
        let residual = GradientTests.smallModel(restriction: .residual), rhs = GradientTests.smallModel(restriction: .rhs)
        #expect(residual(Variable(x)).value != rhs(Variable(x)).value)
        for model in [residual, rhs] {
            for (name, p) in model.namedParameters where name.hasSuffix(".A.weight") { p.value = Tensor.zeros(p.value.shape) }
        }
        let a = residual(Variable(x)).value, b = rhs(Variable(x)).value
        #expect(a.shape == b.shape && (0..<a.count).allSatisfy { a[flat: $0] == b[flat: $0] })
    }

    @Test func activatedLastLayerMatchesCentralDifferences() {
        let model = GradientTests.smallModel(activatesLast: true)
        let worst = GradientTests.worstGradientError(model, input: randomTensor([2, 2, 9, 7], seed: 12))
        #expect(worst.error < 1e-2, "worst: \(worst.name) \(worst.error)")
    }

    /// `activatesLastLayer` puts σ between the last layer's MgConv + W and the projection, and
    /// changes nothing else: the same seed draws the same weights, and without the flag the
    /// projection reads the last layer's sum itself.
    @Test func lastActivationSitsBeforeTheProjection() {
        let x = Variable(randomTensor([2, 2, 9, 7], seed: 13))
        let plain = GradientTests.smallModel(), activated = GradientTests.smallModel(activatesLast: true)
        var h = activated.lifting(x)
        for layer in activated.layers.dropLast() { h = layer(h) }
        let last = activated.layers.last!
        let sum = last.cycle(h) + last.skip(h)
        #expect(activated(x).value == activated.projection(sum.gelu()).value)
        #expect(plain(x).value == activated.projection(sum).value)
    }

    /// One training step's loss reaches every parameter, on every level, on an odd grid.
    @Test func everyParameterReceivesAGradient() {
        let model = GradientTests.smallModel()
        let x = randomTensor([2, 2, 11, 9], seed: 8), target = randomTensor([2, 2, 11, 9], seed: 9)
        model.zeroGradients()
        let tape = Tape()
        tape.gradients(of: Loss.relativeL2(model(tape.constant(x)), target))
        for (name, p) in model.namedParameters {
            let g = p.gradient
            #expect(g != nil && g!.squaredNorm() > 0, "\(name) got no gradient")
        }
    }
}
