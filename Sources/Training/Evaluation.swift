import NeuropCore

/// A trained operator measured on a dataset: per-sample relative L2 and H1 errors and mean squared
/// errors of its decoded predictions, summarised (mean, median, worst sample).
///
/// The data may be on another grid than the training data: the model runs at any resolution and
/// the normalisers are interpolated onto the new grid (`NormalizedOperator.onGrid`).
public struct Evaluation {
    /// Decoded predictions, `[N, C_out, grid]`.
    public var predictions: Tensor
    public var relativeL2: [Double]
    public var relativeH1: [Double]
    /// Mean squared error per sample, in physical units (`FieldMetrics.meanSquaredError`).
    public var meanSquaredError: [Double]

    public init(of trained: NormalizedOperator, trainingGrid: [[Double]], on data: FieldDataset, batchSize: Int,
                periodic: Bool) {
        let onGrid = trained.onGrid(from: trainingGrid, to: data.coordinates)
        self.init(predictions: onGrid.predict(data.inputs, batchSize: batchSize), of: data, periodic: periodic)
    }

    /// The errors of `predictions` (decoded, `[N, C_out, grid]`) against the targets of `data`.
    public init(predictions: Tensor, of data: FieldDataset, periodic: Bool) {
        self.predictions = predictions
        relativeL2 = FieldMetrics.relativeL2(predictions, data.targets)
        relativeH1 = FieldMetrics.relativeH1(predictions, data.targets, periodic: periodic)
        meanSquaredError = FieldMetrics.meanSquaredError(predictions, data.targets)
    }

    /// Evaluates the operator stored in `checkpoint` on `data`, after checking that the data has
    /// the channels and grid axes the model takes.
    public init(checkpoint: Checkpoint, path: String, on data: FieldDataset, batchSize: Int? = nil,
                factory: ModelFactory = .standard) throws {
        try Evaluation.check(checkpoint, path: path, takes: data)
        self.init(of: try checkpoint.restoredOperator(factory: factory), trainingGrid: checkpoint.coordinates, on: data,
                  batchSize: batchSize ?? checkpoint.configuration.training.batchSize, periodic: checkpoint.configuration.data.periodic)
    }

    /// Throws, naming the fix, unless the model in `checkpoint` (read from `path`) takes the
    /// channels and grid axes of `data`.
    public static func check(_ checkpoint: Checkpoint, path: String, takes data: FieldDataset) throws {
        let model = checkpoint.configuration.model
        let expected = (model.inChannels ?? data.inChannels, model.outChannels ?? data.outChannels)
        guard expected == (data.inChannels, data.outChannels) else {
            throw ConfigurationError.channelMismatch(
                detail: "the model in \(path) maps \(expected.0) → \(expected.1) channels but \(data.file) holds \(data.inChannels) → \(data.outChannels)",
                fix: "evaluate it on data of the kind it was trained on")
        }
        guard data.gridShape.count == checkpoint.coordinates.count else {
            throw ConfigurationError.inconsistent(
                detail: "the model in \(path) was trained on \(checkpoint.coordinates.count) grid axes but \(data.file) has \(data.gridShape.count)",
                fix: "evaluate it on data of the kind it was trained on")
        }
        try model.checkGrid(data.gridShape, of: data.file)
    }
}
