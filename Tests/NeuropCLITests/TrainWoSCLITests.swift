import Fields
import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
import Training

/// `neurop train`, `eval` and `compare` on Walk-on-Spheres point clouds, run as a user would, on
/// tiny WoS-NO sets (12² grid, fast in debug builds).
@Suite struct TrainWoSCLITests {
    /// `train.h5` (24 samples × 48 uniform points × 16 walks) and `test.h5` (6 samples at the 12²
    /// grid nodes × 64 walks, another seed), and `wos.yaml`: a small FNO on them.
    static func workspace(_ name: String = #function) throws -> URL {
        let dir = temporaryDirectory(name)
        for (file, options) in [("train.h5", ["--samples", "24", "--points", "48", "--walks", "16", "--seed", "1"]),
                                ("test.h5", ["--samples", "6", "--query", "grid", "--walks", "64", "--seed", "2"])] {
            let out = try runNeurop(["generate", "wos", "--resolution", "12"] + options + ["-o", dir.appendingPathComponent(file).path])
            #expect(out.status == 0, "\(out.stderr)")
        }
        try """
            name: wos
            data: {train: train.h5, test: test.h5, n_train: 24, n_test: 6, normalize: inputs}
            model: {kind: fno, modes: [4, 4], width: 8, layers: 2}
            training:
              epochs: 3
              batch_size: 6
              point_weights: inverse_variance
              optimizer: {kind: adam, lr: 5.0e-3}
              seed: 3
            """.write(to: dir.appendingPathComponent("wos.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// Point targets train, the test error is measured at the reference's nodes inside the domain,
    /// eval agrees with the last epoch's test error, and an interrupted run resumes bit for bit.
    @Test func trainsEvaluatesAndResumesOnPointTargets() throws {
        let dir = try Self.workspace()
        let out = try runNeurop(["train", "wos.yaml"], currentDirectory: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("trained wos for 3 epochs: test relative L2 "))
        let rows = try String(contentsOf: dir.appendingPathComponent("runs/wos/metrics.csv"), encoding: .utf8).split(separator: "\n")
        let last = rows.last!.split(separator: ",").map(String.init)
        let testError = Double(last[2])!
        #expect(testError.isFinite && testError > 0)

        let eval = try runNeurop(["eval", "runs/wos", "test.h5"], currentDirectory: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
        let mean = eval.stdout.split(separator: "\n").first { $0.hasPrefix("relative L2") }?.split(separator: " ").dropFirst(3).first
        #expect(mean.flatMap { Double($0) }.map { abs($0 - testError) <= 1e-4 * testError } == true, "\(eval.stdout) vs \(testError)")

        // Two epochs, then one more with --resume: the same metrics as three in one go.
        let resumed = try runNeurop(["train", "wos.yaml", "training.epochs=2", "output=runs/again"], currentDirectory: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let more = try runNeurop(["train", "wos.yaml", "output=runs/again", "--resume"], currentDirectory: dir)
        #expect(more.status == 0, "\(more.stderr)")
        func withoutSeconds(_ run: String) throws -> [[Substring]] {
            try String(contentsOf: dir.appendingPathComponent("runs/\(run)/metrics.csv"), encoding: .utf8)
                .split(separator: "\n").map { Array($0.split(separator: ",").dropLast()) }
        }
        #expect(try withoutSeconds("again") == withoutSeconds("wos"))
    }

    /// compare reads the same errors, re-runs the estimator and draws the nodes of grid references.
    @Test func compareAgainstTheWalkOnSpheresReference() throws {
        let dir = try Self.workspace()
        #expect(try runNeurop(["train", "wos.yaml", "training.epochs=1"], currentDirectory: dir).status == 0)
        let out = try runNeurop(["compare", "runs/wos", "test.h5", "--solver-samples", "2"], currentDirectory: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("| test.h5 | 12×12 | 6 |") && out.stdout.contains("| 64 |"), "\(out.stdout)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("runs/wos/compare").path)
        #expect(Set(files) == ["compare.md", "compare.csv", "test-best.png", "test-median.png", "test-worst.png"], "\(files)")
        let csv = try String(contentsOf: dir.appendingPathComponent("runs/wos/compare/compare.csv"), encoding: .utf8)
        let fields = csv.split(separator: "\n")[1].split(separator: ",")
        #expect(Int(fields[13]) == 2 && Double(fields[14])! > 0, "\(csv)")
    }

    /// The physics-informed loss trains on the same files; losses that do not fit the data are one
    /// sentence naming the key.
    @Test func physicsInformedRunsAndMismatchesAreNamed() throws {
        let dir = try Self.workspace()
        let physics = try runNeurop(["train", "wos.yaml", "training.loss=poisson_residual", "training.point_weights=uniform",
                                     "training.boundary_weight=10", "output=runs/physics"], currentDirectory: dir)
        #expect(physics.status == 0, "\(physics.stderr)")
        for (overrides, mentions) in [(["training.loss=h1"], "'training.loss' is h1, which needs targets on the grid"),
                                      (["training.loss=poisson_residual", "training.point_weights=uniform", "data.normalize=gaussian"],
                                       "'data.normalize' gaussian fits an output normaliser"),
                                      (["training.boundary_weight=5"], "'training.boundary_weight' applies to the poisson_residual loss only")] {
            let out = try runNeurop(["train", "wos.yaml", "output=runs/bad"] + overrides, currentDirectory: dir)
            #expect(out.status != 0 && out.stderr.contains(mentions), "\(out.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("runs/bad").path))
        }
    }

    /// DeepONet trains on point targets through its trunk at the points, and is tested at the nodes.
    @Test func deepONetTrainsOnPointTargets() throws {
        let dir = try Self.workspace()
        try """
            name: deeponet-wos
            data: {train: train.h5, test: test.h5, n_train: 24, n_test: 6, normalize: gaussian}
            model: {kind: deeponet, branch: [16, 8], trunk: [16, 8]}
            training: {epochs: 2, batch_size: 6, loss: mse, optimizer: {kind: adam, lr: 1.0e-3}}
            """.write(to: dir.appendingPathComponent("deeponet.yaml"), atomically: true, encoding: .utf8)
        let out = try runNeurop(["train", "deeponet.yaml"], currentDirectory: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("trained deeponet-wos for 2 epochs") && out.stdout.contains("test MSE"), "\(out.stdout)")
    }

    /// With data.fresh_walks the targets gain walks every epoch: the run differs from one on the
    /// file's targets from the second epoch on, and an interrupted run replays the rounds on
    /// --resume, matching the uninterrupted one bit for bit.
    @Test func freshWalksAverageIntoTheTargets() throws {
        let dir = try Self.workspace()
        func train(_ arguments: [String]) throws {
            let out = try runNeurop(["train", "wos.yaml"] + arguments, currentDirectory: dir)
            #expect(out.status == 0, "\(out.stderr)")
        }
        func metrics(_ run: String) throws -> [[Substring]] {
            try String(contentsOf: dir.appendingPathComponent("runs/\(run)/metrics.csv"), encoding: .utf8)
                .split(separator: "\n").map { Array($0.split(separator: ",").dropLast()) }
        }
        try train(["data.fresh_walks=8", "output=runs/fresh"])
        try train(["output=runs/fixed"])
        let (fresh, fixed) = (try metrics("fresh"), try metrics("fixed"))
        #expect(fresh[1] == fixed[1] && fresh[2] != fixed[2], "\(fresh) vs \(fixed)")
        try train(["data.fresh_walks=8", "training.epochs=2", "output=runs/again"])
        try train(["data.fresh_walks=8", "output=runs/again", "--resume"])
        #expect(try metrics("again") == fresh)
        let bad = try runNeurop(["train", "wos.yaml", "data.fresh_walks=1", "output=runs/bad"], currentDirectory: dir)
        #expect(bad.status != 0 && bad.stderr.contains("'data.fresh_walks' must be at least 2"), "\(bad.stderr)")
    }
}
