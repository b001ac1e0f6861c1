/// One line of `metrics.csv`: what an epoch achieved.
public struct EpochRecord: Equatable, Sendable {
    /// 1-based.
    public var epoch: Int
    /// Mean per-sample training loss over the epoch (decoded outputs, as minimised).
    public var trainLoss: Double
    /// Mean per-sample relative L2 error on the test set after the epoch.
    public var testRelativeL2: Double
    /// Mean squared error on the test set after the epoch, over every output value (decoded,
    /// physical units: DeepXDE's "test loss"). NaN in checkpoints written before it was recorded.
    public var testMSE: Double
    /// Learning rate of the epoch's last step.
    public var learningRate: Float
    /// Wall-clock seconds the epoch took (training and test evaluation).
    public var seconds: Double

    public init(epoch: Int, trainLoss: Double, testRelativeL2: Double, testMSE: Double, learningRate: Float, seconds: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.testRelativeL2 = testRelativeL2
        self.testMSE = testMSE
        self.learningRate = learningRate
        self.seconds = seconds
    }
}

/// Where a run is, beyond its weights and optimizer moments: everything a checkpoint needs so that
/// resuming replays exactly what an uninterrupted run would do.
///
/// The random state is implied: the model's initial weights are in the checkpoint, and epoch e's
/// shuffle depends only on (seed, e) (`BatchSampler`).
public struct TrainingState: Equatable, Sendable {
    /// Epochs completed.
    public var epoch = 0
    /// Batches of epoch `epoch + 1` already done (non-zero only after an interruption).
    public var batch = 0
    /// Sum of the per-sample losses of those batches (so the epoch's mean comes out the same).
    public var partialLossSum = 0.0
    /// Seconds spent in those batches.
    public var partialSeconds = 0.0
    /// Every completed epoch, in order.
    public var history: [EpochRecord] = []

    public init() {}

    /// The completed epoch with the lowest test error (the first of equals).
    public var best: EpochRecord? {
        history.min { $0.testRelativeL2 < $1.testRelativeL2 }
    }
}
