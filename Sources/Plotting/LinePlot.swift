/// Curves on linear or log10 axes with axis labels, a title and a legend: training curves
/// (loss and test error per epoch on a log10 y axis) and 1D fields (u(x) at several times).
///
/// Axis limits follow the data with a 5 % margin (`PlotAxis`). Curves are 2-pixel anti-aliased lines over light grid lines at the labelled
/// ticks; the legend goes in the corner of the plot where it hides the least of the curves.
public struct LinePlot {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [LineSeries]
    public var xScale: AxisScale
    public var yScale: AxisScale
    /// Size of the whole image in pixels.
    public var width: Int
    public var height: Int

    /// Width of the curves in pixels.
    static let lineWidth = 2.0
    /// Smallest accepted image side: below it the labels leave no room for the curves.
    static let minimumSize = 160

    public init(title: String = "", xLabel: String = "", yLabel: String = "", series: [LineSeries],
                xScale: AxisScale = .linear, yScale: AxisScale = .linear, width: Int = 800, height: Int = 500) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.height = height
    }

    public func render() throws -> PNGImage {
        guard width >= Self.minimumSize, height >= Self.minimumSize else {
            throw PlottingError.invalidSize(what: "line plot", width: width, height: height, minimum: Self.minimumSize)
        }
        guard !series.isEmpty else { throw PlottingError.emptyFigure(what: "line plot") }
        // Only points both axes can show decide the limits.
        let points = series.flatMap { zip($0.x, $0.y) }
        let shown = points.filter { Self.canShow($0.0, xScale) && Self.canShow($0.1, yScale) }
        guard let xAxis = PlotAxis(scale: xScale, values: shown.map(\.0)),
              let yAxis = PlotAxis(scale: yScale, values: shown.map(\.1)) else {
            let xShows = points.contains { Self.canShow($0.0, xScale) }
            throw PlottingError.nothingToPlot(axis: xShows ? "y" : "x", scale: xShows ? yScale : xScale)
        }
        let font = BitmapFont.fixed8x13
        let margin = FigureSpacing.margin, lineHeight = font.cellHeight
        let outside = FigureSpacing.tickLength + FigureSpacing.tickLabelGap

        // Vertical layout first: the y ticks depend on the plot's height, their labels' width
        // on those ticks, and the x ticks on the width that leaves.
        let top = margin + (title.isEmpty ? 0 : lineHeight + FigureSpacing.titleGap) + lineHeight / 2
        let bottom = height - margin - lineHeight - outside - (xLabel.isEmpty ? 0 : lineHeight + FigureSpacing.titleGap)
        let yTicks = yAxis.ticks(length: bottom - top, spacing: 56)
        let yLabelWidth = yTicks.compactMap(\.label).map { font.size(of: $0, scale: 1).width }.max() ?? 0
        let left = margin + (yLabel.isEmpty ? 0 : lineHeight + FigureSpacing.titleGap) + yLabelWidth + outside
        // Room for half of the last x label, centred on the right edge.
        let right = width - margin - 2 * font.cellWidth
        let plot = PixelRect(x: left, y: top, width: right - left, height: bottom - top)
        guard plot.width >= 32, plot.height >= 32 else {
            throw PlottingError.invalidSize(what: "line plot", width: width, height: height, minimum: Self.minimumSize * 2)
        }
        let xTicks = xAxis.ticks(length: plot.width, spacing: 96)

        var image = try PNGImage(width: width, height: height)
        func column(_ x: Double) -> Double { Double(plot.x) + xAxis.fraction(of: x) * Double(plot.width) }
        func row(_ y: Double) -> Double { Double(plot.maxY) - yAxis.fraction(of: y) * Double(plot.height) }
        func pixel(_ position: Double, last: Int) -> Int { min(last, Int(position.rounded(.down))) }

        for tick in xTicks where tick.label != nil {
            image.fill(PixelRect(x: pixel(column(tick.value), last: plot.maxX - 1), y: plot.y, width: 1, height: plot.height), with: .grid)
        }
        for tick in yTicks where tick.label != nil {
            image.fill(PixelRect(x: plot.x, y: pixel(row(tick.value), last: plot.maxY - 1), width: plot.width, height: 1), with: .grid)
        }

        var ink = CoverageMask(area: plot)
        var curves: [(mask: CoverageMask, color: RGBColor)] = []
        for (index, line) in series.enumerated() {
            var mask = CoverageMask(area: plot)
            let points = zip(line.x, line.y).map { x, y in
                Self.canShow(x, xScale) && Self.canShow(y, yScale) ? (column(x), row(y)) : nil
            }
            for k in points.indices {
                guard let (x0, y0) = points[k] else { continue }
                if k + 1 < points.count, let (x1, y1) = points[k + 1] {
                    mask.addSegment(x0: x0, y0: y0, x1: x1, y1: y1, width: Self.lineWidth)
                } else if k == 0 || points[k - 1] == nil {
                    // An isolated point would vanish as a line: draw it as a dot.
                    mask.addSegment(x0: x0, y0: y0, x1: x0, y1: y0, width: 2.5 * Self.lineWidth)
                }
            }
            ink.formMaximum(mask)
            curves.append((mask, line.color ?? RGBColor.seriesPalette[index % RGBColor.seriesPalette.count]))
        }
        for curve in curves { image.paint(curve.mask, color: curve.color) }

        image.stroke(PixelRect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2), with: .ink)
        for tick in xTicks {
            let x = pixel(column(tick.value), last: plot.maxX - 1)
            let length = tick.label == nil ? FigureSpacing.tickLength / 2 : FigureSpacing.tickLength
            image.fill(PixelRect(x: x, y: plot.maxY + 1, width: 1, height: length), with: .ink)
            if let label = tick.label {
                image.drawText(label, x: x + 1, y: plot.maxY + 1 + outside, horizontal: .center)
            }
        }
        for tick in yTicks {
            let y = pixel(row(tick.value), last: plot.maxY - 1)
            let length = tick.label == nil ? FigureSpacing.tickLength / 2 : FigureSpacing.tickLength
            image.fill(PixelRect(x: plot.x - 1 - length, y: y, width: length, height: 1), with: .ink)
            if let label = tick.label {
                // Digits fill rows 2…10 of the 13-row cell, so their middle is row 6.
                image.drawText(label, x: plot.x - 1 - outside, y: y - lineHeight / 2, horizontal: .right)
            }
        }
        if !xLabel.isEmpty {
            image.drawText(xLabel, x: plot.x + plot.width / 2, y: height - margin, horizontal: .center, vertical: .bottom)
        }
        if !yLabel.isEmpty {
            image.drawText(yLabel, x: margin, y: plot.y + plot.height / 2, vertical: .middle, orientation: .rotated)
        }
        if !title.isEmpty {
            image.drawText(title, x: plot.x + plot.width / 2, y: margin, horizontal: .center, style: .title)
        }
        let entries = zip(series, curves).filter { !$0.0.label.isEmpty }.map { (label: $0.0.label, color: $0.1.color) }
        if !entries.isEmpty {
            PlotLegend(entries: entries).draw(into: &image, plot: plot, avoiding: ink)
        }
        return image
    }

    /// Writes `render()` as a PNG at `path` (atomically, see `PNGImage.write(to:)`).
    public func write(to path: String) throws {
        try render().write(to: path)
    }

    /// Whether `value` has a place on an axis of `scale`.
    private static func canShow(_ value: Double, _ scale: AxisScale) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }
}
