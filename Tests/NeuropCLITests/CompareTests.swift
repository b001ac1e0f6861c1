import Foundation
import NeuropTestSupport
import Plotting
import Testing

/// `neurop compare` run as a user would: a tiny FNO trained on 16² Darcy samples against the
/// multigrid solver, and one tiny run per operator kind and PDE.
@Suite struct CompareTests {
    /// A folder with `train.h5` (16 samples at 16²), `test-16.h5` and `test-31.h5` (the same 6
    /// samples, solved at 31² and stored at 16² and 31²) and `runs/tiny`, a small FNO trained on
    /// the first for 2 epochs.
    static func workspace(_ name: String = #function) throws -> URL {
        let dir = temporaryDirectory(name)
        for arguments in [["--resolution", "16", "--samples", "16", "--seed", "1", "-o", "train.h5"],
                          ["--resolution", "16,31", "--samples", "6", "--seed", "2", "-o", "test.h5"]] {
            let out = try runNeurop(["generate", "darcy"] + arguments, currentDirectory: dir)
            #expect(out.status == 0, "\(out.stderr)")
        }
        try """
            name: tiny
            data: {train: train.h5, n_train: 12, n_test: 4}
            model: {kind: fno, modes: [8, 8], width: 8, layers: 2, channel_mlp: false}
            training: {epochs: 2, batch_size: 4, optimizer: {kind: adam, lr: 5.0e-3}, scheduler: {kind: constant}, seed: 3}
            """.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        let train = try runNeurop(["train", "tiny.yaml"], currentDirectory: dir)
        #expect(train.status == 0, "\(train.stderr)")
        return dir
    }

    /// The rows of the Markdown table in `stdout`, each as column header → cell.
    static func table(_ stdout: String) -> [[String: String]] {
        let lines = stdout.split(separator: "\n").filter { $0.hasPrefix("| ") }
        func cells(_ line: Substring) -> [String] {
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard let header = lines.first.map(cells) else { return [] }
        return lines.dropFirst(2).map { Dictionary(uniqueKeysWithValues: zip(header, cells($0))) }
    }

    /// The number after `name  mean` in `neurop eval`'s output (printed with 5 significant digits).
    static func evalMean(_ stdout: String, _ name: String) -> String? {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix(name + "  mean ") }) else { return nil }
        return line.split(separator: " ").map(String.init).drop { $0 != "mean" }.dropFirst().first
    }

    /// Compare on two resolutions of one test set: one row per file, the table files and three
    /// figures per file; the operator's errors are exactly those `neurop eval` reports on the same
    /// file, the worst figure is eval's worst sample, and the solver's own difference to the
    /// stored outputs is the 16² discretisation error on the subsampled file and rounding on the
    /// file solved at its own grid.
    @Test func comparesOnTwoResolutionsAndAgreesWithEval() throws {
        let dir = try Self.workspace()
        let run = try runNeurop(["compare", "runs/tiny", "test-16.h5", "test-31.h5"], currentDirectory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("runs/tiny/checkpoint.h5 (epoch 2, fno) against the reference solver"))
        let rows = Self.table(run.stdout)
        try #require(rows.count == 2, "\(run.stdout)")
        #expect(rows.map { $0["data"] } == ["test-16.h5", "test-31.h5"])
        #expect(rows.map { $0["grid"] } == ["16×16", "31×31"] && rows.map { $0["ref. solved on"] } == ["31×31", "31×31"])
        #expect(rows.map { $0["samples (solver)"] } == ["6 (6)", "6 (6)"])

        for (row, file) in zip(rows, ["test-16.h5", "test-31.h5"]) {
            let eval = try runNeurop(["eval", "runs/tiny", file], currentDirectory: dir)
            #expect(eval.status == 0, "\(eval.stderr)")
            #expect(row["L2 mean"] != nil && row["L2 mean"] == Self.evalMean(eval.stdout, "relative L2"), "\(row) vs \(eval.stdout)")
            #expect(row["H1 mean"] != nil && row["H1 mean"] == Self.evalMean(eval.stdout, "relative H1"), "\(row) vs \(eval.stdout)")
            // The worst figure shows eval's worst sample.
            let worst = eval.stdout.split(separator: "\n")[1].split(separator: "(sample ").last.map { $0.dropLast() }
            #expect(run.stdout.contains("\(file): ") && run.stdout.contains("worst sample \(worst ?? "?") →"), "\(run.stdout)")
            for column in ["operator ms batched", "operator ms single", "solver ms parallel", "solver ms sequential"] {
                let value = Double(row[column]?.split(separator: " ").first ?? "")
                #expect(value.map { $0 > 0 } == true, "\(column): \(row[column] ?? "missing")")
            }
            #expect(row["speed-up batched"]?.hasSuffix("×") == true && row["speed-up single"]?.hasSuffix("×") == true)
        }
        let solverDifference = rows.map { Double($0["solver L2 vs ref."] ?? "") ?? .nan }
        #expect(solverDifference[0] > 1e-3 && solverDifference[0] < 0.1, "16² against the 31² solution: \(solverDifference[0])")
        #expect(solverDifference[1] < 1e-6, "31² against itself: \(solverDifference[1])")

        let folder = dir.appendingPathComponent("runs/tiny/compare")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["compare.csv", "compare.md"] + ["test-16", "test-31"].flatMap { stem in
            ["best", "median", "worst"].map { "\(stem)-\($0).png" } }.sorted())
        for png in files where png.hasSuffix(".png") {
            let image = try PNGImage(contentsOf: folder.appendingPathComponent(png).path)
            #expect(image.width > 800 && image.height > 250, "\(png): \(image.width)×\(image.height)")
        }
        let csv = try String(contentsOf: folder.appendingPathComponent("compare.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3 && csv[0].hasPrefix("data,grid,reference_grid,samples,solver_samples,rel_l2_mean"))
        #expect(csv.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 21 })
        let markdown = try String(contentsOf: folder.appendingPathComponent("compare.md"), encoding: .utf8)
        #expect(markdown.contains("| test-31.h5 ") && markdown.contains("![test-16-worst.png](test-16-worst.png)"))
    }

    /// `--samples`, `--solver-samples` and `-o` select what runs and where it goes.
    @Test func optionsChooseSamplesAndFolder() throws {
        let dir = try Self.workspace()
        let run = try runNeurop(["compare", "runs/tiny/best.h5", "test-31.h5", "--samples", "5", "--solver-samples", "2",
                                 "--batch-size", "2", "-o", "out"], currentDirectory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let row = try #require(Self.table(run.stdout).first)
        #expect(row["samples (solver)"] == "5 (2)" && row["operator ms batched"]?.hasSuffix("(2)") == true, "\(row)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/compare.csv").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/test-31-worst.png").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/tiny/compare").path))
    }

    /// Each bad request: a non-zero status, one line naming the problem, and no output folder.
    @Test func badInputsFailInOneLine() throws {
        let dir = try Self.workspace()
        let pdebench = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../FieldsTests/Fixtures/2D_DarcyFlow_beta1.0_tiny.hdf5").standardized.path
        for (arguments, generate) in [(["antiderivative", "--samples", "2"], "anti.h5"),
                                      (["burgers", "--resolution", "16", "--solver-points", "32", "--samples", "2", "--time", "0.1"], "burgers.h5")] {
            #expect(try runNeurop(["generate"] + arguments + ["-o", generate], currentDirectory: dir).status == 0)
        }
        let cases: [([String], String)] = [
            (["runs/missing", "test-16.h5"], "no checkpoint at runs/missing; give a run folder"),
            (["runs/tiny", "test-16.h5", "missing.h5"], "no such file: missing.h5"),
            (["runs/tiny", "anti.h5"], "anti.h5 holds antiderivative data, which has no reference solver"),
            (["runs/tiny", pdebench], "has no stored recipe (a PDEBench file?), so its PDE is unknown; name it with --pde"),
            (["runs/tiny", "burgers.h5"], "was trained on 2 grid axes but burgers.h5 has 1"),
            (["runs/tiny", "test-16.h5", "--pde", "burgers"], "burgers needs inputs of shape [N, 1, n] with n even"),
            (["runs/tiny", "test-16.h5", "--samples", "7"], "--samples is 7 but test-16.h5 holds 6 samples"),
            (["runs/tiny"], "give at least one data file"),
        ]
        for (arguments, message) in cases {
            let run = try runNeurop(["compare"] + arguments, currentDirectory: dir)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }.count == 1, "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/tiny/compare").path))
        // Named explicitly, the PDEBench file compares.
        let named = try runNeurop(["compare", "runs/tiny", pdebench, "--pde", "darcy", "-o", "pdebench"], currentDirectory: dir)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(Self.table(named.stdout).first?["ref. solved on"] == "?")
    }

    /// Every operator kind and every PDE with a reference solver: compare runs, draws three figures,
    /// and the solver, started where the model starts (the last input state of a trajectory
    /// window), reproduces the stored outputs of a file solved on its own grid.
    @Test(arguments: [
        ("fno-darcy", ["darcy", "--resolution", "16"], "{kind: fno, modes: [8, 8], width: 8, layers: 1}", ""),
        ("mgno-darcy", ["darcy", "--resolution", "17"], "{kind: mgno, dimensions: 2, channels: 8, layers: 1, levels: 3}", ""),
        ("deeponet-darcy", ["darcy", "--resolution", "16"], "{kind: deeponet, branch: [16], trunk: [16]}", ""),
        ("fno-poisson", ["poisson", "--resolution", "17"], "{kind: fno, modes: [8, 8], width: 8, layers: 1}", ""),
        ("fno-burgers", ["burgers", "--resolution", "32", "--solver-points", "32", "--time", "0.2", "--dt", "0.01"],
         "{kind: fno, modes: [8], width: 8, layers: 1}", ", periodic: true"),
        ("mgno-heat", ["heat", "--resolution", "32", "--time", "0.2"],
         "{kind: mgno, dimensions: 1, channels: 8, layers: 1, levels: 3, padding: circular}", ", periodic: true"),
        ("fno3d-navier-stokes", ["navier-stokes", "--resolution", "16", "--time", "0.3", "--record-every", "0.05", "--dt", "0.01"],
         "{kind: fno, modes: [8, 8, 4], width: 8, layers: 1}", ", start_step: 1, input_steps: 2, output_steps: 4, time_layout: axis"),
        ("fno-heat-window", ["heat", "--dimension", "2", "--resolution", "16", "--time", "0.4", "--record-every", "0.1"],
         "{kind: fno, modes: [8, 8], width: 8, layers: 1}", ", input_steps: 2, output_steps: 2, periodic: true"),
    ])
    func everyOperatorKindAndPDE(name: String, generator: [String], model: String, data: String) throws {
        let dir = temporaryDirectory(name)
        let generated = try runNeurop(["generate"] + generator + ["--samples", "10", "-o", "d.h5"], currentDirectory: dir)
        #expect(generated.status == 0, "\(generated.stderr)")
        try """
            name: \(name)
            data: {train: d.h5, n_train: 6, n_test: 4\(data)}
            model: \(model)
            training: {epochs: 1, batch_size: 3, optimizer: {kind: adam, lr: 1.0e-3}, scheduler: {kind: constant}, seed: 1}
            """.write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let train = try runNeurop(["train", "c.yaml"], currentDirectory: dir)
        #expect(train.status == 0, "\(train.stderr)")
        let run = try runNeurop(["compare", "runs/\(name)", "d.h5", "--samples", "4"], currentDirectory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let row = try #require(Self.table(run.stdout).first, "\(run.stdout)")
        let difference = Double(row["solver L2 vs ref."] ?? "") ?? .nan
        #expect(difference < 1e-6, "\(name): the solver differs from the stored outputs by \(difference)")
        let pngs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("runs/\(name)/compare").path)
            .filter { $0.hasSuffix(".png") }
        #expect(pngs.count == 3, "\(pngs)")
    }
}
