/// One line of `neurop compare`'s table: a trained operator and the reference solver on the
/// samples of one field file.
public struct ComparisonRow: Equatable, Sendable {
    /// The data file.
    public var data: String
    /// Grid of the samples (spatial axes, then time for the FNO-3D layout).
    public var grid: [Int]
    /// Grid the stored outputs were solved on, when the file's recipe says (a finer grid than
    /// `grid` when the file stores subsampled solutions).
    public var referenceGrid: [Int]?
    /// Samples the operator ran on.
    public var samples: Int
    /// The operator's relative L2 and H1 errors against the stored outputs.
    public var relativeL2: ErrorSummary
    public var relativeH1: ErrorSummary
    public var operatorTiming: OperatorTiming
    public var solverTiming: SolverTiming

    public init(data: String, grid: [Int], referenceGrid: [Int]?, samples: Int, relativeL2: ErrorSummary,
                relativeH1: ErrorSummary, operatorTiming: OperatorTiming, solverTiming: SolverTiming) {
        self.data = data
        self.grid = grid
        self.referenceGrid = referenceGrid
        self.samples = samples
        self.relativeL2 = relativeL2
        self.relativeH1 = relativeH1
        self.operatorTiming = operatorTiming
        self.solverTiming = solverTiming
    }

    /// Solver throughput over operator throughput: samples in parallel against batched passes.
    public var speedupBatched: Double { solverTiming.parallel / operatorTiming.batched }
    /// Solver latency over operator latency: one sample at a time on both sides.
    public var speedupSingle: Double { solverTiming.sequential / operatorTiming.single }
    /// The solver's own relative L2 difference to the stored outputs, over the samples it solved.
    public var solverDifference: ErrorSummary { ErrorSummary(solverTiming.differences) }
}
