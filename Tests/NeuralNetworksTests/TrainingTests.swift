import Autograd
import CHeapStatistics
import Foundation
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import ConvolutionKernels
import Testing

@Suite struct TrainingTests {
    /// y = sin(2x₁) + x₂² on [−1, 1]², 256 points.
    static func regressionData() -> (Tensor, Tensor) {
        var rng = RandomStream(seed: 5)
        let x = Tensor(shape: [256, 2]) { _ in Float(2 * rng.uniform() - 1) }
        let y = Tensor(shape: [256, 1]) { i in sinf(2 * x[flat: 2 * i]) + x[flat: 2 * i + 1] * x[flat: 2 * i + 1] }
        return (x, y)
    }

    /// A two-layer network trained with Adam reaches a loss ≤ 1e-3 of its initial value.
    @Test func twoLayerNetworkLearnsARegression() {
        let (x, y) = TrainingTests.regressionData()
        var rng = RandomStream(seed: 1)
        let net = MLP(widths: [2, 64, 1], activation: .tanh, rng: &rng)
        let optimizer = Optimizer(.adam(), parameters: net.namedParameters, learningRate: 1e-2)
        func loss() -> Float { Loss.mse(net(Variable(x)), y).value.scalar }
        let initial = loss()
        for _ in 0..<1500 {
            net.zeroGradients()
            let tape = Tape()
            tape.gradients(of: Loss.mse(net(tape.constant(x)), y))
            optimizer.step()
        }
        let final = loss()
        #expect(final <= 1e-3 * initial, "loss \(initial) → \(final)")
    }

    /// The bytes held from malloc after 1,000 steps exceed those held after 100 by at most 64 KiB:
    /// a step frees all it allocates. A leak of the smallest tensor of a step, one 256-float bias,
    /// would add 900 KiB; the heap is seen to shrink by ~70 KiB as the test runtime frees its own.
    /// Heap bytes in use, not resident memory: the resident size also moves with what earlier tests
    /// left in malloc's free lists, and failed this test once by 30 MB.
    @Test func memoryStaysFlatOverThousandsOfSteps() {
        let (x, y) = TrainingTests.regressionData()
        var rng = RandomStream(seed: 2)
        let net = MLP(widths: [2, 256, 256, 1], activation: .gelu, rng: &rng)
        let optimizer = Optimizer(.adamW(), parameters: net.namedParameters, learningRate: 1e-3, weightDecay: 1e-4)
        func step() {
            net.zeroGradients()
            let tape = Tape()
            tape.gradients(of: Loss.relativeL2(net(tape.constant(x)), y))
            optimizer.step()
        }
        for _ in 1...100 { step() }
        let heldAt100 = neurop_heap_bytes_in_use()
        for _ in 101...1000 { step() }
        let heldAt1000 = neurop_heap_bytes_in_use()
        #expect(heldAt100 > 256 * 256 * 4, "the heap holds at least the 256×256 weight")
        #expect(heldAt1000 - heldAt100 <= 64 << 10, "heap in use \(heldAt100) → \(heldAt1000) bytes")
    }

    @Test func inferenceRecordsNothing() {
        var rng = RandomStream(seed: 3)
        let net = MLP(widths: [2, 8, 1], rng: &rng)
        let out = net(Variable(Tensor(shape: [4, 2], repeating: 0.5)))
        #expect(out.tape == nil)
        #expect(net.namedParameters.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
        #expect(net.parameterCount == 2 * 8 + 8 + 8 + 1)
    }
}

@Suite struct ModuleTests {
    /// Named parameters saved as a name → tensor map load into a fresh model and give the same outputs.
    @Test func parametersSaveAndLoadByName() throws {
        var rng = RandomStream(seed: 7)
        let a = MLP(widths: [3, 5, 2], rng: &rng)
        let b = MLP(widths: [3, 5, 2], rng: &rng)
        let x = Variable(Tensor(shape: [4, 3], repeating: 0.3))
        #expect(a(x).value != b(x).value)
        let saved = Dictionary(uniqueKeysWithValues: a.namedParameters.map { ($0.name, $0.parameter.value) })
        try b.load(saved)
        #expect(a(x).value == b(x).value)

        var missing = saved
        missing["layers.1.bias"] = nil
        #expect(throws: ModuleError.missingParameter("layers.1.bias")) { try b.load(missing) }
        var wrong = saved
        wrong["layers.0.weight"] = Tensor(shape: [5, 3], repeating: 0)
        #expect(throws: ModuleError.shapeMismatch("layers.0.weight", expected: [3, 5], found: [5, 3])) { try b.load(wrong) }
    }

    @Test func convolutionModulesHavePyTorchLayouts() {
        var rng = RandomStream(seed: 8)
        let conv = Conv(4, 6, geometry: ConvolutionGeometry(spatialRank: 2, kernel: 3, padding: 1), padding: .reflect, rng: &rng)
        let up = ConvTranspose(6, 2, geometry: ConvolutionGeometry(spatialRank: 2, kernel: 4, stride: 2, padding: 1), rng: &rng)
        let mix = PointwiseLinear(2, 3, rng: &rng)
        #expect(conv.weight.value.shape == [6, 4, 3, 3] && up.weight.value.shape == [6, 2, 4, 4])
        let y = mix(up(conv(Variable(Tensor(shape: [1, 4, 8, 8], repeating: 1)))))
        #expect(y.shape == [1, 3, 16, 16])
    }
}
