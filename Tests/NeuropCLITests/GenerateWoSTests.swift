import Fields
import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
import WalkOnSpheres

/// `neurop generate wos`, run as a user would.
@Suite struct GenerateWoSTests {
    static let recipe = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/wos-star.yaml").path

    /// A manufactured problem on random stars: the estimates are within 4 standard errors of the
    /// stored exact solution, and the stored parameters alone rebuild the problem — the domain
    /// (mask and query points), the exact solution and the source channel.
    @Test func storedParametersRebuildTheProblem() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("wos.h5").path
        let out = try runNeurop(["generate", "wos", "--problem", "manufactured", "--samples", "3", "--points", "40",
                                 "--walks", "200", "--resolution", "16", "--bump-widths", "0.4,0.8", "--seed", "3", "-o", file])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("0 walks capped"))
        let reader = try FieldFileReader(path: file)
        let points = try reader.samples("points", 0..<3), values = try reader.samples("values", 0..<3)
        let errors = try reader.samples("std_error", 0..<3), exact = try reader.samples("exact", 0..<3)
        let star = try reader.samples("star_coefficients", 0..<3), boundary = try reader.samples("boundary_coefficients", 0..<3)
        let bumps = try reader.samples("source_bumps", 0..<3), inputs = try reader.samples("inputs", 0..<3)
        #expect(try reader.channels(of: "star_coefficients") == ["c4", "c8"])
        #expect(try reader.channels(of: "inputs") == ["mask", "sdf", "f", "g"])
        let nodes = try reader.coordinate("x")
        var within = 0
        for s in 0..<3 {
            var coefficients = [Double](repeating: 0, count: 8)
            (coefficients[3], coefficients[7]) = (Double(star[s, 0]), Double(star[s, 1]))
            let domain = try StarDomain(coefficients: coefficients)
            let harmonic = try HarmonicPolynomial(real: [0, 1, 3].map { Double(boundary[s, $0]) },
                                                  imaginary: [0] + [2, 4].map { Double(boundary[s, $0]) })
            let sources = try GaussianBumps((0..<2).map {
                GaussianBumps<Vector2>.Bump(amplitude: Double(bumps[s, $0, 0]), centre: Vector2(Double(bumps[s, $0, 1]), Double(bumps[s, $0, 2])),
                                            width: Double(bumps[s, $0, 3]))
            })
            let problem = ManufacturedProblem(harmonic: harmonic, bumps: sources)
            for p in 0..<40 {
                let x = Vector2(Double(points[s, p, 0]), Double(points[s, p, 1]))
                #expect(domain.contains(x))
                #expect(abs(Double(exact[s, p]) - problem.solution(at: x)) < 1e-5 * max(1, abs(problem.solution(at: x))))
                if abs(Double(values[s, p] - exact[s, p])) <= 4 * Double(errors[s, p]) { within += 1 }
            }
            for i in 0..<16 {
                for j in 0..<16 {
                    let x = Vector2(nodes[i], nodes[j])
                    #expect(inputs[s, 0, i, j] == (domain.contains(x) ? 1 : 0))
                    if domain.contains(x) { #expect(abs(Double(inputs[s, 2, i, j]) - problem.source(at: x)) < 1e-4) }
                }
            }
        }
        #expect(within >= 118, "\(within)/120 estimates within 4 standard errors of the exact solution")
    }

    /// Same seed → the same file on 1 and 2 threads, also with grid queries (outside nodes hold 0).
    @Test func generationIsReproducibleAcrossThreadCounts() throws {
        let dir = temporaryDirectory()
        var values: [Tensor] = []
        for threads in ["1", "2"] {
            let file = dir.appendingPathComponent("w\(threads).h5").path
            var env = ProcessInfo.processInfo.environment
            env["NEUROP_THREADS"] = threads
            let out = try runNeurop(["generate", "wos", "--samples", "2", "--query", "grid", "--resolution", "12",
                                     "--walks", "10", "--seed", "8", "-o", file], environment: env)
            #expect(out.status == 0, "\(out.stderr)")
            let reader = try FieldFileReader(path: file)
            #expect(try reader.shape(of: "points") == [2, 144, 2])
            let mask = try reader.samples("inputs", 0..<2)
            let v = try reader.samples("values", 0..<2)
            for s in 0..<2 {
                for k in 0..<144 where mask[s, 0, k / 12, k % 12] == 0 { #expect(v[s, k] == 0) }
            }
            values.append(v)
        }
        #expect(values[0] == values[1])
    }

    @Test(arguments: [
        (["--walks", "0"], "--walks must be at least 2"),
        (["--epsilon", "0"], "--epsilon must be in (0, 0.1)"),
        (["--star-amplitude", "0.6"], "the star would cross itself"),
        (["--query", "grid", "--points", "100"], "--points applies to --query uniform"),
        (["--bump-widths", "1"], "--bump-widths must be MIN,MAX"),
        (["--star-modes", "4,4"], "--star-modes must be distinct"),
        (["--domain", "circle"], "--domain"),
    ])
    func badOptionsAreOneClearSentence(options: [String], mentions: String) throws {
        let dir = temporaryDirectory()
        let out = try runNeurop(["generate", "wos", "--samples", "2"] + options + ["-o", dir.appendingPathComponent("x.h5").path])
        #expect(out.status != 0)
        #expect(out.stderr.contains(mentions), "\(out.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// The stored recipe regenerates the same file; the shipped recipe runs with overrides.
    @Test func recipesRegenerateTheFile() throws {
        let dir = temporaryDirectory()
        let first = dir.appendingPathComponent("first.h5").path
        let made = try runNeurop(["generate", "wos", "--domain", "square", "--problem", "manufactured", "--source", "none",
                                  "--samples", "2", "--points", "20", "--walks", "8", "--resolution", "10", "--seed", "4", "-o", first])
        #expect(made.status == 0, "\(made.stderr)")
        let original = try FieldFileReader(path: first)
        let recipe = dir.appendingPathComponent("stored.yaml")
        try original.metadata!.recipe.write(to: recipe, atomically: true, encoding: .utf8)
        let second = dir.appendingPathComponent("second.h5").path
        let again = try runNeurop(["generate", recipe.path, "output=\(second)"])
        #expect(again.status == 0, "\(again.stderr)")
        let copy = try FieldFileReader(path: second)
        #expect(copy.datasetNames == original.datasetNames && !original.datasetNames.contains("source_bumps"))
        for name in ["inputs", "points", "values", "std_error", "exact", "boundary_coefficients"] {
            #expect(try copy.samples(name, 0..<2) == original.samples(name, 0..<2), "\(name)")
        }

        let shipped = dir.appendingPathComponent("shipped.h5").path
        let run = try runNeurop(["generate", GenerateWoSTests.recipe, "samples=2", "points=16", "walks=4", "resolution=8",
                                 "output=\(shipped)"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FieldFileReader(path: shipped).shape(of: "values") == [2, 16])
    }
}
