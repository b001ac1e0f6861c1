import ArgumentParser
import Foundation
import Training

/// `neurop eval RUN_OR_CHECKPOINT DATA.h5`: a trained operator's relative L2 and H1 errors and its
/// MSE (physical units) on a field file — at the training resolution or any other.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a trained operator on a field file: relative L2 and H1 errors and MSE (mean, median, worst sample).",
        discussion: """
            The data may be at another resolution than the training data (zero-shot super-resolution): the \
            operator runs on the new grid and its normalisers are interpolated onto it.
            """)

    @Argument(help: ArgumentHelp("A run folder (runs/NAME, its checkpoint.h5) or a checkpoint file.", valueName: "run-or-checkpoint"))
    var checkpoint: String
    @Argument(help: "Field file (neurop or PDEBench) of the kind the operator was trained on.") var data: String
    @Option(help: "Evaluate the first N samples (default: all).") var samples: Int?
    @Option(help: "Keep every k-th grid point along each spatial axis.") var subsample: Int = 1
    @Option(help: "Samples per forward pass (default: the training batch size).") var batchSize: Int?
    @Flag(help: "Use the run's best.h5 (lowest test error) instead of its latest checkpoint.") var best = false
    @Option(name: .shortAndLong, help: "Write predictions, inputs and targets to this field file (.h5).") var output: String?

    func validate() throws {
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples).") }
        guard subsample >= 1 else { throw ValidationError("--subsample must be at least 1, got \(subsample).") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize).") }
    }

    func run() throws {
        let path = RunDirectory.checkpoint(named: self.checkpoint, best: best)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no checkpoint at \(path); give a run folder (runs/NAME) or a checkpoint file")
        }
        guard FileManager.default.fileExists(atPath: data) else { throw CLIError("no such file: \(data)") }
        let checkpoint = try Checkpoint(path: path)
        let available = try FieldDataset.sampleCount(data)
        let count = samples ?? available
        guard count <= available else { throw CLIError("--samples is \(count) but \(data) holds \(available) samples") }
        let evaluation: Evaluation
        let dataset: FieldDataset
        do {
            dataset = try FieldDataset.load(data, samples: 0..<count, pairing: checkpoint.configuration.data.pairing,
                                            subsample: subsample)
            if dataset.pointTargets != nil { return try evaluatePoints(dataset, checkpoint: checkpoint, path: path) }
            evaluation = try Evaluation(checkpoint: checkpoint, path: path, on: dataset, batchSize: batchSize)
        } catch let error as ConfigurationError {
            throw CLIError("\(error)")
        }
        let trainedOn = checkpoint.coordinates.map(\.count)
        print("\(path) (epoch \(checkpoint.state.epoch), \(checkpoint.configuration.model.kind.rawValue)) on \(data): "
              + "\(count) samples, grid \(dataset.gridShape)" + (trainedOn == dataset.gridShape ? "" : " (trained on \(trainedOn))"))
        for (name, errors) in [("relative L2", evaluation.relativeL2), ("relative H1", evaluation.relativeH1),
                               ("MSE", evaluation.meanSquaredError)] {
            let s = ErrorSummary(errors)
            print("\(name)  mean \(format(s.mean))  median \(format(s.median))  worst \(format(s.worst)) (sample \(s.worstIndex))")
        }
        if let output {
            try PredictionFile.write(evaluation.predictions, for: dataset, pairing: checkpoint.configuration.data.pairing,
                                     checkpoint: path, to: output)
            print("wrote predictions of \(count) samples to \(output)")
        }
    }

    /// Errors at the points of a point-cloud file (over the target points inside the domain).
    private func evaluatePoints(_ dataset: FieldDataset, checkpoint: Checkpoint, path: String) throws {
        guard output == nil else {
            throw CLIError("--output writes predictions on the grid, but \(data) holds targets at points; leave it out")
        }
        try Evaluation.check(checkpoint, path: path, takes: dataset)
        guard let box = PlaneBox(coordinates: dataset.coordinates), dataset.coordinates.map(\.count) == checkpoint.coordinates.map(\.count) else {
            throw CLIError("\(data) has the grid \(dataset.gridShape); targets at points are evaluated on the training grid \(checkpoint.coordinates.map(\.count))")
        }
        let targets = dataset.pointTargets!
        let model = try checkpoint.restoredOperator()
        let predictions = model.predict(dataset.inputs, at: targets.points, lower: box.lower, upper: box.upper,
                                        batchSize: batchSize ?? checkpoint.configuration.training.batchSize)
        let (relative, mse) = PointLoss.metrics(predictions, targets)
        print("\(path) (epoch \(checkpoint.state.epoch), \(checkpoint.configuration.model.kind.rawValue)) on \(data): "
              + "\(dataset.count) samples, \(targets.pointCount) points each, grid \(dataset.gridShape)")
        for (name, errors) in [("relative L2", relative), ("MSE", mse)] {
            let s = ErrorSummary(errors)
            print("\(name)  mean \(format(s.mean))  median \(format(s.median))  worst \(format(s.worst)) (sample \(s.worstIndex))")
        }
    }

    private func format(_ x: Double) -> String { String(format: "%.5g", x) }
}
