import Autograd
import FourierOperators
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

@Suite struct ModelTests {
    /// The benchmark's model (64², width 32, n_modes (12, 12), 4 layers, 1 → 1 channel) has
    /// neuraloperator's parameter count, 357,217 (PyTorch counts a complex weight entry once).
    @Test func benchmarkModelHasNeuralOperatorsParameterCount() {
        var c = FNOConfiguration(modes: [12, 12])
        #expect(c.spectralModes == [6, 7])
        c.width = 32
        var rng = RandomStream(seed: 0)
        let model = FNO(c, rng: &rng)
        #expect(model.neuralOperatorParameterCount == 357_217)
        // Real scalars: each of the 4 × 32·32·12·7 complex entries holds two.
        #expect(model.parameterCount == 357_217 + 4 * 32 * 32 * 12 * 7)
        #expect(model.layers[0].spectral.weight.value.shape == [12 * 7, 32, 32, 2])
    }

    @Test(arguments: [[8], [4, 6], [2, 4, 4]])
    func mapsABatchToTheSameGrid(modes: [Int]) {
        var c = FNOConfiguration(modes: modes)
        c.inChannels = 3
        c.outChannels = 2
        c.width = 6
        c.layers = 2
        var rng = RandomStream(seed: 1)
        let model = FNO(c, rng: &rng)
        let extents = Array([12, 10, 8].prefix(modes.count))
        let y = model(Variable(randomTensor([2, 3] + extents, seed: 2)))
        #expect(y.shape == [2, 2] + extents)
        #expect(y.tape == nil)
        #expect(y.value.values.allSatisfy { $0.isFinite })
    }

    @Test func sameSeedSameModelAndOutput() {
        let c = FNOConfiguration(modes: [4, 4])
        var r1 = RandomStream(seed: 7), r2 = RandomStream(seed: 7), r3 = RandomStream(seed: 8)
        let a = FNO(c, rng: &r1), b = FNO(c, rng: &r2), other = FNO(c, rng: &r3)
        let x = Variable(randomTensor([2, 1, 8, 8], seed: 3))
        #expect(a(x).value == b(x).value)
        #expect(a(x).value != other(x).value)
    }

    @Test func parameterNamesAndInitialisation() {
        var c = FNOConfiguration(modes: [4, 4])
        c.width = 8
        c.layers = 2
        var rng = RandomStream(seed: 4)
        let model = FNO(c, rng: &rng)
        let names = model.namedParameters.map(\.name)
        #expect(names.prefix(4) == ["lifting.layers.0.weight", "lifting.layers.0.bias", "lifting.layers.1.weight", "lifting.layers.1.bias"])
        #expect(names.contains("layers.1.spectral.weight") && names.contains("layers.0.gate.weight") && names.contains("layers.0.skip.weight"))
        #expect(!names.contains("layers.0.skip.bias"))
        #expect(model.layers[0].gate!.weight.value == Tensor(shape: [8], repeating: 1))
        #expect(model.lifting.layers[0].weight.value.shape == [16, 3])
        // Spectral weights: complex N(0, 2/(I+O)), i.e. each part has variance 1/(I+O) = 1/16.
        let w = model.layers[0].spectral.weight.value
        let variance = w.squaredNorm() / Double(w.count)
        #expect(abs(variance - 1.0 / 16) < 0.1 / 16, "variance \(variance)")
    }

    @Test func invalidConfigurationsNameTheField() {
        func error(_ change: (inout FNOConfiguration) -> Void) -> String {
            var c = FNOConfiguration(modes: [12, 12])
            change(&c)
            do { try c.validate() } catch { return "\(error)" }
            return ""
        }
        #expect(error { _ in } == "")
        #expect(error { $0.modes = [11, 12] }.contains("modes[0] is 11"))
        #expect(error { $0.modes = [4, 4, 4, 4] }.contains("1, 2 or 3 entries"))
        #expect(error { $0.width = 0 }.contains("width is 0"))
        #expect(error { $0.layers = 0 }.contains("layers is 0"))
        #expect(error { $0.domainPadding = -0.1 }.contains("domainPadding"))
        #expect(error { $0.channelMLPExpansion = 0 }.contains("channelMLPExpansion"))
        #expect(error { $0.projectionChannels = 0 }.contains("projectionChannels"))
        #expect(error { $0.liftingChannels = 0 } == "")
    }

    /// neuraloperator pads `round(p · n)` cells per end, Python's round (half to even).
    @Test func domainPaddingRoundsHalfToEven() {
        var c = FNOConfiguration(modes: [4, 4])
        c.domainPadding = 0.25
        #expect([6, 10, 14, 64].map(c.padding(forExtent:)) == [2, 2, 4, 16])
    }
}
