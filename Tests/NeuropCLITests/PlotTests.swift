import Foundation
import NeuropTestSupport
import Plotting
import Testing

/// `neurop plot`: a sample of a field file as a PNG.
@Suite struct PlotTests {
    @Test func drawsTwoDimensionalFieldsTrajectoriesAndCurves() throws {
        let dir = temporaryDirectory()
        let darcy = dir.appendingPathComponent("d.h5").path, burgers = dir.appendingPathComponent("b.h5").path
        #expect(try runNeurop(["generate", "darcy", "--resolution", "17", "--samples", "2", "-o", darcy]).status == 0)
        #expect(try runNeurop(["generate", "burgers", "--resolution", "32", "--solver-points", "64", "--samples", "1",
                               "--time", "0.1", "--dt", "0.01", "-o", burgers]).status == 0)
        for (file, extra) in [(darcy, ["--sample", "1"]), (burgers, [])] {
            let png = dir.appendingPathComponent("\((file as NSString).lastPathComponent).png").path
            let run = try runNeurop(["plot", file, "-o", png] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            let image = try PNGImage(contentsOf: png)
            #expect(image.width >= 300 && image.height >= 300)
        }
        let strip = dir.appendingPathComponent("ns.h5").path
        #expect(try runNeurop(["generate", "navier-stokes", "--resolution", "8", "--samples", "1", "--time", "0.4",
                               "--record-every", "0.1", "--dt", "0.02", "-o", strip]).status == 0)
        let wide = try runNeurop(["plot", strip, "--times", "4", "-o", strip + ".png"])
        #expect(wide.status == 0, "\(wide.stderr)")
        let single = try runNeurop(["plot", strip, "--time", "0", "--datasets", "outputs", "-o", strip + ".one.png"])
        #expect(single.status == 0, "\(single.stderr)")
        // The strip of four states is wider than the single state.
        #expect(try PNGImage(contentsOf: strip + ".png").width > PNGImage(contentsOf: strip + ".one.png").width)
    }

    @Test func badRequestsAreOneLine() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("d.h5").path
        #expect(try runNeurop(["generate", "darcy", "--resolution", "17", "--samples", "2", "-o", file]).status == 0)
        for (arguments, message) in [(["--sample", "5"], "--sample 5 is out of range"), (["--datasets", "nope"], "has no dataset 'nope'"),
                                     (["--channel", "q"], "no channel matches")] {
            let run = try runNeurop(["plot", file, "-o", dir.appendingPathComponent("x.png").path] + arguments)
            #expect(run.status != 0 && run.stderr.contains(message), "\(run.stderr)")
        }
    }
}

@Suite struct PlotPointTests {
    /// Grid-query estimates are drawn on the inputs' grid; scattered points are refused with the reason.
    @Test func gridEstimatesAreDrawnAndScatteredOnesRefused() throws {
        let dir = temporaryDirectory()
        let grid = dir.appendingPathComponent("g.h5").path, scattered = dir.appendingPathComponent("s.h5").path
        #expect(try runNeurop(["generate", "wos", "--problem", "manufactured", "--query", "grid", "--resolution", "16",
                               "--walks", "4", "--samples", "1", "-o", grid]).status == 0)
        let run = try runNeurop(["plot", grid, "--datasets", "values,error", "-o", grid + ".png"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: grid + ".png"))
        #expect(try runNeurop(["generate", "wos", "--points", "10", "--resolution", "16", "--walks", "4", "--samples", "1",
                               "-o", scattered]).status == 0)
        let refused = try runNeurop(["plot", scattered, "--datasets", "values", "-o", scattered + ".png"])
        #expect(refused.status != 0 && refused.stderr.contains("10 scattered points"), "\(refused.stderr)")
    }
}
