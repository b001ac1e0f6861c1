import Foundation

/// `neurop compare`'s rows as a Markdown table (aligned, so it reads in a terminal too) and as CSV
/// (full precision, one row per data file, times in milliseconds per sample).
///
/// Errors are printed with 5 significant digits, as `neurop eval` prints them; times with 3.
public struct ComparisonTable: Equatable, Sendable {
    public var rows: [ComparisonRow]

    public init(rows: [ComparisonRow]) {
        self.rows = rows
    }

    public static let csvColumns = [
        "data", "grid", "reference_grid", "samples", "solver_samples", "rel_l2_mean", "rel_l2_median", "rel_l2_worst",
        "rel_h1_mean", "rel_h1_median", "rel_h1_worst", "batch_size", "operator_batched_ms", "operator_single_ms",
        "solver_threads", "solver_parallel_ms", "solver_sequential_ms", "speedup_batched", "speedup_single",
        "solver_rel_l2_mean", "solver_rel_l2_worst",
    ]

    public var csv: String {
        let lines = rows.map { r -> String in
            let fields: [String] = [
                r.data.contains(",") ? "\"\(r.data)\"" : r.data, dims(r.grid), r.referenceGrid.map(dims) ?? "",
                "\(r.samples)", "\(r.solverTiming.samples)",
                "\(r.relativeL2.mean)", "\(r.relativeL2.median)", "\(r.relativeL2.worst)",
                "\(r.relativeH1.mean)", "\(r.relativeH1.median)", "\(r.relativeH1.worst)",
                "\(r.operatorTiming.batchSize)", "\(1000 * r.operatorTiming.batched)", "\(1000 * r.operatorTiming.single)",
                "\(r.solverTiming.threads)", "\(1000 * r.solverTiming.parallel)", "\(1000 * r.solverTiming.sequential)",
                "\(r.speedupBatched)", "\(r.speedupSingle)", "\(r.solverDifference.mean)", "\(r.solverDifference.worst)",
            ]
            return fields.joined(separator: ",")
        }
        return ([ComparisonTable.csvColumns.joined(separator: ",")] + lines).joined(separator: "\n") + "\n"
    }

    public var markdown: String {
        let header = ["data", "grid", "ref. solved on", "samples (solver)", "L2 mean", "L2 worst", "H1 mean",
                      "operator ms batched", "operator ms single", "solver ms parallel", "solver ms sequential",
                      "speed-up batched", "speed-up single", "solver L2 vs ref."]
        let body = rows.map { r -> [String] in
            [(r.data as NSString).lastPathComponent, dims(r.grid), r.referenceGrid.map(dims) ?? "?",
             "\(r.samples) (\(r.solverTiming.samples))",
             format(r.relativeL2.mean, "%.5g"), format(r.relativeL2.worst, "%.5g"), format(r.relativeH1.mean, "%.5g"),
             format(1000 * r.operatorTiming.batched, "%.3g") + " (\(r.operatorTiming.batchSize))",
             format(1000 * r.operatorTiming.single, "%.3g"),
             format(1000 * r.solverTiming.parallel, "%.3g") + " (\(r.solverTiming.threads))",
             format(1000 * r.solverTiming.sequential, "%.3g"),
             format(r.speedupBatched, "%.3g") + "×", format(r.speedupSingle, "%.3g") + "×",
             format(r.solverDifference.mean, "%.2e")]
        }
        let all = [header] + body
        let widths = header.indices.map { c in all.map { $0[c].count }.max()! }
        func line(_ cells: [String]) -> String {
            "| " + zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: " | ") + " |"
        }
        let rule = "| " + widths.map { String(repeating: "-", count: $0) }.joined(separator: " | ") + " |"
        return ([line(header), rule] + body.map(line)).joined(separator: "\n") + "\n"
    }

    /// What the columns mean, for the Markdown file.
    public static let legend = """
        L2, H1: the operator's relative errors (mean over the samples; worst sample) against the stored \
        outputs of each file, the reference; "ref. solved on" is the grid the file's generator solved on \
        (finer than the data grid when the file stores subsampled solutions). Times are milliseconds per \
        sample and exclude file I/O. Operator: in passes of the batch size in brackets, and one sample per \
        pass, after one untimed warm-up pass. Solver: the reference solver of `neurop solve` on each file's \
        own grid, the samples spread over the threads in brackets (throughput) and one after another \
        (latency), after one untimed warm-up solve; "samples (solver)" counts the samples the operator ran \
        on and, in brackets, those the solver solved. Speed-ups: solver parallel / operator batched, and \
        solver sequential / operator single. Last column: the solver's own mean relative L2 difference to \
        the reference (its discretisation error when the reference was solved on a finer grid).
        """
}

private func dims(_ grid: [Int]) -> String { grid.map(String.init).joined(separator: "×") }
private func format(_ x: Double, _ pattern: String) -> String { String(format: pattern, x) }
