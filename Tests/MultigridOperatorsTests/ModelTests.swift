import Autograd
import MultigridOperators
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

@Suite struct ModelTests {
    /// The paper's odd grids keep their size through every level: 85² (85 → 43 → 22 → 11 → 6 → 3)
    /// and 421 in 1D, and the number of levels used stops where a grid would drop below 2 cells.
    @Test func oddGridsKeepTheirShape() {
        var c = MgNOConfiguration()
        (c.channels, c.layers, c.levels) = (2, 1, 8)
        var rng = RandomStream(seed: 2)
        let model = MgNO(c, rng: &rng)
        #expect(model(Variable(randomTensor([1, 1, 85, 85], seed: 1))).shape == [1, 1, 85, 85])
        #expect(model.layers[0].cycle.usableLevels(for: [85, 85]) == 7)
        c.spatialRank = 1
        let oneD = MgNO(c, rng: &rng)
        #expect(oneD(Variable(randomTensor([2, 1, 421], seed: 1))).shape == [2, 1, 421])
        #expect(oneD.layers[0].cycle.usableLevels(for: [421]) == 8)
    }

    /// A bad configuration names the field and the fix.
    @Test func badConfigurationsAreNamed() {
        var c = MgNOConfiguration()
        c.smoothing = [1, 2]
        #expect(throws: MgNOConfigurationError.smoothingCount([1, 2], levels: 5)) { try c.validate() }
        c.smoothing = [0]
        #expect(throws: MgNOConfigurationError.smoothingSteps([0], post: 0)) { try c.validate() }
        c.smoothing = [1]
        c.spatialRank = 3
        #expect(throws: MgNOConfigurationError.spatialRank(3)) { try c.validate() }
    }
}
