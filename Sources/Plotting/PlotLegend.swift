/// The legend of a line plot: a framed box listing each labelled curve as a short stroke of
/// its colour and its label, placed in whichever corner of the plot hides the least ink
/// (ties go to upper right, upper left, lower left, lower right — matplotlib's order).
struct PlotLegend {
    let entries: [(label: String, color: RGBColor)]

    private static let padding = 6
    private static let sampleLength = 24
    private static let inset = 8

    func size() -> (width: Int, height: Int) {
        let font = BitmapFont.fixed8x13
        let textWidth = entries.map { font.size(of: $0.label, scale: 1).width }.max() ?? 0
        let rowHeight = font.cellHeight + 2
        return (2 * Self.padding + Self.sampleLength + 6 + textWidth, 2 * Self.padding + entries.count * rowHeight - 2)
    }

    /// The legend box in each corner of `plot`, in order of preference.
    func candidates(in plot: PixelRect) -> [PixelRect] {
        let (width, height) = size()
        let left = plot.x + Self.inset, right = plot.maxX - Self.inset - width
        let top = plot.y + Self.inset, bottom = plot.maxY - Self.inset - height
        return [(right, top), (left, top), (left, bottom), (right, bottom)].map {
            PixelRect(x: $0.0, y: $0.1, width: width, height: height)
        }
    }

    func draw(into image: inout PNGImage, plot: PixelRect, avoiding ink: CoverageMask) {
        let box = candidates(in: plot).min { ink.total(in: $0) < ink.total(in: $1) }!
        image.fill(box, with: .white)
        image.stroke(box, with: RGBColor(hex: 0xBBBBBB))
        let font = BitmapFont.fixed8x13
        let rowHeight = font.cellHeight + 2
        for (k, entry) in entries.enumerated() {
            let top = box.y + Self.padding + k * rowHeight
            // Capitals fill rows 2…10 of the cell; a stroke centred on the edge between rows 5 and
            // 6 covers exactly those two rows, so it is crisp rather than smeared over three.
            let middle = Double(top + font.cellHeight / 2)
            var stroke = CoverageMask(area: box)
            let x0 = Double(box.x + Self.padding)
            stroke.addSegment(x0: x0, y0: middle, x1: x0 + Double(Self.sampleLength), y1: middle, width: LinePlot.lineWidth)
            image.paint(stroke, color: entry.color)
            image.drawText(entry.label, x: box.x + Self.padding + Self.sampleLength + 6, y: top)
        }
    }
}
