import DeepONet
import NeuralNetworks
import NeuropCore
import Testing

/// `init: glorot_normal` (DeepXDE's): zero biases, weights of standard deviation √(2/(in + out)).
@Suite struct InitializationTests {
    @Test(arguments: [false, true])
    func glorotNormalDrawsDeepXDEsWeights(stacked: Bool) throws {
        var c = DeepONetConfiguration(sensors: 100, queryDimension: 1)
        c.branch = [60, 40]
        c.trunk = [60, 40]
        c.stacked = stacked
        c.initialization = .glorotNormal
        var rng = RandomStream(seed: 4)
        let model = try DeepONet(c, rng: &rng)
        for (name, p) in model.namedParameters {
            let values = p.value.values.map(Double.init)
            if name == "bias" || name.hasSuffix(".bias") {
                #expect(values.allSatisfy { $0 == 0 }, "\(name)")
                continue
            }
            let shape = p.value.shape
            let expected = (2 / Double(shape[shape.count - 2] + shape[shape.count - 1])).squareRoot()
            let deviation = (values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot()
            // ≥ 40 draws a tensor: the sample deviation is within 25 % (the trunk's 1 × 60 layer has 60).
            #expect(abs(deviation / expected - 1) < 0.25, "\(name) \(shape): \(deviation) vs \(expected)")
        }
    }
}
