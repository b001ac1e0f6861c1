import Fields
import Foundation
import NeuropCore
import Training

/// `neurop compare` on point-cloud files (`neurop generate wos`): the operator against the file's
/// high-walk-count Walk-on-Spheres estimates at the same points, beside the estimator's own cost.
extension Compare {
    /// Whether `file` holds targets at points rather than on the grid.
    static func isPointCloud(_ file: String) throws -> Bool {
        let names = try FieldFileReader(path: file).datasetNames
        return !names.contains(FieldFileFormat.outputs) && names.contains(FieldFileFormat.points) && names.contains(FieldFileFormat.values)
    }

    func comparePoints(checkpoint: Checkpoint, path: String, folder: String) throws {
        let configuration = checkpoint.configuration
        let model = try checkpoint.restoredOperator()
        var lines: [String] = [], csv = ["data,grid,samples,target_points_mean,reference_walks,reference_noise_mean,rel_l2_mean,rel_l2_median,rel_l2_worst,mse_mean,batch_size,operator_batched_ms,operator_single_ms,wos_samples,wos_ms,speedup_batched"]
        var figures: [String] = []
        lines.append("| data | grid | samples | target points | ref. walks | ref. noise | L2 mean | L2 median | L2 worst | operator ms batched | operator ms single | WoS ms | speed-up batched |")
        lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for file in data {
            let reader = try FieldFileReader(path: file)
            let available = try FieldDataset.sampleCount(file)
            let count = samples ?? available
            guard count <= available else { throw CLIError("--samples is \(count) but \(file) holds \(available) samples") }
            let dataset: FieldDataset
            do {
                dataset = try FieldDataset.load(file, samples: 0..<count)
                try Evaluation.check(checkpoint, path: path, takes: dataset)
            } catch let error as ConfigurationError {
                throw CLIError("\(error)")
            }
            let problems = try StoredWoSProblems(reader, file: file)
            let solved = min(solverSamples ?? min(count, 10), count)
            let comparison = try PointComparison(model, on: dataset, batchSize: batchSize ?? configuration.training.batchSize,
                                                 solverSamples: solved, solve: problems.map { p in { try p.estimate(sample: $0) } })
            let targets = dataset.pointTargets!
            let targetPoints = Double(targets.inside.values.reduce(0) { $0 + Double($1) }) / Double(count)
            let l2 = ErrorSummary(comparison.relativeL2)
            let noise = comparison.referenceNoise.reduce(0, +) / Double(count)
            let mse = comparison.meanSquaredError.reduce(0, +) / Double(count)
            let timing = comparison.operatorTiming
            let wos = comparison.solverSeconds
            let speedup = wos.map { $0 / timing.batched }
            func g(_ x: Double, _ digits: Int = 5) -> String { String(format: "%.\(digits)g", x) }
            let grid = dataset.gridShape.map(String.init).joined(separator: "×")
            lines.append("| \(file) | \(grid) | \(count) | \(g(targetPoints, 4)) | \(problems?.walks.description ?? "?") | \(g(noise, 3)) | \(g(l2.mean)) | \(g(l2.median)) | \(g(l2.worst)) | "
                         + "\(g(1000 * timing.batched, 3)) | \(g(1000 * timing.single, 3)) | \(wos.map { g(1000 * $0, 3) } ?? "not run") | \(speedup.map { g($0, 3) } ?? "–") |")
            csv.append([file, grid, "\(count)", "\(targetPoints)", problems.map { "\($0.walks)" } ?? "", "\(noise)", "\(l2.mean)", "\(l2.median)", "\(l2.worst)",
                        "\(mse)", "\(timing.batchSize)", "\(1000 * timing.batched)", "\(1000 * timing.single)", "\(comparison.solverSamples)",
                        wos.map { "\(1000 * $0)" } ?? "", speedup.map { "\($0)" } ?? ""].joined(separator: ","))
            if comparison.pointsAreGridNodes {
                let channels = dataset.inputChannels ?? []
                let shown = channels.firstIndex(of: "f") ?? dataset.inChannels - 1
                let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                for (label, index) in comparison.showcase {
                    let figure = (folder as NSString).appendingPathComponent("\(stem)-\(label).png")
                    try PointComparisonFigure(comparison, sample: index, label: label, inputChannel: shown,
                                              inputName: shown < channels.count ? channels[shown] : "channel \(shown)",
                                              model: configuration.model.kind.rawValue.uppercased()).write(to: figure)
                    figures.append(figure)
                }
            }
        }
        let threads = ThreadPool.shared.threadCount
        let heading = "\(path) (epoch \(checkpoint.state.epoch), \(configuration.model.kind.rawValue)) against Walk-on-Spheres references at their points, \(threads) thread\(threads == 1 ? "" : "s"):"
        let legend = """
            Errors are relative L2 over each sample's target points (inside the domain) against the file's estimates; \
            "ref. noise" is √(Σ std_error²)/√(Σ value²), the error an exact operator would show against this reference. \
            Operator times: decoded predictions at the points per sample, batched and one at a time (after a warm-up). \
            WoS ms: the estimator re-run per sample with the file's walks, ε, step cap and seed (the first samples, \
            each over all threads); speed-up = WoS ms / operator ms batched.
            """
        let table = lines.joined(separator: "\n") + "\n"
        let markdown = ["# neurop compare", "", heading, "", table, legend, ""]
            + figures.map { "![\(($0 as NSString).lastPathComponent)](\(($0 as NSString).lastPathComponent))" }
        try writeAtomically(markdown.joined(separator: "\n") + "\n", to: (folder as NSString).appendingPathComponent("compare.md"))
        try writeAtomically(csv.joined(separator: "\n") + "\n", to: (folder as NSString).appendingPathComponent("compare.csv"))
        print(heading)
        print(table, terminator: "")
        print("reference: each file's Walk-on-Spheres estimates; WoS: the same estimates re-run")
        print("wrote \((folder as NSString).appendingPathComponent("compare.md")), compare.csv and \(figures.count) figures to \(folder)")
    }
}
