import Foundation

/// The folder of one training run (`runs/<name>/`) and what is written into it:
///
/// - `config.yaml` — the resolved configuration, every key written out;
/// - `checkpoint.h5` — the latest state, rewritten after every epoch and on interruption;
/// - `best.h5` — the epoch with the lowest test error so far;
/// - `metrics.csv` — one row per epoch (`MetricsLog`);
/// - `loss.png` — the training loss and test error per epoch (`LossCurve`).
///
/// Every file is written as `NAME.partial` and renamed, so none is ever half-written; the folder
/// itself is created only once the data has loaded and the model is built, so a configuration that
/// fails leaves nothing behind.
public struct RunDirectory: Equatable, Sendable {
    public let path: String

    public init(_ path: String) {
        self.path = path
    }

    public var configurationFile: String { file("config.yaml") }
    public var checkpoint: String { file("checkpoint.h5") }
    public var best: String { file("best.h5") }
    public var metrics: String { file("metrics.csv") }
    public var lossCurve: String { file("loss.png") }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Whether a run was started here (a checkpoint exists).
    public var holdsRun: Bool { FileManager.default.fileExists(atPath: checkpoint) }

    /// Creates the folder (and its parents) and writes the resolved configuration.
    public func start(_ configuration: TrainingConfiguration) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try RunDirectory.writeAtomically(configuration.yaml, to: configurationFile)
    }

    /// After an epoch: the checkpoint, `best.h5` when this epoch is the best so far, the metrics
    /// and, when `drawingLossCurve`, the loss curve. Drawing it takes ~15 ms (rendering and
    /// deflating 800 × 500 pixels), more than a whole epoch of a small DeepONet, so `neurop train`
    /// redraws it at most every few seconds and after the last epoch (`TrainingReporter`).
    public func recordEpoch(of trainer: Trainer, drawingLossCurve: Bool = true) throws {
        let snapshot = Checkpoint(trainer)
        try snapshot.write(to: checkpoint)
        if let best = trainer.state.best, best.epoch == trainer.state.epoch {
            try snapshot.write(to: self.best)
        }
        try MetricsLog.write(trainer.state.history, to: metrics)
        if drawingLossCurve { try drawLossCurve(of: trainer) }
    }

    /// `loss.png` from the run's history (nothing before the first epoch).
    public func drawLossCurve(of trainer: Trainer) throws {
        guard !trainer.state.history.isEmpty else { return }
        try LossCurve.plot(trainer.state.history, name: trainer.configuration.name,
                           showTestMSE: trainer.configuration.training.loss == .mse).write(to: lossCurve)
    }

    /// After an interruption (possibly mid-epoch): the checkpoint, and the loss curve up to the
    /// last completed epoch.
    public func recordInterruption(of trainer: Trainer) throws {
        try Checkpoint(trainer).write(to: checkpoint)
        try drawLossCurve(of: trainer)
    }

    /// Writes `text` to `PATH.partial`, then renames it to `PATH`.
    static func writeAtomically(_ text: String, to path: String) throws {
        let partial = path + ".partial"
        try text.write(toFile: partial, atomically: false, encoding: .utf8)
        if rename(partial, path) != 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// The checkpoint a user names: a run folder (its `best.h5` when `best`, else `checkpoint.h5`)
    /// or a checkpoint file.
    public static func checkpoint(named argument: String, best: Bool) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue else {
            return argument
        }
        let run = RunDirectory(argument)
        return best ? run.best : run.checkpoint
    }
}
