import Foundation
import Training

/// What `neurop train` does as the trainer runs: records each epoch in the run folder (loss.png at
/// most every `lossCurveInterval` seconds and after the last epoch), shows progress on stderr (a
/// bar per epoch with loss, rate and ETA on a terminal; one line per epoch otherwise) and passes
/// Ctrl-C on as a request to stop.
final class TrainingReporter: TrainingObserver {
    private let run: RunDirectory
    private let epochs: Int
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var epochStart = Date()
    private var samplesThisEpoch = 0
    private var lastDraw = Date.distantPast
    /// Seconds per epoch over the epochs this process ran, for the ETA.
    private var epochSeconds: [Double] = []
    /// When loss.png was last drawn.
    private var lastLossCurve = Date.distantPast
    static let lossCurveInterval = 5.0

    init(run: RunDirectory, epochs: Int) {
        self.run = run
        self.epochs = epochs
    }

    var shouldStop: Bool { InterruptSignal.requested }

    func batchFinished(epoch: Int, batch: Int, of batches: Int, samples: Int, loss: Double) {
        samplesThisEpoch += samples
        guard isTerminal else { return }
        let now = Date()
        guard batch == batches || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(epochStart), 1e-9)
        let rate = Double(samplesThisEpoch) / elapsed
        let perBatch = elapsed * Double(samples) / Double(samplesThisEpoch)
        let perEpoch = epochSeconds.isEmpty ? perBatch * Double(batches) : epochSeconds.reduce(0, +) / Double(epochSeconds.count)
        let eta = perEpoch * Double(epochs - epoch) + perBatch * Double(batches - batch)
        let width = 24, filled = width * batch / batches
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = "epoch \(epoch)/\(epochs) \(bar) \(batch)/\(batches)  loss \(format(loss))  "
            + "\(String(format: "%.1f", rate)) samples/s  ETA \(formatDuration(eta))"
        FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
    }

    func epochFinished(_ record: EpochRecord, trainer: Trainer) throws {
        let now = Date()
        let draw = record.epoch == epochs || now.timeIntervalSince(lastLossCurve) >= Self.lossCurveInterval
        try run.recordEpoch(of: trainer, drawingLossCurve: draw)
        if draw { lastLossCurve = now }
        epochSeconds.append(record.seconds)
        samplesThisEpoch = 0
        epochStart = Date()
        let eta = epochSeconds.reduce(0, +) / Double(epochSeconds.count) * Double(epochs - record.epoch)
        let mse = trainer.configuration.training.loss == .mse ? "  test MSE \(format(record.testMSE))" : ""
        let line = "epoch \(record.epoch)/\(epochs)  train \(format(record.trainLoss))  test \(format(record.testRelativeL2))\(mse)  "
            + "lr \(String(format: "%.3g", Double(record.learningRate)))  \(formatDuration(record.seconds))"
            + (record.epoch < epochs ? "  ETA \(formatDuration(eta))" : "")
        FileHandle.standardError.write(Data(((isTerminal ? "\r" : "") + line + (isTerminal ? "\u{1B}[K" : "") + "\n").utf8))
    }

    private func format(_ x: Double) -> String { String(format: "%.4g", x) }
}
