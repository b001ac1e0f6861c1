import NeuropCore

/// A trained operator beside a reference solver on the samples of one field file: the operator's
/// errors against the file's stored outputs (the reference), its time per sample batched and one
/// at a time, and the solver's time per sample on the same inputs (`SolverTiming`).
///
/// The reference is always the stored outputs, never the solver's re-solve: when a file stores
/// solutions computed on a finer grid and subsampled, they are more accurate than anything solved
/// on the data grid, and the solver's own difference to them is reported beside the operator's.
///
/// For trajectory windows the solver starts from the last input state and records the target
/// times (`SamplePairing.solverStart`, `FieldDataset.lastInputTime`): the states the operator
/// predicts, from what it is given.
public struct SolverComparison {
    public var data: FieldDataset
    /// The operator's decoded predictions and per-sample errors.
    public var evaluation: Evaluation
    public var row: ComparisonRow

    /// Runs the comparison. `model` is the trained operator on its training grid
    /// `trainingGrid`; it is moved to the data's grid here. `solve` maps the start state of one
    /// sample (`solverStart`, spatial grid order) to its solution in the stored layout of outputs;
    /// it is called for the first `solverSamples` samples only, from several threads at once.
    public init(_ model: NormalizedOperator, trainingGrid: [[Double]], on data: FieldDataset, pairing: SamplePairing,
                batchSize: Int, periodic: Bool, solverSamples: Int, referenceGrid: [Int]? = nil,
                progress: (Int) -> Void = { _ in }, solve: @escaping ([Double]) throws -> [Double]) throws {
        precondition(solverSamples >= 1 && solverSamples <= data.count, "solver samples must be in 1...\(data.count)")
        self.data = data
        let onGrid = model.onGrid(from: trainingGrid, to: data.coordinates)
        let (timing, predictions) = OperatorTiming.measure(onGrid, on: data.inputs, batchSize: batchSize)
        evaluation = Evaluation(predictions: predictions, of: data, periodic: periodic)

        let starts = SolverComparison.rows(of: pairing.solverStart(of: data.inputs, channels: data.storedOutputChannels),
                                           count: solverSamples)
        let references = SolverComparison.rows(of: pairing.storedLayout(of: data.targets, channels: data.storedOutputChannels),
                                               count: solverSamples)
        let solverTiming = try SolverTiming.measure(samples: solverSamples, progress: progress,
                                                    solve: { try solve(starts[$0]) }, reference: { references[$0] })
        row = ComparisonRow(data: data.file, grid: data.gridShape, referenceGrid: referenceGrid, samples: data.count,
                            relativeL2: ErrorSummary(evaluation.relativeL2), relativeH1: ErrorSummary(evaluation.relativeH1),
                            operatorTiming: timing, solverTiming: solverTiming)
    }

    /// The samples to show: the best, median and worst by the operator's relative L2 error (the
    /// lower middle one for an even count), as (label, index).
    public var showcase: [(label: String, index: Int)] {
        let order = evaluation.relativeL2.indices.sorted { evaluation.relativeL2[$0] < evaluation.relativeL2[$1] }
        return [("best", order.first!), ("median", order[(order.count - 1) / 2]), ("worst", order.last!)]
    }

    /// The first `count` samples of `tensor` as Float64 arrays.
    static func rows(of tensor: Tensor, count: Int) -> [[Double]] {
        let size = tensor.count / tensor.shape[0]
        return tensor.withUnsafeBufferPointer { p in
            (0..<count).map { i in (0..<size).map { Double(p[i * size + $0]) } }
        }
    }
}
