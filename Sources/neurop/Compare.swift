import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers
import Training

/// `neurop compare RUN_OR_CHECKPOINT DATA.h5 [DATA.h5 …]`: a trained operator against the reference
/// solver on the same inputs — the operator's relative L2/H1 errors, its time per sample (batched
/// and single) beside the solver's, and the speed-ups — one table row per file, so that several
/// resolutions of one test set show how both scale.
///
/// The reference for the errors is each file's stored outputs. The solver is the one
/// `neurop solve` runs, on each file's own grid, with the PDE and parameters of the file's stored
/// recipe (`--pde` and the solver options override them; a PDEBench file has no recipe and needs
/// `--pde`). Writes `compare.md`, `compare.csv` and, per file, the best, median and worst sample
/// (by the operator's error) as PNG panels into `runs/<name>/compare/` or `-o DIR`.
///
/// Point-cloud files (`neurop generate wos`) are compared with their own high-walk-count
/// Walk-on-Spheres estimates at their points instead, and the estimator is re-run for its time
/// (`Compare+Points.swift`).
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a trained operator with the reference solver: errors, time per sample, speed-ups and figures.",
        discussion: """
            Errors are measured against each file's stored outputs (the reference: when the file was solved on a \
            finer grid and subsampled, the most accurate solution there is); the solver's own difference to them \
            is reported too. Times exclude file I/O. The operator runs on every sample (after a warm-up pass), \
            batched and one sample at a time; the solver solves the first --solver-samples samples one at a time \
            and spread over the threads. Each file gives one row, so files of one test set at several \
            resolutions show the scaling.
            """)

    @Argument(help: ArgumentHelp("A run folder (runs/NAME, its checkpoint.h5) or a checkpoint file.", valueName: "run-or-checkpoint"))
    var checkpoint: String
    @Argument(help: ArgumentHelp("Field files to compare on, one table row each (e.g. one test set at 64 and 127).", valueName: "data"))
    var data: [String] = []
    @Option(help: "Use the first K samples of each file (default: all).") var samples: Int?
    @Option(help: "Run the solver on the first N of them (default: all, at most 100; Walk-on-Spheres files: at most 10).") var solverSamples: Int?
    @Option(help: "Samples per batched forward pass (default: the training batch size).") var batchSize: Int?
    @Flag(help: "Use the run's best.h5 (lowest test error) instead of its latest checkpoint.") var best = false
    @Option(help: "The PDE, for files without a stored recipe (PDEBench); overrides the pde attribute of neurop files.") var pde: ReferencePDE?
    @OptionGroup var solverOptions: SolverOptions
    @Option(name: .shortAndLong, help: "Folder for compare.md, compare.csv and the figures (default: the run's compare/).")
    var output: String?

    func validate() throws {
        guard !data.isEmpty else { throw ValidationError("give at least one data file after the run, e.g. neurop compare runs/NAME Data/test.h5.") }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples).") }
        if let solverSamples, solverSamples < 1 { throw ValidationError("--solver-samples must be at least 1, got \(solverSamples).") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize).") }
    }

    /// One data file, loaded and checked before any timing starts.
    private struct Prepared {
        var dataset: FieldDataset
        var solver: SampleSolver
        var referenceGrid: [Int]?
        var inputName: String
        var outputName: String
    }

    func run() throws {
        let path = RunDirectory.checkpoint(named: self.checkpoint, best: best)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no checkpoint at \(path); give a run folder (runs/NAME) or a checkpoint file")
        }
        for file in data where !FileManager.default.fileExists(atPath: file) { throw CLIError("no such file: \(file)") }
        let checkpoint = try Checkpoint(path: path)
        let configuration = checkpoint.configuration
        let pointClouds = try data.map(Compare.isPointCloud)
        if pointClouds.contains(true) {
            guard !pointClouds.contains(false) else {
                throw CLIError("compare either point-cloud files (Walk-on-Spheres estimates) or gridded files in one run, not both")
            }
            let folder = output ?? ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("compare")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try comparePoints(checkpoint: checkpoint, path: path, folder: folder)
        }
        let prepared = try data.map { try prepare($0, checkpoint: checkpoint, path: path) }

        let model = try checkpoint.restoredOperator()
        let folder = output ?? ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("compare")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var rows: [ComparisonRow] = [], figures: [String] = [], notes: [String] = [], shown: [String] = []
        for item in prepared {
            let data = item.dataset
            let solved = min(solverSamples ?? min(data.count, 100), data.count)
            // Made when the solver starts, so that its rate and ETA leave out the operator's timing.
            var progress: Progress?
            let report = { (done: Int) in
                if progress == nil { progress = Progress(total: 2 * solved, label: "compare \((data.file as NSString).lastPathComponent)", unit: "solves") }
                if done > 0 { progress!.update(done) }
            }
            let comparison = try SolverComparison(
                model, trainingGrid: checkpoint.coordinates, on: data, pairing: configuration.data.pairing,
                batchSize: batchSize ?? configuration.training.batchSize, periodic: configuration.data.periodic,
                solverSamples: solved, referenceGrid: item.referenceGrid, progress: report, solve: item.solver.solve)
            rows.append(comparison.row)
            notes.append("\(data.file): \(item.solver.pde.rawValue) solver, " + item.solver.settings.map { "\($0.name) \($0.value)" }.joined(separator: ", "))
            var stem = ((data.file as NSString).lastPathComponent as NSString).deletingPathExtension
            if figures.contains(where: { ($0 as NSString).lastPathComponent.hasPrefix(stem + "-") }) { stem += "-\(rows.count)" }
            for (label, index) in comparison.showcase {
                let figure = (folder as NSString).appendingPathComponent("\(stem)-\(label).png")
                try ComparisonFigure(comparison, sample: index, label: label, pairing: configuration.data.pairing,
                                     inputName: item.inputName, outputName: item.outputName,
                                     model: configuration.model.kind.rawValue.uppercased()).write(to: figure)
                figures.append(figure)
            }
            shown.append("\(data.file): " + comparison.showcase.map { "\($0.label) sample \($0.index)" }.joined(separator: ", ")
                         + " → \((folder as NSString).appendingPathComponent(stem))-{best,median,worst}.png")
        }

        let table = ComparisonTable(rows: rows)
        let threads = ThreadPool.shared.threadCount
        let heading = "\(path) (epoch \(checkpoint.state.epoch), \(configuration.model.kind.rawValue)) against the reference solver, \(threads) thread\(threads == 1 ? "" : "s"):"
        let markdown = ["# neurop compare", "", heading, "", table.markdown, ComparisonTable.legend, ""]
            + notes.map { "- \($0)" } + [""] + figures.map { "![\(($0 as NSString).lastPathComponent)](\(($0 as NSString).lastPathComponent))" }
        let tablePath = (folder as NSString).appendingPathComponent("compare.md")
        let csvPath = (folder as NSString).appendingPathComponent("compare.csv")
        try writeAtomically(markdown.joined(separator: "\n") + "\n", to: tablePath)
        try writeAtomically(table.csv, to: csvPath)
        print(heading)
        print(table.markdown, terminator: "")
        print("reference: the stored outputs of each file; solver: `neurop solve` on each file's grid")
        for line in shown { print(line) }
        print("wrote \(tablePath), \(csvPath) and \(figures.count) figures (best, median, worst sample of each file) to \(folder)")
    }

    /// Loads the samples of `file`, checks them against the model and configures the solver.
    private func prepare(_ file: String, checkpoint: Checkpoint, path: String) throws -> Prepared {
        let reader = try FieldFileReader(path: file)
        let pde = try self.pde ?? solvablePDE(of: reader, file: file)
        let available = try FieldDataset.sampleCount(file)
        let count = samples ?? available
        guard count <= available else { throw CLIError("--samples is \(count) but \(file) holds \(available) samples") }
        let pairing = checkpoint.configuration.data.pairing
        let dataset: FieldDataset
        do {
            dataset = try FieldDataset.load(file, samples: 0..<count, pairing: pairing)
            try Evaluation.check(checkpoint, path: path, takes: dataset)
        } catch let error as ConfigurationError {
            throw CLIError("\(error)")
        }
        // The solver starts from the last input state and records the target times (windows), or
        // solves the stored inputs to the recipe's outputs (direct pairs).
        let start = pairing.solverStart(of: dataset.inputs.gathering(samples: 0..<1), channels: dataset.storedOutputChannels)
        let times = dataset.lastInputTime.flatMap { t0 in dataset.targetTimes?.map { $0 - t0 } }
        let solver = try solverOptions.solver(pde, for: reader, inputShape: [count] + start.shape.dropFirst(), times: times)
        let referenceValues = dataset.targets.count / dataset.count
        guard solver.outputValues == referenceValues else {
            throw CLIError("the \(pde.rawValue) solver computes \(solver.outputValues) values per sample of \(file) but the model's targets hold \(referenceValues); check --pde and --time")
        }
        let spatial = Array(start.shape.dropFirst(2))
        let recipe = SolverOptions.recipe(of: reader)
        let fine = recipe["solver_resolution"] ?? recipe["solver_points"]
        let referenceGrid = fine.map { f in spatial.map { _ in Int(f) } } ?? (recipe["resolution"] != nil ? spatial : nil)
        let inputNames = try reader.channels(of: FieldFileFormat.inputs) ?? []
        let outputNames = try reader.channels(of: FieldFileFormat.outputs) ?? []
        return Prepared(dataset: dataset, solver: solver, referenceGrid: referenceGrid,
                        inputName: inputNames.last ?? "", outputName: outputNames.last ?? solver.outputChannel)
    }

    /// The PDE a file's `pde` attribute names, if a reference solver handles it.
    private func solvablePDE(of reader: FieldFileReader, file: String) throws -> ReferencePDE {
        guard let name = reader.metadata?.pde else {
            throw CLIError("\(file) has no stored recipe (a PDEBench file?), so its PDE is unknown; name it with --pde (\(ReferencePDE.names))")
        }
        guard let pde = ReferencePDE(fileAttribute: name) else {
            throw CLIError("\(file) holds \(name) data, which has no reference solver; compare works on \(ReferencePDE.names) data")
        }
        return pde
    }

    /// Writes `text` to `PATH.partial`, then renames it to `PATH`.
    func writeAtomically(_ text: String, to path: String) throws {
        let partial = path + FieldFileFormat.partialSuffix
        try text.write(toFile: partial, atomically: false, encoding: .utf8)
        guard rename(partial, path) == 0 else { throw CLIError("could not rename \(partial) to \(path): \(String(cString: strerror(errno)))") }
    }
}
