import Foundation

/// `metrics.csv`: one row per completed epoch — `epoch,train_loss,test_rel_l2,lr,test_mse,seconds`
/// (`test_mse`: the test set's mean squared error in physical units, as DeepXDE reports it).
///
/// The whole file is rewritten from the run's history after every epoch (through `.partial` and a
/// rename), so it never holds half a row and always agrees with the checkpoint, which stores the
/// same history. Losses, errors and rates are printed in Swift's shortest round-trip form, so the
/// CSV holds the exact values and two runs can be compared bit for bit from it (seconds excepted).
public enum MetricsLog {
    public static let columns = ["epoch", "train_loss", "test_rel_l2", "lr", "test_mse", "seconds"]

    public static func csv(_ history: [EpochRecord]) -> String {
        var lines = [columns.joined(separator: ",")]
        for r in history {
            lines.append([String(r.epoch), String(r.trainLoss), String(r.testRelativeL2), String(r.learningRate), String(r.testMSE),
                          String(format: "%.3f", r.seconds)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `csv(history)` to `path` atomically.
    public static func write(_ history: [EpochRecord], to path: String) throws {
        try RunDirectory.writeAtomically(csv(history), to: path)
    }
}
