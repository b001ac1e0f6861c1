import Fields
import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
import Training

/// `neurop train` and `neurop eval` run as a user would, on small generated Darcy sets (16², fast
/// in debug builds).
@Suite struct TrainCLITests {
    /// A folder with `train.h5` (100 samples) and `test.h5` (20 samples, another seed) at 16², and
    /// a configuration `tiny.yaml` for a small FNO on them writing to `runs/tiny`.
    static func workspace(_ name: String = #function, epochs: Int = 20) throws -> URL {
        let dir = temporaryDirectory(name)
        for (file, samples, seed) in [("train.h5", "100", "1"), ("test.h5", "20", "2")] {
            let out = try runNeurop(["generate", "darcy", "--resolution", "16", "--samples", samples, "--seed", seed,
                                     "-o", dir.appendingPathComponent(file).path])
            #expect(out.status == 0, "\(out.stderr)")
        }
        try """
            name: tiny
            data: {train: train.h5, test: test.h5, n_train: 100, n_test: 20, recipe: Data/darcy.yaml}
            model: {kind: fno, modes: [8, 8], width: 12, layers: 2, channel_mlp: false}
            training:
              epochs: \(epochs)
              batch_size: 10
              optimizer: {kind: adam, lr: 5.0e-3, weight_decay: 1.0e-4}
              scheduler: {kind: step, step_size: 10, gamma: 0.5}
              seed: 3
            """.write(to: dir.appendingPathComponent("tiny.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func train(_ dir: URL, _ arguments: [String] = []) throws -> ProcessResult {
        try runNeurop(["train", "tiny.yaml"] + arguments, currentDirectory: dir)
    }

    /// metrics.csv as rows of fields, without the seconds column.
    static func metrics(_ dir: URL, run: String = "runs/tiny") throws -> [[String]] {
        try String(contentsOf: dir.appendingPathComponent("\(run)/metrics.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").dropLast().map(String.init) }
    }

    /// Relative L2 error of predicting every test sample by the mean training output: what a
    /// model that has learnt nothing of the input achieves at best.
    static func meanFieldError(_ dir: URL) throws -> Double {
        let train = try FieldFileReader(path: dir.appendingPathComponent("train.h5").path).samples("outputs", 0..<100)
        let test = try FieldFileReader(path: dir.appendingPathComponent("test.h5").path).samples("outputs", 0..<20)
        let mean = train.mean(alongAxis: 0, keepingDimension: true).broadcasted(to: test.shape)
        return FieldMetrics.relativeL2(mean, test).reduce(0, +) / 20
    }

    /// A small FNO trained for 20 epochs ends with a test error below half of what the best
    /// input-blind prediction (the mean field) achieves, and the run folder holds every record.
    @Test func aSmallFNOLearnsDarcy() throws {
        let dir = try Self.workspace()
        let out = try Self.train(dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("trained tiny for 20 epochs: test relative L2 "))
        #expect(out.stderr.contains("epoch 20/20  train "))
        let run = dir.appendingPathComponent("runs/tiny")
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.path).sorted()
                == ["best.h5", "checkpoint.h5", "config.yaml", "loss.png", "metrics.csv"])
        let rows = try Self.metrics(dir)
        #expect(rows.count == 21 && rows[0] == ["epoch", "train_loss", "test_rel_l2", "lr", "test_mse"])
        let first = Double(rows[1][2])!, last = Double(rows[20][2])!
        let baseline = try Self.meanFieldError(dir)
        #expect(last < baseline / 2 && last < first / 2, "test error \(first) → \(last); mean field \(baseline)")
        #expect(rows[11][3] == "0.0025" && rows[10][3] == "0.005")
        let resolved = try TrainingConfiguration.load(path: run.appendingPathComponent("config.yaml").path)
        #expect(resolved.model.inChannels == 1 && resolved.model.outChannels == 1 && resolved.training.epochs == 20)
    }

    /// 2 epochs, then `--resume` to 4, gives the metrics and weights of 4 epochs at once.
    @Test func resumingIsBitIdentical() throws {
        let dir = try Self.workspace(epochs: 4)
        #expect(try Self.train(dir, ["output=runs/straight"]).status == 0)
        let first = try Self.train(dir, ["training.epochs=2"])
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try Self.train(dir, ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming after epoch 2"))
        #expect(try Self.metrics(dir) == Self.metrics(dir, run: "runs/straight"))
        let a = try Checkpoint(path: dir.appendingPathComponent("runs/tiny/checkpoint.h5").path)
        let b = try Checkpoint(path: dir.appendingPathComponent("runs/straight/checkpoint.h5").path)
        #expect(a.parameters == b.parameters && a.optimizerState == b.optimizerState && a.optimizerSteps == 40)
        // Only the number of epochs may change on resume.
        let changed = try Self.train(dir, ["--resume", "training.epochs=6", "model.width=8"])
        #expect(changed.status != 0 && changed.stderr.contains("differs from the one") && changed.stderr.contains("model.width"))
        // A finished run is not restarted by accident.
        let again = try Self.train(dir)
        #expect(again.status != 0 && again.stderr.contains("already holds a run; continue it with --resume"))
    }

    /// Ctrl-C stops after the current batch with the checkpoint saved and prints the command that
    /// continues it (the overrides included, quoted for the shell); resuming from it ends where an
    /// uninterrupted run ends.
    @Test func ctrlCStopsCleanlyAndResumesExactly() throws {
        let dir = try Self.workspace(epochs: 100)
        let process = Process()
        process.executableURL = buildProductsDirectory.appendingPathComponent("neurop")
        process.arguments = ["train", "tiny.yaml", "model.modes=[8, 8]"]
        process.currentDirectoryURL = dir
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let checkpoint = dir.appendingPathComponent("runs/tiny/checkpoint.h5").path
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: checkpoint) && process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted ") && stderr.contains("continue with neurop train tiny.yaml 'model.modes=[8, 8]' --resume"), "\(stderr)")
        let saved = try Checkpoint(path: checkpoint)
        #expect(saved.state.epoch >= 1 && saved.state.epoch < 100)
        let target = saved.state.epoch + 2
        let resumed = try Self.train(dir, ["--resume", "training.epochs=\(target)"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Self.train(dir, ["output=runs/straight", "training.epochs=\(target)"]).status == 0)
        #expect(try Self.metrics(dir) == Self.metrics(dir, run: "runs/straight"))
        let a = try Checkpoint(path: checkpoint), b = try Checkpoint(path: dir.appendingPathComponent("runs/straight/checkpoint.h5").path)
        #expect(a.parameters == b.parameters)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("runs/tiny").path)
            .allSatisfy { !$0.hasSuffix(".partial") })
    }

    /// Each malformed configuration: one line naming the problem, a non-zero status, and no run folder.
    @Test(arguments: [
        (["training.epocs=3"], "unknown key 'training.epocs'; the valid keys in 'training' are: batch_size, boundary_weight, epochs"),
        (["model.width=wide"], "'model.width' must be an integer, but it is 'wide'"),
        (["training.optimizer="], "missing required key 'training.optimizer'"),
        (["data.train=missing.h5"], "'data.train' names missing.h5, which does not exist; generate it with `neurop generate Data/darcy.yaml`"),
        (["model.in_channels=2"], "model.in_channels is 2 but the inputs of train.h5 have 1 channel; set model.in_channels to 1 or remove it"),
        (["model.modes=[8]"], "model.modes [8] has 1 entry but the data of train.h5 has 2 grid axes [16, 16]"),
        (["model.modes=[7, 8]"], "'model.modes' has 7 on an axis before the last"),
        (["data.n_train=500"], "data.n_train is 500 but train.h5 holds 100 samples"),
    ])
    func malformedConfigurationsFailInOneLine(overrides: [String], mentions: String) throws {
        let dir = try Self.workspace()
        let out = try Self.train(dir, overrides)
        #expect(out.status != 0)
        #expect(out.stderr.contains(mentions), "\(out.stderr)")
        #expect(out.stderr.hasPrefix("Error: tiny.yaml: "))
        #expect(out.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs").path))
    }

    /// A learning rate that explodes in epoch 2 stops the run with a message naming the epoch; the
    /// checkpoint of epoch 1 stays.
    @Test func aNonFiniteLossStopsNamingTheEpoch() throws {
        let dir = try Self.workspace()
        let out = try Self.train(dir, ["training.scheduler={kind: step, step_size: 1, gamma: 1.0e30}"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("in epoch 2") && out.stderr.contains("the last good checkpoint (epoch 1) is kept"), "\(out.stderr)")
        #expect(try Checkpoint(path: dir.appendingPathComponent("runs/tiny/checkpoint.h5").path).state.epoch == 1)
    }

    /// `neurop eval` on the test file reproduces the last test error of metrics.csv; on a 31² file it
    /// runs zero-shot and writes the predictions; `neurop inspect` describes the checkpoint.
    @Test func evalMeasuresAtAnyResolution() throws {
        let dir = try Self.workspace(epochs: 5)
        #expect(try Self.train(dir).status == 0)
        let same = try runNeurop(["eval", "runs/tiny", "test.h5"], currentDirectory: dir)
        #expect(same.status == 0, "\(same.stderr)")
        let lines = same.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "runs/tiny/checkpoint.h5 (epoch 5, fno) on test.h5: 20 samples, grid [16, 16]")
        #expect(lines[1].hasPrefix("relative L2  mean "))
        let fields = lines[1].split(separator: " ").map(String.init)
        let mean = Double(fields[fields.firstIndex(of: "mean")! + 1])!
        let last = Double(try Self.metrics(dir).last![2])!
        #expect(abs(mean - last) < 1e-4 * last, "eval \(mean) vs metrics \(last)")
        #expect(lines[2].hasPrefix("relative H1  mean ") && lines[2].contains("(sample "))

        let fine = dir.appendingPathComponent("fine.h5").path
        #expect(try runNeurop(["generate", "darcy", "--resolution", "31", "--samples", "6", "--seed", "4", "-o", fine]).status == 0)
        let zeroShot = try runNeurop(["eval", "runs/tiny/best.h5", "fine.h5", "--output", "pred.h5"], currentDirectory: dir)
        #expect(zeroShot.status == 0, "\(zeroShot.stderr)")
        #expect(zeroShot.stdout.contains("6 samples, grid [31, 31] (trained on [16, 16])"))
        let zeroShotMean = Double(zeroShot.stdout.split(separator: "\n")[1].split(separator: " ").map(String.init)
            .drop { $0 != "mean" }.dropFirst().first!)!
        let baseline = try Self.meanFieldError(dir)
        #expect(zeroShotMean < baseline)
        let predictions = try FieldFileReader(path: dir.appendingPathComponent("pred.h5").path)
        #expect(try predictions.shape(of: "outputs") == [6, 1, 31, 31])
        #expect(try predictions.shape(of: "targets") == [6, 1, 31, 31])

        let inspect = try runNeurop(["inspect", "runs/tiny/checkpoint.h5"], currentDirectory: dir)
        #expect(inspect.status == 0 && inspect.stdout.contains("neurop checkpoint") && inspect.stdout.contains("progress: epoch 5 of 5"))
        let wrong = try runNeurop(["eval", "runs/tiny", "tiny.yaml"], currentDirectory: dir)
        #expect(wrong.status != 0 && wrong.stderr.split(separator: "\n").count == 1)
    }
}
