import Foundation
import NeuropCore
import NeuropTestSupport
import SpectralKernels
import Testing

/// neuraloperator 2.0's SpectralConv (PyTorch) forward and autograd gradients on tiny inputs,
/// made by `Fixtures/make_neuraloperator_fixture.py`: the layer, fed the converted weight, must
/// compute the same function and the same gradients.
@Suite struct PeerFixtureTests {
    struct Case: Decodable {
        var batch: Int
        var inChannels: Int
        var outChannels: Int
        var extents: [Int]
        var neuraloperatorModes: [Int]
        var x: [Float]
        var weight: [Float]
        var y: [Float]
        var v: [Float]
        var gradInput: [Float]
        var gradWeight: [Float]
    }

    struct Fixture: Decodable {
        var torch: String
        var cases: [Case]
    }

    static func load() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "neuraloperator_spectral_conv", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// neuraloperator's complex `[I, O, M…, m_d]` from its real view `[I, O, M…, m_d, 2]`.
    static func complexWeight(_ values: [Float], shape: [Int]) -> ComplexTensor {
        var w = ComplexTensor(uninitializedShape: shape)
        for i in 0..<(values.count / 2) { w[flat: i] = (values[2 * i], values[2 * i + 1]) }
        return w
    }

    @Test func matchesNeuralOperatorForwardAndGradients() throws {
        let fixture = try PeerFixtureTests.load()
        #expect(fixture.cases.count == 4)
        for c in fixture.cases {
            let d = c.extents.count
            // n_modes (M₁, …, M_d): M_a/2 per end on the two-ended axes, M_d//2 + 1 on the rfft axis.
            let modes = c.neuraloperatorModes.enumerated().map { $0.offset == d - 1 ? $0.element / 2 + 1 : $0.element / 2 }
            let layer = SpectralConvolution(inChannels: c.inChannels, outChannels: c.outChannels, modes: modes)
            let sourceShape = [c.inChannels, c.outChannels] + layer.keptExtents
            let weight = layer.weight(fromNeuralOperator: PeerFixtureTests.complexWeight(c.weight, shape: sourceShape))
            let x = Tensor(shape: [c.batch, c.inChannels] + c.extents, values: c.x)
            let v = Tensor(shape: [c.batch, c.outChannels] + c.extents, values: c.v)
            let (y, context) = layer.forwardKeepingContext(x, weight: weight)
            #expect(relativeL2(y.values, c.y) < 1e-5, "forward, \(c.extents) n_modes \(c.neuraloperatorModes)")
            let (dx, dw) = layer.backward(v, context: context, weight: weight)
            #expect(relativeL2(dx.values, c.gradInput) < 1e-5, "input gradient, \(c.extents)")
            let back = layer.neuralOperatorWeight(from: dw)
            var interleaved: [Float] = []
            for i in 0..<back.count {
                interleaved.append(back[flat: i].re)
                interleaved.append(back[flat: i].im)
            }
            #expect(relativeL2(interleaved, c.gradWeight) < 1e-5, "weight gradient, \(c.extents)")
        }
    }
}
