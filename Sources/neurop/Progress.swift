import Foundation

/// Progress of long work on stderr: a bar with rate and ETA on a terminal, plain lines every few
/// seconds otherwise (logs, CI).
final class Progress {
    private let total: Int
    private let label: String
    private let unit: String
    private let start = Date()
    /// Work done before this run (a resumed file), left out of the rate.
    private let alreadyDone: Int
    private var lastPrint = Date.distantPast
    private let isTerminal = isatty(STDERR_FILENO) == 1

    init(total: Int, label: String, unit: String = "samples", alreadyDone: Int = 0) {
        self.total = total
        self.alreadyDone = alreadyDone
        self.label = label
        self.unit = unit
    }

    func update(_ done: Int) {
        let now = Date()
        let finished = done >= total
        guard finished || now.timeIntervalSince(lastPrint) >= (isTerminal ? 0.1 : 5) else { return }
        lastPrint = now
        let elapsed = max(now.timeIntervalSince(start), 1e-9)
        let rate = Double(done - alreadyDone) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let stats = "\(done)/\(total) \(unit)  \(String(format: "%.1f", rate)) \(unit)/s  " +
            (finished ? "done in \(formatDuration(elapsed))" : "ETA \(formatDuration(eta))")
        if isTerminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(stats)\u{1B}[K\(finished ? "\n" : "")".utf8))
        } else {
            FileHandle.standardError.write(Data("\(label): \(stats)\n".utf8))
        }
    }
}

/// A duration for a person: `4.2s`, `3m07s`, `2h05m`.
func formatDuration(_ s: Double) -> String {
    s < 60 ? String(format: "%.1fs", s) : s < 3600 ? String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
        : String(format: "%dh%02dm", Int(s) / 3600, Int(s) % 3600 / 60)
}
