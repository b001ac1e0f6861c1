import Autograd
import FourierOperators
import Foundation
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

/// Tiny neuraloperator 2.0 FNOs (PyTorch), made by `Fixtures/make_neuraloperator_fno_fixture.py`:
/// neurop's FNO, loaded with their weights by state_dict name, must compute the same outputs, the
/// same relative L2 loss and the same gradient for every weight.
@Suite struct PeerFixtureTests {
    struct Stored: Decodable {
        var shape: [Int]
        var values: [Float]
        var tensor: Tensor { Tensor(shape: shape, values: values) }
    }

    struct Options: Decodable {
        var n_modes: [Int]
        var in_channels: Int
        var out_channels: Int
        var hidden_channels: Int
        var n_layers: Int
        var domain_padding: Double?
        var use_channel_mlp: Bool?
        var positional_embedding: String?
        var lifting_channel_ratio: Double?
        var projection_channel_ratio: Double?
    }

    struct Case: Decodable {
        var name: String
        var options: Options
        var batch: Int
        var extents: [Int]
        var parameterCount: Int
        var parameters: [String: Stored]
        var gradients: [String: Stored]
        var x: [Float]
        var y: [Float]
        var target: [Float]
        var loss: Float
        var fineExtents: [Int]?
        var fineX: [Float]?
        var fineY: [Float]?
    }

    struct Fixture: Decodable {
        var cases: [Case]
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "neuraloperator_fno", withExtension: "json")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// neuraloperator's keyword arguments as an `FNOConfiguration` (the options the fixture uses;
    /// absent JSON keys are neuraloperator's defaults, `null` positional embedding switches it off).
    static func configuration(_ o: Options, rawOptions: [String: Any]) -> FNOConfiguration {
        var c = FNOConfiguration(modes: o.n_modes)
        c.inChannels = o.in_channels
        c.outChannels = o.out_channels
        c.width = o.hidden_channels
        c.layers = o.n_layers
        c.domainPadding = o.domain_padding ?? 0
        c.channelMLP = o.use_channel_mlp ?? true
        c.positionalEmbedding = !(rawOptions.keys.contains("positional_embedding") && o.positional_embedding == nil)
        if let r = o.lifting_channel_ratio { c.liftingChannels = Int(r * Double(o.hidden_channels)) }
        if let r = o.projection_channel_ratio { c.projectionChannels = Int(r * Double(o.hidden_channels)) }
        return c
    }

    static func rawOptions(of name: String) -> [String: Any] {
        let url = Bundle.module.url(forResource: "neuraloperator_fno", withExtension: "json")!
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let cases = json["cases"] as! [[String: Any]]
        return cases.first { $0["name"] as? String == name }!["options"] as! [String: Any]
    }

    static func model(_ c: Case) throws -> FNO {
        var rng = RandomStream(seed: 0)
        let model = FNO(configuration(c.options, rawOptions: rawOptions(of: c.name)), rng: &rng)
        try model.load(neuralOperator: c.parameters.mapValues(\.tensor))
        return model
    }

    @Test(arguments: ["2d-defaults-padded", "1d-plain", "3d-defaults"])
    func sameOutputsLossAndGradients(name: String) throws {
        let c = try #require(PeerFixtureTests.fixture.cases.first { $0.name == name })
        let model = try PeerFixtureTests.model(c)
        #expect(model.neuralOperatorParameterCount == c.parameterCount)
        let x = Tensor(shape: [c.batch, c.options.in_channels] + c.extents, values: c.x)
        let target = Tensor(shape: [c.batch, c.options.out_channels] + c.extents, values: c.target)

        let tape = Tape()
        let y = model(tape.constant(x))
        #expect(relativeL2(y.value.values, c.y) < 1e-5, "\(name): output")
        let loss = Loss.relativeL2(y, target)
        #expect(abs(loss.value.scalar - c.loss) <= 1e-5 * abs(c.loss), "\(name): loss \(loss.value.scalar) vs \(c.loss)")
        model.zeroGradients()
        tape.gradients(of: loss)

        let ours = Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.name, $0.parameter.gradient!) })
        let converted = model.neuralOperatorTensors(ours)
        #expect(Set(converted.keys) == Set(c.gradients.keys))
        for (key, expected) in c.gradients {
            let got = try #require(converted[key])
            #expect(got.shape == expected.shape, "\(name): \(key) shape")
            #expect(relativeL2(got.values, expected.values) < 1e-4, "\(name): gradient of \(key)")
        }
    }

    /// The same weights on a grid twice as fine give neuraloperator's output on that grid.
    @Test func sameWeightsOnAFinerGrid() throws {
        let c = try #require(PeerFixtureTests.fixture.cases.first { $0.fineExtents != nil })
        let model = try PeerFixtureTests.model(c)
        let fine = try #require(c.fineExtents)
        let x = Tensor(shape: [c.batch, c.options.in_channels] + fine, values: try #require(c.fineX))
        let y = model(Variable(x))
        #expect(y.shape == [c.batch, c.options.out_channels] + fine)
        #expect(relativeL2(y.value.values, try #require(c.fineY)) < 1e-5)
    }

    /// The name map covers every parameter once, and a round trip through neuraloperator's
    /// layouts gives the values back exactly.
    @Test func neuralOperatorLayoutsRoundTrip() throws {
        let c = try #require(PeerFixtureTests.fixture.cases.first)
        let model = try PeerFixtureTests.model(c)
        let values = Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.name, $0.parameter.value) })
        let theirs = model.neuralOperatorTensors(values)
        #expect(Set(theirs.keys) == Set(c.parameters.keys))
        for (key, stored) in c.parameters { #expect(theirs[key]! == stored.tensor, "\(key)") }

        var missing = c.parameters.mapValues(\.tensor)
        missing["fno_blocks.channel_mlp_skips.1.weight"] = nil
        #expect(throws: ModuleError.missingParameter("fno_blocks.channel_mlp_skips.1.weight")) {
            try model.load(neuralOperator: missing)
        }
    }
}
