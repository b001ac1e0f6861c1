import Fields
import Foundation
import NeuropCore
import NeuropTestSupport
import Testing

/// `neurop solve`: the reference solver re-run on a file's inputs agrees with the outputs stored there.
@Suite struct SolveTests {
    static func reportedMeanDifference(_ stdout: String) -> Double? {
        guard let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("relative L2 difference") }),
              let range = line.range(of: #"mean ([0-9.e+-]+)"#, options: .regularExpression) else { return nil }
        return Double(line[range].dropFirst(5))
    }

    @Test(arguments: [
        ["darcy", "--resolution", "33", "--samples", "4"],
        ["heat", "--dimension", "2", "--resolution", "16", "--samples", "3", "--record-every", "0.5"],
        ["navier-stokes", "--resolution", "16", "--samples", "2", "--time", "0.2", "--record-every", "0.1", "--dt", "0.01"],
    ])
    func solvingAGeneratedFileReproducesItsOutputs(generator: [String]) throws {
        let dir = temporaryDirectory()
        let data = dir.appendingPathComponent("data.h5").path, solved = dir.appendingPathComponent("solved.h5").path
        #expect(try runNeurop(["generate"] + generator + ["-o", data]).status == 0)
        let run = try runNeurop(["solve", generator[0], "--inputs", data, "-o", solved])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("ms per sample"))
        let difference = try #require(SolveTests.reportedMeanDifference(run.stdout), "\(run.stdout)")
        // Both sides store float32, so only rounding separates them.
        #expect(difference < 1e-6, "relative L2 difference \(difference)")
        let original = try FieldFileReader(path: data), copy = try FieldFileReader(path: solved)
        #expect(try copy.shape(of: "outputs") == original.shape(of: "outputs"))
        #expect(try copy.samples("inputs", 0..<2) == original.samples("inputs", 0..<2))
    }

    /// Solved at 33 nodes, the coarse samples of a 65-node solution differ by the discretisation error.
    @Test func subsampledDataDiffersByTheDiscretisationError() throws {
        let dir = temporaryDirectory()
        let data = dir.appendingPathComponent("data.h5").path
        #expect(try runNeurop(["generate", "darcy", "--resolution", "33", "--solver-resolution", "65", "--samples", "3", "-o", data]).status == 0)
        let run = try runNeurop(["solve", "darcy", "--inputs", data, "-o", dir.appendingPathComponent("s.h5").path])
        let difference = try #require(SolveTests.reportedMeanDifference(run.stdout))
        #expect(difference > 1e-4 && difference < 0.1, "relative L2 difference \(difference)")
    }

    @Test func wrongInputsGiveOneClearLine() throws {
        let dir = temporaryDirectory()
        let data = dir.appendingPathComponent("data.h5").path
        #expect(try runNeurop(["generate", "antiderivative", "--samples", "2", "-o", data]).status == 0)
        let wrong = try runNeurop(["solve", "darcy", "--inputs", data, "-o", dir.appendingPathComponent("s.h5").path])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("darcy needs inputs of shape [N, 1, s, s]") && wrong.stderr.contains("has inputs [2, 1, 100]"),
                "\(wrong.stderr)")
        let missing = try runNeurop(["solve", "darcy", "--inputs", dir.appendingPathComponent("none.h5").path, "-o", "x.h5"])
        #expect(missing.status != 0 && missing.stderr.contains("none.h5"))
        let unknown = try runNeurop(["solve", "wave", "--inputs", data, "-o", "x.h5"])
        #expect(unknown.status != 0 && unknown.stderr.contains("wave"))
        for result in [wrong, missing, unknown] {
            #expect(result.stderr.split(separator: "\n").filter { $0.hasPrefix("Error") }.count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("s.h5").path))
    }
}
