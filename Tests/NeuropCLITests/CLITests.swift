import Fields
import Foundation
import NeuropCore
import NeuropTestSupport
import Testing

/// The built `neurop` binary, run as a user would: stdout, stderr and exit status.
@Suite struct CLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FieldsTests/Fixtures")

    @Test func versionAndHelp() throws {
        let version = try runNeurop(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == NeuropVersion.string)
        let help = try runNeurop(["--help"])
        #expect(help.status == 0 && help.stdout.contains("inspect") && help.stdout.contains("generate"))
    }

    @Test func generateThenInspect() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("grf.h5").path
        let gen = try runNeurop(["generate", "grf", "--boundary", "periodic", "--resolution", "16,12",
                                 "--samples", "10", "--seed", "3", "-o", file])
        #expect(gen.status == 0, "\(gen.stderr)")
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(!FileManager.default.fileExists(atPath: file + ".partial"))

        let reader = try FieldFileReader(path: file)
        #expect(reader.metadata?.pde == "grf" && reader.metadata?.seed == 3)
        let x = try reader.samples("inputs", 0..<10)
        #expect(x.shape == [10, 1, 16, 12])

        let out = try runNeurop(["inspect", file])
        #expect(out.status == 0)
        #expect(out.stdout.contains("neurop field file"))
        #expect(out.stdout.contains("/inputs  float32 [10, 1, 16, 12]"))
        #expect(out.stdout.contains("shuffle+deflate"))
        #expect(out.stdout.contains("axes: \"sample,channel,x,y\""))
        #expect(out.stdout.contains("seed = 3"))
        // The reported statistics are those of the data.
        let line = out.stdout.split(separator: "\n").first { $0.contains("min") && $0.contains("mean") }!
        let fields = line.split(separator: " ").map(String.init)
        let reportedMin = Double(fields[fields.firstIndex(of: "min")! + 1])!
        let reportedMax = Double(fields[fields.firstIndex(of: "max")! + 1])!
        #expect(abs(reportedMin - Double(x.min())) < 1e-5 * max(1, abs(reportedMin)))
        #expect(abs(reportedMax - Double(x.max())) < 1e-5 * max(1, abs(reportedMax)))
    }

    @Test func inspectReadsAPDEBenchFile() throws {
        let out = try runNeurop(["inspect", CLITests.fixtures.appendingPathComponent("2D_DarcyFlow_beta1.0_tiny.hdf5").path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("PDEBench file"))
        #expect(out.stdout.contains("/tensor  float32 [3, 1, 8, 8]"))
        #expect(out.stdout.contains("/nu  float32 [3, 8, 8]"))
    }

    @Test func badFilesGiveOneLineAndFail() throws {
        let dir = temporaryDirectory()
        let missing = try runNeurop(["inspect", dir.appendingPathComponent("nope.h5").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such file"))
        #expect(missing.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)

        let text = dir.appendingPathComponent("notes.txt")
        try "just text\n".write(to: text, atomically: true, encoding: .utf8)
        let notHDF5 = try runNeurop(["inspect", text.path])
        #expect(notHDF5.status != 0)
        #expect(notHDF5.stderr.contains("is not an HDF5 file"))
        #expect(notHDF5.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    @Test(arguments: [
        (["--resolution", "-4", "--samples", "3"], "--resolution"),
        (["--resolution", "16", "--samples", "0"], "--samples"),
        (["--resolution", "16", "--samples", "2", "--alpha", "-1"], "--alpha"),
        (["--resolution", "16,16,16,16", "--samples", "2"], "--resolution"),
    ])
    func badGenerateOptionsAreRejected(options: [String], mentions: String) throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("x.h5").path
        let out = try runNeurop(["generate", "grf"] + options + ["-o", file])
        #expect(out.status != 0)
        #expect(out.stderr.contains(mentions), "\(out.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func unwritableOutputIsAClearError() throws {
        let out = try runNeurop(["generate", "grf", "--resolution", "8", "--samples", "2",
                                 "-o", "/nonexistent-dir/x.h5"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("/nonexistent-dir"))
    }

    /// Same seed → the same data whatever the thread count.
    @Test func generationIsReproducibleAcrossThreadCounts() throws {
        let dir = temporaryDirectory()
        var data: [[Float]] = []
        for threads in ["1", "2", "3"] {
            let file = dir.appendingPathComponent("g\(threads).h5").path
            var env = ProcessInfo.processInfo.environment
            env["NEUROP_THREADS"] = threads
            let out = try runNeurop(["generate", "grf", "--boundary", "neumann", "--resolution", "20,20",
                                     "--samples", "70", "--seed", "11", "-o", file], environment: env)
            #expect(out.status == 0, "\(out.stderr)")
            data.append(try FieldFileReader(path: file).samples("inputs", 0..<70).values)
        }
        #expect(data[0] == data[1] && data[0] == data[2])
        #expect(Set(data[0]).count > 1000)
    }
}

@Suite struct GenerateAntiderivativeTests {
    /// The stored u is the antiderivative of the stored v (checked by an independent trapezoid rule
    /// on the sensors, whose O(h²) error bounds the tolerance), and the file is reproducible.
    @Test func outputsIntegrateInputs() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("anti.h5").path
        let out = try runNeurop(["generate", "antiderivative", "--samples", "20", "--sensors", "101", "--seed", "4", "-o", file])
        #expect(out.status == 0, "\(out.stderr)")
        let reader = try FieldFileReader(path: file)
        let v = try reader.samples("inputs", 0..<20), u = try reader.samples("outputs", 0..<20)
        #expect(v.shape == [20, 1, 101] && u.shape == [20, 1, 101])
        #expect(try reader.coordinate("x").last == 1)
        let h = 0.01
        for s in 0..<20 {
            var integral = 0.0, worst = 0.0
            #expect(u[s, 0, 0] == 0)
            for k in 1..<101 {
                integral += h * Double(v[s, 0, k - 1] + v[s, 0, k]) / 2
                worst = max(worst, abs(integral - Double(u[s, 0, k])))
            }
            #expect(worst < 2e-3, "sample \(s): trapezoid differs by \(worst)")
        }
        let again = dir.appendingPathComponent("again.h5").path
        _ = try runNeurop(["generate", "antiderivative", "--samples", "20", "--sensors", "101", "--seed", "4", "-o", again])
        #expect(try FieldFileReader(path: again).samples("outputs", 0..<20) == u)
    }
}

@Suite struct RecipeTests {
    static let recipe = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/antiderivative.yaml").path

    @Test func aShippedRecipeRunsWithOverrides() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("a.h5").path
        let out = try runNeurop(["generate", RecipeTests.recipe, "samples=12", "sensors=30", "output=\(file)"])
        #expect(out.status == 0, "\(out.stderr)")
        let reader = try FieldFileReader(path: file)
        #expect(try reader.shape(of: "inputs") == [12, 1, 30])
        #expect(reader.metadata?.recipe.contains("length_scale: 0.2") == true)
    }

    @Test(arguments: [
        (["bogus_key=3"], "unknown key 'bogus_key'"),
        (["samples=-1"], "--samples must be positive"),
        (["samples"], "must be key=value"),
        (["pde=darcyy"], "unknown pde 'darcyy'"),
    ])
    func badRecipesAreOneClearSentence(overrides: [String], mentions: String) throws {
        let dir = temporaryDirectory()
        let out = try runNeurop(["generate", RecipeTests.recipe, "output=\(dir.appendingPathComponent("a.h5").path)"] + overrides)
        #expect(out.status != 0)
        #expect(out.stderr.contains(mentions), "\(out.stderr)")
        #expect(out.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}

@Suite struct GenerateDarcyTests {
    /// The stored u satisfies the 5-point equation −∇·(a∇u) = 1 with the stored a (checked here
    /// independently of the solver), vanishes on the boundary, and is bit-identical for 1 and 2 threads.
    @Test func storedSolutionsSolveTheStoredProblem() throws {
        let dir = temporaryDirectory()
        var outputs: [Tensor] = []
        for threads in ["1", "2"] {
            let file = dir.appendingPathComponent("d\(threads).h5").path
            var env = ProcessInfo.processInfo.environment
            env["NEUROP_THREADS"] = threads
            let out = try runNeurop(["generate", "darcy", "--resolution", "33", "--samples", "6", "--seed", "2", "-o", file],
                                    environment: env)
            #expect(out.status == 0, "\(out.stderr)")
            outputs.append(try FieldFileReader(path: file).samples("outputs", 0..<6))
        }
        #expect(outputs[0] == outputs[1])
        let reader = try FieldFileReader(path: dir.appendingPathComponent("d1.h5").path)
        let a = try reader.samples("inputs", 0..<6), u = outputs[0]
        let s = 33, h = 1.0 / 32
        #expect(Set(a.values) == [3, 12])
        for n in 0..<6 {
            func A(_ i: Int, _ j: Int) -> Double { Double(a[n, 0, i, j]) }
            func U(_ i: Int, _ j: Int) -> Double { Double(u[n, 0, i, j]) }
            for k in 0..<s {
                #expect(U(0, k) == 0 && U(s - 1, k) == 0 && U(k, 0) == 0 && U(k, s - 1) == 0)
            }
            var worst = 0.0
            for i in 1..<(s - 1) {
                for j in 1..<(s - 1) {
                    let e = (A(i, j) + A(i, j + 1)) / 2, w = (A(i, j) + A(i, j - 1)) / 2
                    let nn = (A(i, j) + A(i + 1, j)) / 2, ss = (A(i, j) + A(i - 1, j)) / 2
                    let lhs = ((e + w + nn + ss) * U(i, j) - e * U(i, j + 1) - w * U(i, j - 1)
                               - nn * U(i + 1, j) - ss * U(i - 1, j)) / (h * h)
                    worst = max(worst, abs(lhs - 1))
                }
            }
            #expect(worst < 1e-2, "sample \(n): 5-point residual \(worst)")
        }
    }

    @Test func badResolutionIsRejected() throws {
        let dir = temporaryDirectory()
        let out = try runNeurop(["generate", "darcy", "--resolution", "-5", "--samples", "2", "-o", dir.appendingPathComponent("x.h5").path])
        #expect(out.status != 0 && out.stderr.contains("every resolution must be at least 16 nodes per axis, got -5"), "\(out.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func unknownGeneratorIsNamed() throws {
        let out = try runNeurop(["generate", "wave", "--samples", "2", "-o", "x.h5"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("unknown generator 'wave'; choose one of darcy, poisson"), "\(out.stderr)")
    }
}

@Suite struct GenerateBurgersTests {
    /// Viscous Burgers conserves the mean and dissipates energy (stored on the solver's own grid, where
    /// the discrete mean is the k = 0 mode); the file is the same for 1 and 2 threads.
    @Test func conservesMeanAndDissipatesEnergy() throws {
        let dir = temporaryDirectory()
        var files: [FieldFileReader] = []
        for threads in ["1", "2"] {
            let file = dir.appendingPathComponent("b\(threads).h5").path
            var env = ProcessInfo.processInfo.environment
            env["NEUROP_THREADS"] = threads
            let out = try runNeurop(["generate", "burgers", "--resolution", "128", "--solver-points", "128", "--samples", "4",
                                     "--time", "0.5", "--dt", "0.01", "--seed", "5", "-o", file], environment: env)
            #expect(out.status == 0, "\(out.stderr)")
            files.append(try FieldFileReader(path: file))
        }
        let u0 = try files[0].samples("inputs", 0..<4), u = try files[0].samples("outputs", 0..<4)
        #expect(try files[1].samples("outputs", 0..<4) == u)
        for n in 0..<4 {
            let a = (0..<128).map { Double(u0[n, 0, $0]) }, b = (0..<128).map { Double(u[n, 0, $0]) }
            let scale: Double = a.map { abs($0) }.max()!
            let meanBefore: Double = a.reduce(0, +) / 128, meanAfter: Double = b.reduce(0, +) / 128
            let energyBefore: Double = a.map { $0 * $0 }.reduce(0, +), energyAfter: Double = b.map { $0 * $0 }.reduce(0, +)
            #expect(abs(meanAfter - meanBefore) < 1e-6 * scale)
            #expect(energyAfter < energyBefore)
        }
    }

    @Test func resolutionMustDivideTheSolverGrid() throws {
        let dir = temporaryDirectory()
        let out = try runNeurop(["generate", "burgers", "--resolution", "100", "--samples", "2", "-o", dir.appendingPathComponent("x.h5").path])
        #expect(out.status != 0 && out.stderr.contains("must divide --solver-points"))
    }
}

@Suite struct GenerateNavierStokesTests {
    /// Trajectories keep the mean vorticity (zero for the GRF initial data and the forcing), have the
    /// `t` coordinate of the recorded times, and are the same for 1 and 2 threads.
    @Test func trajectoriesConserveMeanVorticity() throws {
        let dir = temporaryDirectory()
        var outputs: [Tensor] = []
        for threads in ["1", "2"] {
            let file = dir.appendingPathComponent("ns\(threads).h5").path
            var env = ProcessInfo.processInfo.environment
            env["NEUROP_THREADS"] = threads
            let out = try runNeurop(["generate", "navier-stokes", "--resolution", "16", "--samples", "3", "--time", "1",
                                     "--record-every", "0.5", "--dt", "0.01", "--seed", "9", "-o", file], environment: env)
            #expect(out.status == 0, "\(out.stderr)")
            let reader = try FieldFileReader(path: file)
            #expect(try reader.coordinate("t") == [0.5, 1])
            outputs.append(try reader.samples("outputs", 0..<3))
        }
        let w = outputs[0]
        #expect(w.shape == [3, 2, 1, 16, 16])
        #expect(outputs[1] == w)
        for n in 0..<3 {
            for k in 0..<2 {
                let plane = (0..<256).map { Double(w[n, k, 0, $0 / 16, $0 % 16]) }
                let scale: Double = plane.map { abs($0) }.max()!
                let mean: Double = plane.reduce(0, +) / 256
                #expect(scale > 0 && abs(mean) < 1e-5 * scale)
            }
        }
    }
}

@Suite struct StoredRecipeTests {
    /// The recipe a file stores is a runnable recipe: generating from it gives the same samples.
    @Test(arguments: [
        ["grf", "--boundary", "periodic", "--resolution", "12,10", "--samples", "5", "--tau", "4", "--keep-mean"],
        ["darcy", "--resolution", "20", "--samples", "3", "--high", "10"],
        ["darcy", "--resolution", "17", "--solver-resolution", "33", "--coefficient", "lognormal", "--samples", "2", "--dtype", "float64"],
        ["poisson", "--resolution", "17", "--samples", "2", "--tau", "4"],
        ["heat", "--dimension", "2", "--resolution", "8", "--samples", "3", "--time", "0.5", "--record-every", "0.25"],
        ["heat", "--resolution", "16", "--samples", "2"],
        ["antiderivative", "--sensors", "40", "--samples", "4", "--length-scale", "0.3"],
        ["burgers", "--resolution", "32", "--solver-points", "64", "--samples", "2", "--time", "0.1", "--dt", "0.01"],
        ["navier-stokes", "--resolution", "8", "--samples", "2", "--time", "0.2", "--record-every", "0.1", "--dt", "0.02"],
    ])
    func storedRecipeRegeneratesTheFile(command: [String]) throws {
        let dir = temporaryDirectory()
        let first = dir.appendingPathComponent("first.h5").path
        let made = try runNeurop(["generate"] + command + ["--seed", "6", "-o", first])
        #expect(made.status == 0, "\(made.stderr)")
        let original = try FieldFileReader(path: first)
        let recipe = dir.appendingPathComponent("stored.yaml")
        try original.metadata!.recipe.write(to: recipe, atomically: true, encoding: .utf8)
        let second = dir.appendingPathComponent("second.h5").path
        let again = try runNeurop(["generate", recipe.path, "output=\(second)"])
        #expect(again.status == 0, "\(again.stderr)")
        let copy = try FieldFileReader(path: second)
        #expect(copy.metadata?.recipe == original.metadata?.recipe)
        for name in original.datasetNames where ["inputs", "outputs"].contains(name) {
            let n = try original.sampleCount(dataset: name)
            #expect(try copy.samples(name, 0..<n, convertingFloat64: true) == original.samples(name, 0..<n, convertingFloat64: true))
        }
    }
}
