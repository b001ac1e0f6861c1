import Fields
import Foundation
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Plotting
import Testing
@testable import Training

@Suite struct TrainerTests {
    /// A pointwise operator learns a pointwise map: the test error ends below a fifth of the
    /// untrained model's and of what predicting the training mean achieves. (Without normalisers:
    /// per-point ones fitted on 40 samples make the map differ from point to point, which a
    /// pointwise model cannot follow.)
    @Test func trainingReducesTheTestError() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let config = try pointwiseConfiguration(file, output: dir.appendingPathComponent("run").path, epochs: 100,
                                                extra: ["training.scheduler={kind: constant}", "data.normalize=none"])
        let data = try TrainingData.load(config.data)
        let trainer = try Trainer(configuration: config, data: data, factory: .pointwise)
        let initial = trainer.evaluateTest()
        let observer = RecordingObserver()
        #expect(try trainer.run(observer: observer) == .finished)
        #expect(observer.epochs.count == 100 && observer.batches == 100 * 5)
        let meanPrediction = GaussianNormalizer(fitting: data.train.targets).mean
        let baseline = FieldMetrics.relativeL2(meanPrediction.broadcasted(to: data.test.targets.shape), data.test.targets)
        let final = observer.epochs.last!.testRelativeL2
        #expect(final < initial / 5 && final < baseline.reduce(0, +) / 8 / 5, "initial \(initial), final \(final), mean-field \(baseline)")
        #expect(observer.epochs.map(\.epoch) == Array(1...100))
    }

    /// With the loss on 20 of the 120 nodes per batch the model still learns the map everywhere:
    /// the test error (on every node) ends below a fifth of the untrained model's.
    @Test func aRandomQuerySubsetPerBatchTrains() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let config = try pointwiseConfiguration(file, output: dir.appendingPathComponent("run").path, epochs: 60,
                                                extra: ["training.scheduler={kind: constant}", "data.normalize=none", "data.query_points=20"])
        let trainer = try Trainer(configuration: config, data: try TrainingData.load(config.data), factory: .pointwise)
        let initial = trainer.evaluateTest()
        let observer = RecordingObserver()
        #expect(try trainer.run(observer: observer) == .finished)
        let final = observer.epochs.last!.testRelativeL2
        #expect(final < initial / 5, "initial \(initial), final \(final)")
        // The loss really was taken on the subsets: the same run on every node trains differently.
        let everyNode = try pointwiseConfiguration(file, output: dir.appendingPathComponent("all").path, epochs: 1,
                                                   extra: ["training.scheduler={kind: constant}", "data.normalize=none"])
        let full = RecordingObserver()
        _ = try Trainer(configuration: everyNode, data: try TrainingData.load(everyNode.data), factory: .pointwise).run(observer: full)
        #expect(full.epochs[0].trainLoss != observer.epochs[0].trainLoss)
    }

    /// A step's nodes: as many as asked, distinct, in range and increasing; the same for the same
    /// step (what makes a resumed run draw them again), different for another step.
    @Test func querySubsetsAreDrawnPerStep() {
        let subset = QuerySubset(count: 20, nodes: 120, seed: 7)
        let first = subset.nodes(step: 3)
        #expect(first.count == 20 && Set(first).count == 20 && first.allSatisfy { (0..<120).contains($0) } && first == first.sorted())
        #expect(subset.nodes(step: 3) == first && subset.nodes(step: 4) != first)
        #expect(QuerySubset(count: 120, nodes: 120, seed: 7).nodes(step: 0) == Array(0..<120))
    }

    /// A query subset with the H1 or the physics loss, larger than the grid, or of no nodes is refused,
    /// naming the key.
    @Test func badQuerySubsetsAreRefused() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let cases: [([String], ConfigurationError)] = [
            (["data.query_points=20", "training.loss=h1"],
             .invalidValue(key: "data.query_points", reason: "draws scattered nodes, but training.loss h1 differentiates along the grid; use relative_l2 or mse, or remove data.query_points")),
            (["data.query_points=121"],
             .invalidValue(key: "data.query_points", reason: "is 121, more than the 120 grid nodes of \(file); use at most 120")),
            (["data.query_points=20", "training.loss=poisson_residual", "data.normalize=none"],
             .invalidValue(key: "data.query_points", reason: "draws nodes of the targets, and the poisson_residual loss has none; remove it")),
        ]
        for (extra, error) in cases {
            let config = try pointwiseConfiguration(file, output: dir.path, extra: extra)
            #expect(throws: error) { try Trainer(configuration: config, data: try TrainingData.load(config.data), factory: .pointwise) }
        }
        #expect(throws: ConfigurationError.invalidValue(key: "data.query_points", reason: "must be at least 1 node per batch, not 0; remove it to use every node")) {
            try pointwiseConfiguration(file, output: dir.path, extra: ["data.query_points=0"])
        }
    }

    /// The step schedule halves the rate every two epochs; metrics record each epoch's rate.
    @Test func theScheduleSetsEachEpochsRate() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let config = try pointwiseConfiguration(file, output: dir.path, epochs: 5)
        let trainer = try Trainer(configuration: config, data: try TrainingData.load(config.data), factory: .pointwise)
        let observer = RecordingObserver()
        _ = try trainer.run(observer: observer)
        #expect(observer.epochs.map(\.learningRate) == [1e-2, 1e-2, 5e-3, 5e-3, 2.5e-3])
    }

    /// 2 epochs, a checkpoint on disk, 2 more from it: the same metrics and weights as 4 at once —
    /// also when the interruption falls in the middle of an epoch, and with a random query subset
    /// per batch.
    @Test(arguments: [(10, []), (13, []), (13, ["data.query_points=30"])])
    func resumingIsBitIdentical(stopAfterBatches: Int, extra: [String]) throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let config = try pointwiseConfiguration(file, output: dir.path, epochs: 4, extra: extra)
        let data = try TrainingData.load(config.data)

        let straight = try Trainer(configuration: config, data: data, factory: .pointwise)
        _ = try straight.run(observer: RecordingObserver())

        let first = try Trainer(configuration: config, data: data, factory: .pointwise)
        #expect(try first.run(observer: RecordingObserver(stopAfterBatches: stopAfterBatches)) == .interrupted)
        let path = dir.appendingPathComponent("checkpoint.h5").path
        try Checkpoint(first).write(to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
        let saved = try Checkpoint(path: path)
        #expect(saved.state.epoch == stopAfterBatches / 5 && saved.state.batch == stopAfterBatches % 5)
        let resumed = try Trainer(configuration: config, data: try TrainingData.load(config.data), factory: .pointwise, resuming: saved)
        #expect(try resumed.run(observer: RecordingObserver()) == .finished)

        #expect(withoutTimes(resumed.state.history) == withoutTimes(straight.state.history))
        for ((name, a), (_, b)) in zip(resumed.model.namedParameters, straight.model.namedParameters) {
            #expect(a.value == b.value, "parameter \(name)")
        }
        #expect(resumed.optimizer.stepCount == straight.optimizer.stepCount && resumed.optimizer.state == straight.optimizer.state)
    }

    /// Everything a checkpoint holds reads back as written.
    @Test func checkpointsRoundTrip() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let config = try pointwiseConfiguration(file, output: dir.path, epochs: 2)
        let trainer = try Trainer(configuration: config, data: try TrainingData.load(config.data), factory: .pointwise)
        _ = try trainer.run(observer: RecordingObserver())
        let path = dir.appendingPathComponent("c.h5").path
        let written = Checkpoint(trainer)
        try written.write(to: path)
        #expect(Checkpoint.isCheckpoint(path) && !Checkpoint.isCheckpoint(file))
        let read = try Checkpoint(path: path)
        #expect(read.configuration == trainer.configuration && read.configuration.model.inChannels == 1)
        #expect(read.parameters == written.parameters && read.optimizerState == written.optimizerState)
        #expect(read.optimizerSteps == 10 && read.state == written.state && read.coordinates == written.coordinates)
        #expect(read.inputNormalizer == trainer.inputNormalizer && read.outputNormalizer == trainer.outputNormalizer)
        // The restored operator predicts what the trained one does.
        let x = try TrainingData.load(config.data).test.inputs
        #expect(try read.restoredOperator(factory: .pointwise).predict(x, batchSize: 3) == trainer.normalizedOperator.predict(x, batchSize: 8))
        #expect(throws: CheckpointError.notACheckpoint(path: file)) { try Checkpoint(path: file) }
    }

    /// A rate that explodes in epoch 2 stops the run there, naming the epoch; the run folder keeps
    /// epoch 1's checkpoint and metrics.
    @Test func aNonFiniteLossStopsTheRunNamingTheEpoch() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let config = try pointwiseConfiguration(file, output: dir.appendingPathComponent("run").path, epochs: 3,
                                                extra: ["training.scheduler={kind: step, step_size: 1, gamma: 1.0e30}"])
        let run = RunDirectory(config.output)
        try run.start(config)
        let trainer = try Trainer(configuration: config, data: try TrainingData.load(config.data), factory: .pointwise)
        do {
            _ = try trainer.run(observer: RecordingObserver(run: run))
            Issue.record("training did not stop")
        } catch let error as TrainingError {
            #expect(error.epoch == 2, "\(error)")
            #expect("\(error)".contains("in epoch 2"))
        }
        let kept = try Checkpoint(path: run.checkpoint)
        #expect(kept.state.epoch == 1 && kept.parameters.values.allSatisfy { $0.values.allSatisfy(\.isFinite) })
        #expect(try String(contentsOfFile: run.metrics, encoding: .utf8).split(separator: "\n").count == 2)
    }

    /// The run folder holds the resolved configuration, the checkpoint, the best epoch and the
    /// metrics, and nothing half-written.
    @Test func theRunFolderHoldsEveryRecord() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let config = try pointwiseConfiguration(file, output: dir.appendingPathComponent("runs/p").path, epochs: 3)
        let run = RunDirectory(config.output)
        let trainer = try Trainer(configuration: config, data: try TrainingData.load(config.data), factory: .pointwise)
        try run.start(trainer.configuration)
        _ = try trainer.run(observer: RecordingObserver(run: run))
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.path).sorted()
                == ["best.h5", "checkpoint.h5", "config.yaml", "loss.png", "metrics.csv"])
        #expect(try TrainingConfiguration.parse(yaml: String(contentsOfFile: run.configurationFile, encoding: .utf8)) == trainer.configuration)
        let rows = try String(contentsOfFile: run.metrics, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows[0] == MetricsLog.columns && rows.count == 4)
        for (row, record) in zip(rows.dropFirst(), trainer.state.history) {
            #expect(Int(row[0]) == record.epoch && Double(row[1]) == record.trainLoss && Double(row[2]) == record.testRelativeL2
                    && Double(row[4]) == record.testMSE && record.testMSE > 0)
        }
        let best = try Checkpoint(path: run.best)
        #expect(best.state.epoch == trainer.state.best!.epoch)
        #expect(try Checkpoint(path: run.checkpoint).state.history == trainer.state.history)
        let curve = try PNGImage(contentsOf: run.lossCurve)
        #expect(curve.width == 800 && curve.height == 500)
    }

    /// Evaluation on a finer grid runs the model there with interpolated normalisers; on the
    /// training grid it reproduces the trainer's test error.
    @Test func evaluationMatchesTheTrainerAndRunsOnOtherGrids() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("set.h5").path
        try writePointwiseSet(file)
        let config = try pointwiseConfiguration(file, output: dir.path, epochs: 3)
        let data = try TrainingData.load(config.data)
        let trainer = try Trainer(configuration: config, data: data, factory: .pointwise)
        _ = try trainer.run(observer: RecordingObserver())
        let checkpoint = Checkpoint(trainer)
        let same = try Evaluation(checkpoint: checkpoint, path: "c.h5", on: data.test, factory: .pointwise)
        #expect(abs(ErrorSummary(same.relativeL2).mean - trainer.state.history.last!.testRelativeL2) < 1e-12)
        #expect(same.relativeH1.allSatisfy { $0.isFinite && $0 > 0 })

        // The same map on a 23×19 grid.
        let a = randomTensor([5, 1, 23, 19], seed: 21)
        let fine = dir.appendingPathComponent("fine.h5").path
        try writeFieldFile(fine, inputs: a, outputs: a.map { sinf(2 * $0) + 0.5 * $0 * $0 + 1 })
        let other = try Evaluation(checkpoint: checkpoint, path: "c.h5", on: try FieldDataset.load(fine, samples: 0..<5), factory: .pointwise)
        #expect(other.predictions.shape == [5, 1, 23, 19])
        #expect(ErrorSummary(other.relativeL2).mean < 2 * ErrorSummary(same.relativeL2).mean + 0.05)
        let output = dir.appendingPathComponent("pred.h5").path
        try PredictionFile.write(other.predictions, for: try FieldDataset.load(fine, samples: 0..<5), pairing: .direct,
                                 checkpoint: "c.h5", to: output)
        let reader = try FieldFileReader(path: output)
        #expect(try reader.samples("outputs", 0..<5) == other.predictions)
        #expect(try reader.samples("inputs", 0..<5) == a)
    }
}
