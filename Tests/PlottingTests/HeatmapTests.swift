import Foundation
import Testing
@testable import Plotting

@Test func everyFieldPixelHasTheColourOfItsCellWithRowZeroAtTheBottom() throws {
    let (nx, ny) = (4, 3)
    let values = (0..<ny).flatMap { j in (0..<nx).map { i in Double(10 * j + i) } }
    let heatmap = try Heatmap(values, nx: nx, ny: ny, title: "u", range: 0...30)
    let panel = try HeatmapPanel(heatmap, panelSize: 64)
    #expect(panel.field.width == 64 && panel.field.height == 48)  // 16 pixels per cell
    let image = try heatmap.render(panelSize: 64)
    let left = FigureSpacing.margin + panel.field.x, top = FigureSpacing.margin + panel.field.y
    for py in 0..<48 {
        for px in 0..<64 {
            let i = px / 16, j = ny - 1 - py / 16
            #expect(image[left + px, top + py] == ColorMap.viridis.color(for: Double(10 * j + i), in: 0...30))
        }
    }
    // Value v = 20 (cell i = 0, j = 2) is at the top-left, value 3 (i = 3, j = 0) at the bottom-right.
    #expect(image[left, top] == ColorMap.viridis.color(at: 20.0 / 30))
    #expect(image[left + 63, top + 47] == ColorMap.viridis.color(at: 3.0 / 30))
}

@Test func theColourBarRunsFromTheTopColourDownToTheBottomOne() throws {
    let heatmap = try Heatmap([-1.0, 0, 2, 5], nx: 2, ny: 2, colorMap: .redBlue)
    #expect(try heatmap.displayedRange() == -5...5)  // diverging: symmetric about zero
    let panel = try HeatmapPanel(heatmap, panelSize: 100)
    let image = try heatmap.render(panelSize: 100)
    let x = FigureSpacing.margin + panel.colorBar.x + panel.colorBar.width / 2
    let top = FigureSpacing.margin + panel.colorBar.y
    #expect(image[x, top] == ColorMap.redBlue.table[255])
    #expect(image[x, top + panel.colorBar.height - 1] == ColorMap.redBlue.table[0])
    let h = panel.colorBar.height
    for py in 0..<h {
        #expect(image[x, top + py] == ColorMap.redBlue.color(at: Double(h - 1 - py) / Double(h - 1)))
    }
    // Labelled ticks, 1-2-5 spaced, inside the range.
    let values = panel.ticks.map(\.value)
    #expect(values.count >= 3 && values.allSatisfy { (-5...5).contains($0) } && values.contains(0))
    #expect(panel.ticks.allSatisfy { $0.label != nil })
}

@Test func nonFiniteValuesAreGreyAndIgnoredByTheRange() throws {
    let heatmap = try Heatmap([1.0, .nan, 3, .infinity], nx: 2, ny: 2)
    #expect(try heatmap.displayedRange() == 1...3)
    let panel = try HeatmapPanel(heatmap, panelSize: 64)
    let image = try heatmap.render(panelSize: 64)
    // Cell (1, 0) — NaN — is the bottom-right quarter.
    let x = FigureSpacing.margin + panel.field.x + 48, y = FigureSpacing.margin + panel.field.y + 48
    #expect(image[x, y] == RGBColor(hex: 0x808080))
    #expect(try Heatmap([Float.nan, .nan], nx: 2, ny: 1).displayedRange() == 0...1)
}

@Test func rangesFromTheDataAndSharedRanges() throws {
    let constant = try Heatmap([Float](repeating: 2, count: 6), nx: 3, ny: 2)
    let range = try constant.displayedRange()
    #expect(range.lowerBound < 2 && range.upperBound > 2)
    let reference = try Heatmap([0.0, 1, 2, 3], nx: 2, ny: 2)
    let prediction = try Heatmap([-0.5, 1, 2, 3.5], nx: 2, ny: 2)
    #expect(Heatmap.sharedRange([reference, prediction]) == -0.5...3.5)
    #expect(Heatmap.sharedRange([]) == nil)
}

@Test func xFirstFieldsAreTransposedToRowMajor() throws {
    // A field stored [nx, ny] = [3, 2]: value (i, j) at index i·2 + j.
    let stored: [Float] = [0, 1, 10, 11, 20, 21]
    let heatmap = try Heatmap(xFirst: stored, nx: 3, ny: 2)
    for i in 0..<3 {
        for j in 0..<2 { #expect(heatmap[i, j] == Double(10 * i + j)) }
    }
}

@Test func fieldsScaleByWholePixelsPerCellWhenThatFillsMostOfThePanel() {
    #expect(HeatmapPanel.fieldSize(nx: 85, ny: 85, panelSize: 256) == (255, 255))
    #expect(HeatmapPanel.fieldSize(nx: 128, ny: 64, panelSize: 256) == (256, 128))
    #expect(HeatmapPanel.fieldSize(nx: 100, ny: 100, panelSize: 256) == (200, 200))  // 2 per cell: 78 %
    #expect(HeatmapPanel.fieldSize(nx: 150, ny: 150, panelSize: 256) == (256, 256))  // 1 per cell would be 59 %
    #expect(HeatmapPanel.fieldSize(nx: 256, ny: 1, panelSize: 256) == (256, 8))
    #expect(HeatmapPanel.fieldSize(nx: 512, ny: 512, panelSize: 256) == (256, 256))
}

@Test func nearestNeighbourCoversEveryCellOnce() throws {
    // 100 cells over 256 pixels: every cell is shown and the order is kept.
    let heatmap = try Heatmap([Double](repeating: 0, count: 100 * 7), nx: 100, ny: 7)
    let panel = try HeatmapPanel(heatmap, panelSize: 256)
    let columns = (0..<panel.field.width).map { panel.cell(px: $0, py: 0).i }
    #expect(Set(columns) == Set(0..<100))
    #expect(columns == columns.sorted())
    let rows = (0..<panel.field.height).map { panel.cell(px: 0, py: $0).j }
    #expect(rows.first == 6 && rows.last == 0 && Set(rows) == Set(0..<7))
}

@Test func badFieldsThrowClearErrors() throws {
    #expect(throws: PlottingError.emptyField(title: "a", nx: 0, ny: 0)) {
        _ = try Heatmap([Double](), nx: 0, ny: 0, title: "a")
    }
    #expect(throws: PlottingError.fieldShapeMismatch(title: "u", nx: 64, ny: 65, count: 4096)) {
        _ = try Heatmap([Float](repeating: 0, count: 4096), nx: 64, ny: 65, title: "u")
    }
    #expect(PlottingError.fieldShapeMismatch(title: "u", nx: 64, ny: 65, count: 4096).description
            == "heatmap 'u' has 4096 values but ny × nx = 65 × 64 = 4160; pass ny·nx values in row-major order (row 0 at the bottom)")
    let flat = try Heatmap([1.0, 2], nx: 2, ny: 1, title: "e", range: 1...1)
    #expect(throws: PlottingError.invalidRange(title: "e", lower: 1, upper: 1)) { _ = try flat.render() }
    let unbounded = try Heatmap([1.0, 2], nx: 2, ny: 1, range: 0...Double.infinity)
    #expect(throws: PlottingError.invalidRange(title: "", lower: 0, upper: .infinity)) { _ = try unbounded.render() }
    #expect(throws: PlottingError.invalidSize(what: "heatmap panel", width: 8, height: 8, minimum: 32)) {
        _ = try flat.render(panelSize: 8)
    }
}

@Test func panelFigureDrawsEveryPanelInItsCell() throws {
    // Four constant fields whose fixed ranges give four distinct colours.
    let positions = [0.1, 0.4, 0.7, 0.95]
    let maps = try positions.map { t in try Heatmap([Double](repeating: t, count: 16), nx: 4, ny: 4, title: "t = \(t)", range: 0...1) }
    let figure = PanelFigure(title: "Four panels", rows: [[maps[0], maps[1]], [maps[2]], [maps[3], maps[0]]], panelSize: 40)
    let image = try figure.render()
    for (k, t) in positions.enumerated() {
        let color = ColorMap.viridis.color(at: t)
        var pixels: [(x: Int, y: Int)] = []
        for y in 0..<image.height {
            for x in 0..<image.width where image[x, y] == color { pixels.append((x, y)) }
        }
        // Each field is 40 × 40; the colour bar adds a few rows of the same colour.
        let fields = k == 0 ? 2 : 1
        #expect(pixels.count >= fields * 1600 && pixels.count < fields * 1600 + 200, "t = \(t)")
        // Panels of the top row lie above those of the rows below.
        if k == 1 { #expect(pixels.allSatisfy { $0.y < image.height / 2 }) }
        if k == 3 { #expect(pixels.allSatisfy { $0.y > image.height / 2 }) }
    }
    #expect(throws: PlottingError.emptyFigure(what: "panel figure")) { _ = try PanelFigure(rows: [[], []]).render() }
}

@Test func figuresWriteWhatTheyRender() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("neurop-plotting-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let heatmap = try Heatmap((0..<64).map { sin(Double($0)) }, nx: 8, ny: 8, title: "sin k")
    let figure = PanelFigure(title: "Panels", rows: [[heatmap, heatmap]], panelSize: 64)
    let path = directory.appendingPathComponent("panels.png").path
    try figure.write(to: path)
    #expect(try PNGImage(contentsOf: path) == figure.render())
    try heatmap.write(to: path, panelSize: 48)
    #expect(try PNGImage(contentsOf: path) == heatmap.render(panelSize: 48))
}
