import Autograd
import Foundation
import DeepONet
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

/// The two evaluations, the feature expansion, the configuration checks and the grid adapter.
@Suite struct EvaluationTests {
    /// The Cartesian path (one GEMM per channel) and the pointwise path (a sum per point) on the same
    /// query points for every sample agree to rounding, for both branch kinds.
    @Test(arguments: [false, true])
    func cartesianAndPointwiseAgree(stacked: Bool) throws {
        let model = try GradientTests.smallModel(stacked: stacked, features: 2, activation: .relu)
        let v = randomTensor([5, 6], seed: 11)
        let y = randomTensor([9, 2], seed: 12)
        let cartesian = model.cartesian(Variable(v), queries: y).value
        let repeated = y.reshaped([1, 9, 2]).broadcasted(to: [5, 9, 2])
        let pointwise = model.pointwise(Variable(v), queries: repeated).value
        #expect(cartesian.shape == [5, 2, 9] && pointwise.shape == [5, 2, 9])
        #expect(maxRelativeError(Array(cartesian.values), Array(pointwise.values), floor: 1e-3) < 1e-5)
    }

    /// Per-sample query points are used per sample: sample i at its own points equals sample i
    /// alone at those points through the Cartesian path.
    @Test func pointwiseUsesEachSamplesPoints() throws {
        let model = try GradientTests.smallModel(stacked: false)
        let v = randomTensor([3, 6], seed: 13)
        let y = randomTensor([3, 4, 2], seed: 14)
        let all = model.pointwise(Variable(v), queries: y).value
        for i in 0..<3 {
            let one = model.cartesian(Variable(v.slice(axis: 0, i..<i + 1)), queries: y.slice(axis: 0, i..<i + 1).reshaped([4, 2])).value
            #expect(maxRelativeError(Array(one.values), Array(all.slice(axis: 0, i..<i + 1).values), floor: 1e-3) < 1e-5)
        }
    }

    /// y ↦ (y, sin 2πky, cos 2πky) per coordinate, in that order.
    @Test func trunkFeaturesExpandEachCoordinate() {
        let y = Tensor(shape: [1, 2], values: [0.125, 0.25])
        let e = TrunkFeatures.expand(y, frequencies: 2)
        #expect(e.shape == [1, 10])
        let expected: [Double] = [0.125, sin(.pi / 4), cos(.pi / 4), sin(.pi / 2), cos(.pi / 2),
                                  0.25, sin(.pi / 2), cos(.pi / 2), sin(.pi), cos(.pi)]
        for (a, b) in zip(e.values, expected) { #expect(abs(Double(a) - b) < 1e-6) }
        #expect(TrunkFeatures.expand(y, frequencies: 0) == y)
    }

    /// Unequal basis sizes are refused with a sentence that names both and the rule.
    @Test func inconsistentBasisIsRefused() {
        var c = DeepONetConfiguration(sensors: 4, queryDimension: 1)
        c.branch = [8, 5]
        c.trunk = [8, 6]
        var rng = RandomStream(seed: 1)
        #expect(throws: DeepONetConfigurationError.self) { try DeepONet(c, rng: &rng) }
        #expect(c.problem?.description.contains("must be equal: both are the basis size p") == true)
    }

    /// Parameter counts of the paper's antiderivative models (m = 100, [40, 40]).
    @Test func parameterCounts() throws {
        var c = DeepONetConfiguration(sensors: 100, queryDimension: 1)
        var rng = RandomStream(seed: 1)
        // Unstacked: branch 100·40+40 + 40·40+40, trunk 1·40+40 + 40·40+40, b₀ 1.
        #expect(try DeepONet(c, rng: &rng).parameterCount == 4040 + 1640 + 80 + 1640 + 1)
        c.stacked = true
        // Stacked: 40 nets of 100·40+40 + 40·1+1.
        #expect(try DeepONet(c, rng: &rng).parameterCount == 40 * (4040 + 41) + 80 + 1640 + 1)
    }

    /// The grid adapter flattens channels and grid into sensors and queries the unit-grid nodes.
    @Test func fieldOperatorIsTheCartesianModelOnTheGrid() throws {
        var c = DeepONetFieldConfiguration(grid: [3, 4])
        c.inChannels = 2
        c.outChannels = 2
        c.network.branch = [6, 4]
        c.network.trunk = [5, 4]
        var rng = RandomStream(seed: 2)
        let op = try DeepONetFieldOperator(c, rng: &rng)
        #expect(op.network.configuration.sensors == 24 && op.network.configuration.queryDimension == 2)
        let nodes = DeepONetFieldOperator.unitGrid([3, 4])
        #expect(nodes.shape == [12, 2])
        #expect(Array(nodes.slice(axis: 0, 5..<6).values) == [0.5, 1 / 3])   // node (1, 1)
        let x = randomTensor([3, 2, 3, 4], seed: 4)
        let y = op(Variable(x)).value
        #expect(y.shape == [3, 2, 3, 4])
        let direct = op.network.cartesian(Variable(x.reshaped([3, 24])), queries: nodes).value
        #expect(Array(y.values) == Array(direct.values))
    }

    /// At chosen nodes (a random query subset) the trunk runs on those nodes only and gives the
    /// grid output read there; also for a POD-DeepONet, whose basis and mean are read at them.
    @Test func nodeSubsetIsTheGridOutputReadThere() throws {
        var c = DeepONetFieldConfiguration(grid: [3, 4])
        c.outChannels = 2
        c.network.branch = [6, 4]
        c.network.trunk = [5, 4]
        var rng = RandomStream(seed: 2)
        let nodes = [11, 0, 5, 6]
        for op in [try DeepONetFieldOperator(c, rng: &rng), try PODTests.podOperator()] {
            let grid = op.configuration.grid
            let x = randomTensor([3, 1] + grid, seed: 8)
            let subset = op.evaluate(Variable(x), atNodes: nodes).value
            let whole = op(Variable(x)).value.gatheringNodes(nodes)
            #expect(subset.shape == [3, 2, 4])
            let worst = zip(subset.values, whole.values).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-6, "worst \(worst)")
        }
    }

    /// With a sensor stride the branch reads only every s-th node per axis: the network has that
    /// many sensors, and the output is the plain DeepONet's on the input read at those nodes.
    @Test func sensorStrideReadsEverySthNode() throws {
        var c = DeepONetFieldConfiguration(grid: [5, 7])
        c.network.branch = [6, 4]
        c.network.trunk = [5, 4]
        c.sensorStride = 3
        #expect(c.sensorGrid == [2, 3] && c.sensorNodes == [0, 3, 6, 21, 24, 27])
        var rng = RandomStream(seed: 2)
        let op = try DeepONetFieldOperator(c, rng: &rng)
        #expect(op.network.configuration.sensors == 6)
        let x = randomTensor([2, 1, 5, 7], seed: 9)
        let direct = op.network.cartesian(Variable(x.gatheringNodes(c.sensorNodes!).reshaped([2, 6])),
                                          queries: DeepONetFieldOperator.unitGrid([5, 7])).value
        #expect(Array(op(Variable(x)).value.values) == Array(direct.values))
    }
}
