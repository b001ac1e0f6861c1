import Autograd
import DeepONet
import NeuralNetworks
import NeuropCore
import ReferenceSolvers
import Testing

/// A tiny DeepONet learns the antiderivative operator u(x) = ∫₀ˣ v from `AntiderivativeDataset`.
@Suite struct AntiderivativeLearningTests {
    /// Samples `range` of the dataset (stream = sample index) as v `[n, m]` and u `[n, m]`.
    static func samples(_ dataset: AntiderivativeDataset, _ range: Range<Int>) -> (v: Tensor, u: Tensor) {
        var v: [Float] = [], u: [Float] = []
        for i in range {
            var rng = RandomStream(seed: 21, stream: UInt64(i))
            let s = dataset.sample(using: &rng)
            v += s.v.map(Float.init)
            u += s.u.map(Float.init)
        }
        let shape = [range.count, dataset.sensors]
        return (Tensor(shape: shape, values: v), Tensor(shape: shape, values: u))
    }

    static func mse(_ prediction: Tensor, _ target: Tensor) -> Double {
        (prediction - target).squaredNorm() / Double(target.count)
    }

    /// After 400 Adam steps (seconds in a debug build) the test MSE is below a tenth of both the
    /// untrained model's and the best input-blind prediction's (the mean training output), which
    /// no model that ignores v can beat.
    @Test func learnsTheAntiderivative() throws {
        let dataset = AntiderivativeDataset(sensors: 20, refinement: 4)
        let train = Self.samples(dataset, 0..<200), test = Self.samples(dataset, 200..<300)
        let queries = Tensor(shape: [20, 1], values: dataset.coordinates.map(Float.init))
        var c = DeepONetConfiguration(sensors: 20, queryDimension: 1)
        c.branch = [32, 32]
        c.trunk = [32, 32]
        var rng = RandomStream(seed: 3)
        let model = try DeepONet(c, rng: &rng)
        func testMSE() -> Double {
            Self.mse(model.cartesian(Variable(test.v), queries: queries).value.reshaped([100, 20]), test.u)
        }
        let untrained = testMSE()
        let mean = train.u.mean(alongAxis: 0, keepingDimension: true).broadcasted(to: test.u.shape)
        let inputBlind = Self.mse(mean, test.u)

        let optimizer = Optimizer(.adam(), parameters: model.namedParameters, learningRate: 2e-3)
        let batch = 50
        for step in 0..<400 {
            let start = (step % (200 / batch)) * batch
            let tape = Tape()
            let prediction = model.cartesian(tape.constant(train.v.slice(axis: 0, start..<start + batch)), queries: queries)
            let loss = Loss.mse(prediction.reshaped([batch, 20]), train.u.slice(axis: 0, start..<start + batch))
            model.zeroGradients()
            _ = tape.gradients(of: loss)
            optimizer.step()
        }
        let trained = testMSE()
        #expect(trained < untrained / 10 && trained < inputBlind / 10,
                "test MSE \(trained); untrained \(untrained); mean training output \(inputBlind)")
    }
}
