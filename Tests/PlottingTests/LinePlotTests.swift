import Foundation
import Testing
@testable import Plotting

/// Pixels of exactly `color` (where a curve covers the whole pixel).
private func pixels(of color: RGBColor, in image: PNGImage) -> [(x: Int, y: Int)] {
    var found: [(x: Int, y: Int)] = []
    for y in 0..<image.height {
        for x in 0..<image.width where image[x, y] == color { found.append((x, y)) }
    }
    return found
}

private let red = RGBColor(hex: 0xFF0000)
private let blue = RGBColor(hex: 0x0000FF)

@Test func curvesLandWhereTheirValuesAre() throws {
    let x = (0...50).map { Double($0) / 50 }
    let green = RGBColor(hex: 0x00FF00)
    let plot = LinePlot(series: [try LineSeries("low", x: x, y: x.map { _ in 0.0 }, color: red),
                                 try LineSeries("middle", x: x, y: x.map { _ in 0.5 }, color: green),
                                 try LineSeries("high", x: x, y: x.map { _ in 1.0 }, color: blue)],
                        width: 400, height: 300)
    let image = try plot.render()
    // Left of x = 250 px: the legend (upper right) and its sample strokes stay out.
    let rows = [red, green, blue].map { color in pixels(of: color, in: image).filter { $0.x < 250 }.map(\.y) }
    for row in rows {
        #expect(row.count > 150)
        #expect((1...2).contains(Set(row).count))  // a horizontal line two pixels thick
    }
    // y up: "high" above "middle" above "low", evenly spaced.
    let centres = rows.map { Double($0.min()! + $0.max()!) / 2 }
    #expect(centres[2] < centres[1] && centres[1] < centres[0])
    #expect(abs((centres[0] + centres[2]) / 2 - centres[1]) <= 1)
}

@Test func aPowerLawIsStraightOnLogAxes() throws {
    let x = (0...40).map { pow(10, Double($0) / 20) }  // 1 … 100
    let series = try LineSeries("", x: x, y: x.map { $0 * $0 }, color: red)
    let image = try LinePlot(series: [series], xScale: .log10, yScale: .log10, width: 400, height: 400).render()
    // The series has no label, so there is no legend: fit a line through the fully covered pixels.
    let points = pixels(of: red, in: image).map { (Double($0.x), Double($0.y)) }
    #expect(points.count > 300)
    let n = Double(points.count)
    let mx = points.map(\.0).reduce(0, +) / n, my = points.map(\.1).reduce(0, +) / n
    let slope = points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
    let residuals = points.map { abs($0.1 - my - slope * ($0.0 - mx)) }
    #expect(slope < 0)  // rising curve, image rows grow downwards
    #expect(residuals.filter { $0 > 2 }.count < points.count / 50)
}

@Test func isolatedPointsAreDrawnAsDots() throws {
    let series = try LineSeries("", x: [1.0, 2, 3, 4, 5], y: [1.0, .nan, 2, .nan, 3], color: red)
    let image = try LinePlot(series: [series], width: 300, height: 200).render()
    let dots = pixels(of: red, in: image)
    #expect(dots.count >= 3 * 9)
    let columns = Set(dots.map(\.x)).sorted()
    let clusters = 1 + zip(columns, columns.dropFirst()).filter { $1 - $0 > 1 }.count
    #expect(clusters == 3)
}

@Test func theLegendAvoidsTheCornersWithInk() throws {
    let plot = PixelRect(x: 0, y: 0, width: 200, height: 100)
    var ink = CoverageMask(area: plot)
    // A curve through the upper right corner.
    ink.addSegment(x0: 120, y0: 5, x1: 199, y1: 30, width: 2)
    let legend = PlotLegend(entries: [("train", red), ("test", blue)])
    let corners = legend.candidates(in: plot)
    #expect(ink.total(in: corners[0]) > 0 && ink.total(in: corners[1]) == 0)
    var image = try PNGImage(width: 200, height: 100)
    legend.draw(into: &image, plot: plot, avoiding: ink)
    #expect(pixels(of: red, in: image).allSatisfy { $0.x < 100 })  // the upper-left box was chosen
}

@Test func coverageIsFullOnTheLineAndFadesWithinHalfAPixel() {
    var mask = CoverageMask(area: PixelRect(x: 0, y: 0, width: 20, height: 20))
    // Centre line through the middle of row 10; edges at y = 9.5 and 11.5, through rows 9 and 11.
    mask.addSegment(x0: 2, y0: 10.5, x1: 18, y1: 10.5, width: 2)
    #expect(mask[10, 10] == 1)
    #expect(mask[10, 9] == 0.5 && mask[10, 11] == 0.5)
    #expect(mask[10, 8] == 0 && mask[10, 12] == 0)
    #expect(mask[0, 10] == 0)  // beyond the round end
}

@Test func badLinePlotsThrowClearErrors() throws {
    #expect(throws: PlottingError.seriesLengthMismatch(label: "loss", x: 3, y: 2)) {
        _ = try LineSeries("loss", x: [1.0, 2, 3], y: [0.5, 0.25])
    }
    let negative = LineSeries("error", y: [-1.0, 0, .nan])
    #expect(throws: PlottingError.nothingToPlot(axis: "y", scale: .log10)) {
        _ = try LinePlot(series: [negative], yScale: .log10).render()
    }
    #expect(PlottingError.nothingToPlot(axis: "y", scale: .log10).description.contains("use a linear y axis"))
    #expect(throws: PlottingError.emptyFigure(what: "line plot")) { _ = try LinePlot(series: []).render() }
    #expect(throws: PlottingError.invalidSize(what: "line plot", width: 100, height: 500, minimum: 160)) {
        _ = try LinePlot(series: [LineSeries("a", y: [1.0, 2])], width: 100).render()
    }
}

@Test func epochSeriesCountFromOne() {
    let series = LineSeries("loss", y: [Float(0.5), 0.25, 0.125])
    #expect(series.x == [1, 2, 3] && series.y == [0.5, 0.25, 0.125])
}
