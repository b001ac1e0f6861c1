import Foundation
import NeuropTestSupport
import Testing
import Training

/// `neurop train` with `model.kind: deeponet`: the shipped configuration on data from the shipped
/// recipe, shrunk by overrides so that one epoch runs in a debug build.
@Suite struct DeepONetTrainCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A folder with `antiderivative.h5` from Data/antiderivative.yaml: 60 samples at 20 sensors.
    static func workspace(_ name: String = #function) throws -> URL {
        let dir = temporaryDirectory(name)
        let out = try runNeurop(["generate", root.appendingPathComponent("Data/antiderivative.yaml").path,
                                 "samples=60", "sensors=20", "output=\(dir.appendingPathComponent("antiderivative.h5").path)"])
        #expect(out.status == 0, "\(out.stderr)")
        return dir
    }

    static let shrink = ["data.train=antiderivative.h5", "data.n_train=40", "data.n_test=20", "training.epochs=1",
                         "training.batch_size=10", "model.branch=[8,8]", "model.trunk=[8,8]"]

    /// One epoch of Solvers/deeponet-antiderivative.yaml trains, records the grid the sensors came
    /// from, and the run evaluates with `neurop eval` on the same data.
    @Test func theShippedConfigurationTrainsOneEpoch() throws {
        let dir = try Self.workspace()
        let config = Self.root.appendingPathComponent("Solvers/deeponet-antiderivative.yaml").path
        let out = try runNeurop(["train", config] + Self.shrink + ["output=runs/d"], currentDirectory: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("trained deeponet-antiderivative for 1 epoch") && out.stdout.contains(", test MSE "), "\(out.stdout)")
        let resolved = try TrainingConfiguration.load(path: dir.appendingPathComponent("runs/d/config.yaml").path)
        #expect(resolved.model.kind == .deeponet && resolved.model.spatialRank == 1)
        guard case .deeponet(let c) = resolved.model.architecture else { return }
        #expect(c.grid == [20] && c.inChannels == 1 && c.outChannels == 1 && c.network.branch == [8, 8])
        let eval = try runNeurop(["eval", "runs/d", "antiderivative.h5", "--samples", "20"], currentDirectory: dir)
        #expect(eval.status == 0 && eval.stdout.contains("\nMSE  mean "), "\(eval.stdout)\(eval.stderr)")
    }

    /// Misspelt keys, unequal basis sizes and a grid that is not the data's are refused, each with
    /// a sentence naming the key and the fix.
    @Test(arguments: [
        (["model.brunch=[8,8]"], "unknown key 'model.brunch'"),
        (["model.trunk=[8,6]"], "must end in the same width as model.branch (8): both are the basis size p"),
        (["model.grid=[30]"], "the DeepONet's sensors are the grid [30] (model.grid) but the data of antiderivative.h5 has grid [20]"),
    ])
    func badModelSectionsAreRefused(overrides: [String], message: String) throws {
        let dir = try Self.workspace("bad-\(overrides[0])")
        let config = Self.root.appendingPathComponent("Solvers/deeponet-antiderivative.yaml").path
        let out = try runNeurop(["train", config] + Self.shrink + overrides, currentDirectory: dir)
        #expect(out.status != 0 && out.stderr.contains(message), "\(out.stderr)")
    }

    /// `neurop import deepxde` turns DeepXDE's aligned layout into a field file that the DeepONet
    /// trains on; a file that is not an archive is one sentence and a non-zero exit.
    @Test func importedDeepXDEDataTrains() throws {
        let dir = temporaryDirectory()
        let fixture = CLITests.fixtures.appendingPathComponent("deepxde_aligned.npz").path
        let imported = try runNeurop(["import", "deepxde", fixture, "-o", "aligned.h5"], currentDirectory: dir)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "wrote 6 functions at 5 sensors, outputs at the same 5 points (gridded) to aligned.h5\n")
        let config = Self.root.appendingPathComponent("Solvers/deeponet-antiderivative.yaml").path
        let out = try runNeurop(["train", config, "data.train=aligned.h5", "data.n_train=4", "data.n_test=2", "training.epochs=1",
                                 "training.batch_size=2", "model.branch=[4,4]", "model.trunk=[4,4]", "output=runs/i"],
                                currentDirectory: dir)
        #expect(out.status == 0 && out.stdout.hasPrefix("trained deeponet-antiderivative for 1 epoch"), "\(out.stdout)\(out.stderr)")

        let notArchive = try runNeurop(["import", "deepxde", config], currentDirectory: dir)
        #expect(notArchive.status != 0)
        #expect(notArchive.stderr.contains("\(config) is not a zip archive (no end-of-central-directory record); an .npz file is one"),
                "\(notArchive.stderr)")
        #expect(notArchive.stderr.split(separator: "\n").count == 1)
    }
}
