import Fields
import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
@testable import Training

@Suite struct DataTests {
    /// Sample s, channel c at grid point (i, j) holds 1000 s + 100 c + 10 i + j: every value says
    /// where it came from.
    static func labelled(_ samples: Int, _ channels: Int, _ n1: Int, _ n2: Int, offset: Float = 0) -> Tensor {
        Tensor(shape: [samples, channels, n1, n2]) { k in
            let j = k % n2, i = k / n2 % n1, c = k / (n1 * n2) % channels, s = k / (n1 * n2 * channels)
            return Float(1000 * s + 100 * c + 10 * i + j) + offset
        }
    }

    /// Subsampling keeps points 0, k, 2k, … along every grid axis (and their coordinates), reads
    /// only the requested samples, and gives the same result whatever the block size.
    @Test func subsamplingKeepsEveryKthPoint() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("grid.h5").path
        try writeFieldFile(file, inputs: Self.labelled(7, 2, 9, 7), outputs: Self.labelled(7, 1, 9, 7, offset: 0.5))
        let set = try FieldDataset.load(file, samples: 2..<6, subsample: 3, block: 3)
        #expect(set.inputs.shape == [4, 2, 3, 3] && set.targets.shape == [4, 1, 3, 3])
        for s in 0..<4 { for c in 0..<2 { for i in 0..<3 { for j in 0..<3 {
            #expect(set.inputs[s, c, i, j] == Float(1000 * (s + 2) + 100 * c + 10 * (3 * i) + 3 * j))
        } } } }
        #expect(set.targets[1, 0, 2, 1] == Float(3000 + 60 + 3) + 0.5)
        let expected: [[Double]] = [[0, 0.375, 0.75], [0, 0.5, 1]]
        #expect(set.coordinates == expected)
        let oneBlock = try FieldDataset.load(file, samples: 2..<6, subsample: 3, block: 100)
        #expect(oneBlock.inputs == set.inputs && oneBlock.targets == set.targets)
    }

    /// A trajectory file `[w0]` + outputs at t = 1…5: windows in both layouts take the right states.
    @Test func windowsTakeTheRightStates() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("traj.h5").path
        let (n, steps) = (4, 5)
        // State τ of sample s at (i, j): 1000 s + 100 τ + 10 i + j; the input is state 0.
        let inputs = Self.labelled(3, 1, n, n)
        let outputs = Tensor(shape: [3, steps, 1, n, n]) { k in
            let j = k % n, i = k / n % n, t = k / (n * n) % steps, s = k / (n * n * steps)
            return Float(1000 * s + 100 * (t + 1) + 10 * i + j)
        }
        try writeFieldFile(file, inputs: inputs, outputs: outputs, times: (1...steps).map { Double($0) / 10 })

        let channels = try FieldDataset.load(file, samples: 0..<3, pairing: .window(TimeWindow(inputSteps: 2, outputSteps: 3, start: 1)))
        #expect(channels.inputs.shape == [3, 2, n, n] && channels.targets.shape == [3, 3, n, n])
        #expect(channels.inputs[2, 0, 1, 3] == 2000 + 100 + 13 && channels.inputs[2, 1, 1, 3] == 2000 + 200 + 13)
        #expect(channels.targets[1, 2, 3, 0] == 1000 + 500 + 30)
        #expect(channels.targetTimes == [0.3, 0.4, 0.5])
        #expect(channels.coordinates.count == 2)

        let axis = try FieldDataset.load(file, samples: 0..<3, pairing: .window(TimeWindow(inputSteps: 2, outputSteps: 3, layout: .axis)))
        #expect(axis.inputs.shape == [3, 2, n, n, 3] && axis.targets.shape == [3, 1, n, n, 3])
        for t in 0..<3 {
            #expect(axis.inputs[1, 0, 2, 2, t] == 1000 + 22 && axis.inputs[1, 1, 2, 2, t] == 1000 + 100 + 22)
            #expect(axis.targets[1, 0, 2, 2, t] == Float(1000 + 100 * (t + 2) + 22))
        }
        #expect(axis.coordinates.last == [0.2, 0.3, 0.4])
        // Back to the stored layout [k, T, C, grid]: the targets come out as stored.
        let stored = SamplePairing.window(TimeWindow(inputSteps: 2, outputSteps: 3, layout: .axis)).storedLayout(of: axis.targets, channels: 1)
        #expect(stored == outputs.slice(axis: 1, 1..<4))

        #expect(throws: ConfigurationError.self) { try FieldDataset.load(file, samples: 0..<3) }
        #expect(throws: ConfigurationError.self) {
            try FieldDataset.load(file, samples: 0..<3, pairing: .window(TimeWindow(inputSteps: 4, outputSteps: 3)))
        }
    }

    /// PDEBench files load through the same path (their outputs start at t = 0).
    @Test func aPDEBenchDarcyFileLoads() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FieldsTests/Fixtures/2D_DarcyFlow_beta1.0_tiny.hdf5").path
        let set = try FieldDataset.load(fixture, samples: 1..<3)
        let reader = try FieldFileReader(path: fixture)
        #expect(set.inputs == (try reader.samples("inputs", 1..<3)))
        #expect(set.targets == (try reader.samples("outputs", 1..<3)))
        #expect(set.gridShape == [8, 8])
    }

    @Test func oneFileSplitsIntoDisjointTrainAndTestSets() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("split.h5").path
        try writeFieldFile(file, inputs: Self.labelled(10, 1, 4, 4), outputs: Self.labelled(10, 1, 4, 4, offset: 1))
        let data = try TrainingData.load(DataConfiguration(train: file, trainCount: 6, testCount: 3))
        #expect(data.train.count == 6 && data.test.count == 3)
        #expect(data.test.inputs[0, 0, 0, 0] == 6000 && data.train.inputs[5, 0, 0, 0] == 5000)

        var missing = DataConfiguration(train: dir.appendingPathComponent("nope.h5").path, trainCount: 1, testCount: 1)
        missing.recipe = "Data/darcy.yaml"
        #expect(throws: ConfigurationError.missingFile(key: "data.train", path: missing.train,
                                                       fix: "generate it with `neurop generate Data/darcy.yaml`")) {
            try TrainingData.load(missing)
        }
        #expect(throws: ConfigurationError.inconsistent(
            detail: "data.n_train + data.n_test = 11 samples are needed from \(file), which holds 10", fix: "lower them or generate more samples")) {
            try TrainingData.load(DataConfiguration(train: file, trainCount: 8, testCount: 3))
        }
    }

    /// Stated channels must match the data; modes must fit the grid, one per axis.
    @Test func theModelMustFitTheData() throws {
        let set = FieldDataset(inputs: Tensor(shape: [2, 1, 8, 8]), targets: Tensor(shape: [2, 3, 8, 8]),
                               coordinates: [Array(repeating: 0, count: 8), Array(repeating: 0, count: 8)], file: "d.h5")
        let model = ModelConfiguration(.fno(.init(modes: [4, 4])))
        let resolved = try model.resolved(for: set)
        #expect(resolved.inChannels == 1 && resolved.outChannels == 3)
        var stated = model
        stated.inChannels = 2
        #expect(throws: ConfigurationError.channelMismatch(
            detail: "model.in_channels is 2 but the inputs of d.h5 have 1 channel",
            fix: "set model.in_channels to 1 or remove it (it is taken from the data)")) { try stated.resolved(for: set) }
        #expect(throws: ConfigurationError.self) { try ModelConfiguration(.fno(.init(modes: [4]))).resolved(for: set) }
        #expect(throws: ConfigurationError.self) { try ModelConfiguration(.fno(.init(modes: [9, 4]))).resolved(for: set) }
    }

    @Test func batchesVisitEverySampleOnceInASeededOrder() {
        let sampler = BatchSampler(sampleCount: 23, batchSize: 5, seed: 4)
        #expect(sampler.batchesPerEpoch == 5)
        let order = sampler.order(epoch: 3)
        #expect(order.sorted() == Array(0..<23))
        #expect(order == BatchSampler(sampleCount: 23, batchSize: 5, seed: 4).order(epoch: 3))
        #expect(order != sampler.order(epoch: 4) && order != BatchSampler(sampleCount: 23, batchSize: 5, seed: 5).order(epoch: 3))
        let batches = (0..<5).map { Array(sampler.batch($0, of: order)) }
        #expect(batches.map(\.count) == [5, 5, 5, 5, 3] && batches.flatMap { $0 } == order)
        // Every position receives every sample about equally often (a uniform shuffle): 2,000
        // epochs put each sample first 2000/23 ≈ 87 times; 5 standard deviations is ±45.
        var first = [Int](repeating: 0, count: 23)
        for e in 0..<2000 { first[sampler.order(epoch: e)[0]] += 1 }
        #expect(first.allSatisfy { abs(Double($0) - 2000.0 / 23) < 5 * (2000.0 / 23 * 22 / 23).squareRoot() }, "\(first)")
    }
}
