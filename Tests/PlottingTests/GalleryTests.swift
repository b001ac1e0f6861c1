import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
@testable import Plotting

// The three kinds of figure at realistic sizes, from seeded synthetic data. They are written to
// $NEUROP_PLOT_GALLERY when set (to look at them), otherwise to a temporary folder.

/// A 2×4 panel figure: per sample a two-phase input, a smooth reference, a prediction with a
/// small smooth error (same colour scale as the reference), and the signed error.
func galleryPanelFigure() throws -> PanelFigure {
    let n = 64
    let rows = try (0..<2).map { sample -> [Heatmap] in
        var rng = RandomStream(seed: 7, stream: UInt64(sample))
        func field(_ alpha: Double, _ sigma: Double) -> [Double] {
            GaussianRandomField(shape: [n, n], alpha: alpha, tau: 3, sigma: sigma, boundary: .neumann).sample(using: &rng)
        }
        let a = field(2, 3).map { $0 >= 0 ? 12.0 : 3.0 }
        let u = field(3, 0.05)
        let prediction = zip(u, field(2.5, 0.002)).map(+)
        var reference = try Heatmap(xFirst: u, nx: n, ny: n, title: "reference u")
        var predicted = try Heatmap(xFirst: prediction, nx: n, ny: n, title: "prediction")
        let shared = Heatmap.sharedRange([reference, predicted])
        reference.range = shared
        predicted.range = shared
        return [try Heatmap(xFirst: a, nx: n, ny: n, title: "sample \(sample): input a"), reference, predicted,
                try Heatmap(xFirst: zip(prediction, u).map(-), nx: n, ny: n, title: "error (pred − ref)", colorMap: .redBlue)]
    }
    return PanelFigure(title: "FNO on Darcy flow, 64×64 test samples", rows: rows)
}

/// Training curves over 500 epochs on a log10 y axis.
func galleryLossCurves() -> LinePlot {
    var rng = RandomStream(seed: 3, stream: 0)
    let train = (0..<500).map { e in 0.8 * exp(-Double(e) / 90) + 0.004 + 0.002 * abs(rng.normal()) }
    let test = (0..<500).map { e in 0.9 * exp(-Double(e) / 120) + 0.012 + 0.001 * abs(rng.normal()) }
    return LinePlot(title: "fno-darcy: training", xLabel: "epoch", yLabel: "relative L2 error",
                    series: [LineSeries("train loss", y: train), LineSeries("test relative L2", y: test)],
                    yScale: .log10)
}

/// u(x, t) of a decaying, travelling wave at four times, coloured along viridis.
func galleryProfiles() throws -> LinePlot {
    let x = (0..<256).map { Double($0) / 256 }
    let times = [0.0, 0.25, 0.5, 1.0]
    let colors = ColorMap.viridis.colors(count: times.count)
    let series = try times.enumerated().map { k, t in
        try LineSeries("t = \(t)", x: x, y: x.map { exp(-t) * sin(2 * Double.pi * ($0 - 0.1 * t)) }, color: colors[k])
    }
    return LinePlot(title: "Burgers, ν = 0.01: u(x, t)", xLabel: "x", yLabel: "u(x, t)", series: series)
}

@Test func galleryFiguresRenderAndWriteWhatTheyRender() throws {
    let gallery = ProcessInfo.processInfo.environment["NEUROP_PLOT_GALLERY"]
    let directory = gallery.map { URL(fileURLWithPath: $0) } ?? temporaryDirectory()
    defer { if gallery == nil { try? FileManager.default.removeItem(at: directory) } }
    let figures: [(String, PNGImage)] = [
        ("panels.png", try galleryPanelFigure().render()),
        ("loss.png", try galleryLossCurves().render()),
        ("profiles.png", try galleryProfiles().render()),
    ]
    for (name, image) in figures {
        let path = directory.appendingPathComponent(name).path
        try image.write(to: path)
        #expect(try PNGImage(contentsOf: path) == image, "\(name)")
    }
    // Four panels of 256-pixel fields side by side, two rows.
    #expect(figures[0].1.width > 4 * 256 && figures[0].1.height > 2 * 256)
    #expect(figures[1].1.width == 800 && figures[1].1.height == 500)
}
