import Fields
import Foundation
import NeuropCore
import NeuropTestSupport
import Testing

/// How a generation run ends: interrupted, resumed, at several resolutions, in float64.
@Suite struct GenerationRunTests {
    static func environment(_ extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(extra) { $1 }
    }

    static func data(_ path: String, _ name: String) throws -> Tensor {
        let reader = try FieldFileReader(path: path)
        return try reader.samples(name, 0..<reader.sampleCount(dataset: name), convertingFloat64: true)
    }

    /// Navier–Stokes writes blocks of 4 samples, so a kill after 5 leaves 8 on disk.
    static let navierStokes = ["generate", "navier-stokes", "--resolution", "8", "--samples", "10", "--time", "0.2",
                               "--record-every", "0.1", "--dt", "0.02", "--seed", "4"]

    @Test func killedRunLeavesOnlyAPartialFileAndResumeCompletesItBitIdentically() throws {
        let dir = temporaryDirectory()
        let whole = dir.appendingPathComponent("whole.h5").path, cut = dir.appendingPathComponent("cut.h5").path
        #expect(try runNeurop(GenerationRunTests.navierStokes + ["-o", whole]).status == 0)

        let killed = try runNeurop(GenerationRunTests.navierStokes + ["-o", cut],
                                   environment: GenerationRunTests.environment(["NEUROP_KILL_AFTER_SAMPLES": "5"]))
        #expect(killed.status != 0)
        #expect(!FileManager.default.fileExists(atPath: cut), "a killed run must not leave a file that looks complete")
        #expect(FileManager.default.fileExists(atPath: cut + ".partial"))
        // HDF5 locks open files: read the count in a scope that closes the file again.
        do { #expect(try HDF5File(openingAt: cut + ".partial").dataset("inputs").shape[0] == 8) }

        let resumed = try runNeurop(GenerationRunTests.navierStokes + ["-o", cut, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming navier-stokes at sample 8 of 10"))
        #expect(!FileManager.default.fileExists(atPath: cut + ".partial"))
        for name in ["inputs", "outputs"] {
            #expect(try GenerationRunTests.data(cut, name) == GenerationRunTests.data(whole, name))
        }
    }

    @Test func resumeRefusesAnotherRecipeAndAMissingPartialFile() throws {
        let dir = temporaryDirectory()
        let cut = dir.appendingPathComponent("cut.h5").path
        let none = try runNeurop(GenerationRunTests.navierStokes + ["-o", cut, "--resume"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("nothing to resume") && none.stderr.contains("cut.h5.partial does not exist"))

        _ = try runNeurop(GenerationRunTests.navierStokes + ["-o", cut],
                          environment: GenerationRunTests.environment(["NEUROP_KILL_AFTER_SAMPLES": "1"]))
        var other = GenerationRunTests.navierStokes
        other[other.firstIndex(of: "--seed")! + 1] = "5"
        let mismatch = try runNeurop(other + ["-o", cut, "--resume"])
        #expect(mismatch.status != 0)
        #expect(mismatch.stderr.contains("started with seed 4, now 5"), "\(mismatch.stderr)")
        let otherViscosity = try runNeurop(GenerationRunTests.navierStokes + ["--viscosity", "0.01", "-o", cut, "--resume"])
        #expect(otherViscosity.status != 0)
        #expect(otherViscosity.stderr.contains("another recipe (was viscosity: 0.001, now viscosity: 0.01)"), "\(otherViscosity.stderr)")
        #expect(otherViscosity.stderr.split(separator: "\n").count == 1)
    }

    /// The FNO data's way: solve once on the fine grid, store every k-th node.
    @Test func severalResolutionsHoldTheSameSamples() throws {
        let dir = temporaryDirectory()
        let base = dir.appendingPathComponent("darcy.h5").path
        let run = try runNeurop(["generate", "darcy", "--resolution", "17,33", "--samples", "3", "-o", base])
        #expect(run.status == 0, "\(run.stderr)")
        let fine = try GenerationRunTests.data(dir.appendingPathComponent("darcy-33.h5").path, "outputs")
        let coarse = try GenerationRunTests.data(dir.appendingPathComponent("darcy-17.h5").path, "outputs")
        #expect(fine.shape == [3, 1, 33, 33] && coarse.shape == [3, 1, 17, 17])
        var same = true
        for n in 0..<3 { for i in 0..<17 { for j in 0..<17 where coarse[n, 0, i, j] != fine[n, 0, 2 * i, 2 * j] { same = false } } }
        #expect(same)
        #expect(fine.max() > 0.01, "the solution of −∇·(a∇u) = 1 with a ∈ {3, 12} peaks around 0.02–0.06")

        let bad = try runNeurop(["generate", "darcy", "--resolution", "20", "--solver-resolution", "33", "--samples", "1", "-o", base])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("is not a subsampling of the 33-node solver grid"))
    }

    @Test func float64StorageHoldsWhatFloat32Rounds() throws {
        let dir = temporaryDirectory()
        let single = dir.appendingPathComponent("f32.h5").path, double = dir.appendingPathComponent("f64.h5").path
        let command = ["generate", "burgers", "--resolution", "32", "--solver-points", "64", "--samples", "2",
                       "--time", "0.1", "--dt", "0.01"]
        #expect(try runNeurop(command + ["-o", single]).status == 0)
        #expect(try runNeurop(command + ["--dtype", "float64", "-o", double]).status == 0)
        let reader = try FieldFileReader(path: double)
        #expect(try reader.elementType(of: "outputs") == .float64)
        #expect(reader.metadata?.recipe.contains("dtype: float64") == true)
        let wide = try HDF5File(openingAt: double).dataset("outputs").read(Double.self)
        let narrow = try HDF5File(openingAt: single).dataset("outputs").read(Float.self)
        #expect(wide.map(Float.init) == narrow)
        #expect(zip(wide, narrow).contains { $0 != Double($1) }, "float64 storage must keep digits float32 drops")
    }
}
