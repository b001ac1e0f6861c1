import Autograd
import FourierOperators
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

/// The fused operations against the same maths composed from independently tested operations
/// (spectral convolution, channel mixing, GELU, broadcasting), on a grid that exercises the tiling:
/// 70 × 65 = 4,550 cells per sample (two tasks, a last tile of 198 cells, not a multiple of 32) and
/// channel counts that are not multiples of the kernels' 8-row blocks.
@Suite struct FusedKernelTests {
    static let extents = [70, 65]

    /// Output and every gradient (parameters and input) of `fused` and `reference` for the same
    /// input and output weights; returns the worst relative L2 difference and where.
    static func compare(_ module: Module, input x: Tensor, fused: (Variable) -> Variable,
                        reference: (Variable) -> Variable) -> (what: String, error: Double) {
        var worst = (what: "", error: 0.0)
        func note(_ what: String, _ a: Tensor, _ b: Tensor) {
            let e = relativeL2(a.values, b.values)
            if e > worst.error { worst = (what, e) }
        }
        func run(_ f: (Variable) -> Variable) -> (Tensor, Tensor, [Tensor]) {
            module.zeroGradients()
            let tape = Tape()
            let xv = tape.variable(x)
            let y = f(xv)
            let v = randomTensor(y.shape, seed: 77)
            let g = tape.gradients(of: y, seed: v)
            return (y.value, g[xv], module.parameters.map { $0.gradient! })
        }
        let (y1, dx1, dp1) = run(fused), (y2, dx2, dp2) = run(reference)
        note("output", y1, y2)
        note("input gradient", dx1, dx2)
        for ((name, _), a, b) in zip3(module.namedParameters, dp1, dp2) { note(name, a, b) }
        return worst
    }

    static func zip3<A, B, C>(_ a: [A], _ b: [B], _ c: [C]) -> [(A, B, C)] {
        zip(zip(a, b), c).map { ($0.0, $0.1, $1) }
    }

    /// The Fourier layer as `FourierLayer` documents it, one operation at a time.
    static func referenceLayer(_ layer: FourierLayer, _ x: Variable) -> Variable {
        var h = layer.spectral(x) + layer.skip(x)
        if layer.activates { h = h.gelu() }
        if let mlp = layer.mlp, let gate = layer.gate { h = mlp.layers[1](mlp.layers[0](h).gelu()) + gate(x) }
        if layer.activates && (layer.mlp != nil || layer.repeatedActivation) { h = h.gelu() }
        return h
    }

    /// Every combination, and the FNO paper's layer (no channel MLP, σ once).
    @Test(arguments: [(true, true, true), (true, false, true), (false, true, true), (false, false, true), (false, true, false)])
    func fourierLayerMatchesItsComposition(channelMLP: Bool, activates: Bool, repeatedActivation: Bool) {
        var rng = RandomStream(seed: 11)
        let layer = FourierLayer(width: 12, modes: [5, 6], channelMLPChannels: channelMLP ? 6 : nil, activates: activates,
                                 repeatedActivation: repeatedActivation, rng: &rng)
        for p in layer.parameters { p.value = p.value + randomTensor(p.value.shape, seed: 12) * 0.1 }
        let worst = FusedKernelTests.compare(layer, input: randomTensor([2, 12] + FusedKernelTests.extents, seed: 13),
                                             fused: { layer($0) }, reference: { FusedKernelTests.referenceLayer(layer, $0) })
        #expect(worst.error < 1e-5, "\(worst.what): \(worst.error)")
    }

    @Test func channelMLPMatchesItsComposition() {
        var rng = RandomStream(seed: 14)
        let mlp = ChannelMLP(widths: [3, 20, 9, 5], rng: &rng)
        let worst = FusedKernelTests.compare(mlp, input: randomTensor([2, 3] + FusedKernelTests.extents, seed: 15),
                                             fused: { mlp($0) },
                                             reference: { mlp.layers[2](mlp.layers[1](mlp.layers[0]($0).gelu()).gelu()) })
        #expect(worst.error < 1e-5, "\(worst.what): \(worst.error)")
    }

    /// The FNO's micro-batched pass (64², padded to 72², at width 32: 3 samples per micro-batch, so
    /// a batch of 6 runs as 3 + 3) against its modules composed one operation at a time on the
    /// whole batch: the same outputs and the same gradients for the input and every parameter.
    @Test func microBatchedPassMatchesTheComposedModules() {
        var c = FNOConfiguration(modes: [4, 4])
        c.inChannels = 2
        c.domainPadding = 0.0625
        var rng = RandomStream(seed: 19)
        let model = FNO(c, rng: &rng)
        let x = randomTensor([6, 2, 64, 64], seed: 20)
        // Channel 0 holds row / 64, channel 1 column / 64 (neuraloperator's grid).
        let grid = Tensor(shape: [6, 2, 64, 64]) { i in
            let (channel, cell) = ((i / 4096) % 2, i % 4096)
            return Float(channel == 0 ? cell / 64 : cell % 64) / 64
        }
        let worst = FusedKernelTests.compare(model, input: x, fused: { model($0) }, reference: { v in
            var h = model.lifting(Variable.concatenate([v, Variable(grid)], axis: 1)).padded([(4, 4), (4, 4)])
            for layer in model.layers { h = layer(h) }
            return model.projection(h.slice(axis: 2, 4..<68).slice(axis: 3, 4..<68))
        })
        #expect(worst.error < 1e-5, "\(worst.what): \(worst.error)")
    }

    /// An FNO step gives bitwise the same output and gradients on the pool's threads and on one
    /// thread (a loop issued from inside a pool task runs serially there): tasks, micro-batches and
    /// the order in which their partial sums are added depend only on the shape. At width 12 on
    /// 70×65 a micro-batch holds at most 9 samples, so the batch of 20 runs as 6 + 7 side by side,
    /// then 7 with its loops spread over the pool.
    @Test func sameResultsWhateverTheThreadCount() {
        var c = FNOConfiguration(modes: [6, 6])
        c.width = 12
        var rng = RandomStream(seed: 16)
        let model = FNO(c, rng: &rng)
        let x = randomTensor([20, 1] + FusedKernelTests.extents, seed: 17), target = randomTensor([20, 1] + FusedKernelTests.extents, seed: 18)
        func step() -> [Tensor] {
            model.zeroGradients()
            let tape = Tape()
            let y = model(tape.constant(x))
            tape.gradients(of: Loss.relativeL2(y, target))
            return [y.value] + model.parameters.map { $0.gradient! }
        }
        let parallel = step()
        var serial: [Tensor] = []
        ThreadPool.shared.parallelFor(2) { i in if i == 0 { serial = step() } }
        #expect(parallel.count == serial.count)
        for (a, b) in zip(parallel, serial) { #expect(a == b) }
    }
}
