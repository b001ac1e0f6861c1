/// A heatmap laid out for drawing: title on top, the field below it, the colour bar with its
/// ticks and labels to the right. All positions are relative to the panel's top-left corner.
struct HeatmapPanel {
    let heatmap: Heatmap
    let range: ClosedRange<Double>
    /// Where the field's pixels go (the frame is drawn just outside).
    let field: PixelRect
    let colorBar: PixelRect
    let ticks: [Tick]
    /// Left edge of the title: centred over the field unless that would start left of the panel.
    let titleX: Int
    let width: Int
    let height: Int

    /// Smallest accepted panel size: below it the colour-bar labels would overlap.
    static let minimumPanelSize = 32

    init(_ heatmap: Heatmap, panelSize: Int) throws {
        guard panelSize >= Self.minimumPanelSize else {
            throw PlottingError.invalidSize(what: "heatmap panel", width: panelSize, height: panelSize, minimum: Self.minimumPanelSize)
        }
        self.heatmap = heatmap
        range = try heatmap.displayedRange()
        let (fieldWidth, fieldHeight) = Self.fieldSize(nx: heatmap.nx, ny: heatmap.ny, panelSize: panelSize)
        let font = BitmapFont.fixed8x13
        let titleHeight = heatmap.title.isEmpty ? 0 : font.size(of: heatmap.title, scale: 1).height + FigureSpacing.titleGap
        // Half a label's height above the bar, so a label on the top tick stays clear of the title.
        let top = titleHeight + font.cellHeight / 2
        field = PixelRect(x: 1, y: top, width: fieldWidth, height: fieldHeight)
        colorBar = PixelRect(x: field.maxX + FigureSpacing.colorBarGap, y: top,
                             width: FigureSpacing.colorBarWidth, height: fieldHeight)
        ticks = AxisTicks.linear(from: range.lowerBound, to: range.upperBound, target: max(2, fieldHeight / 40))
        let labelWidth = ticks.compactMap(\.label).map { font.size(of: $0, scale: 1).width }.max() ?? 0
        let contentWidth = colorBar.maxX + 1 + FigureSpacing.tickLength + FigureSpacing.tickLabelGap + labelWidth
        let titleWidth = font.size(of: heatmap.title, scale: TextStyle.title.scale, bold: TextStyle.title.bold).width
        titleX = max(0, field.x + field.width / 2 - titleWidth / 2)
        width = max(contentWidth, titleX + titleWidth)
        height = field.maxY + 1 + font.cellHeight / 2
    }

    /// Pixels of the field: a whole number per grid cell when that fills 75–100 % of the panel,
    /// otherwise the aspect-preserving fit; at least 8 pixels a side, so a thin strip stays visible.
    static func fieldSize(nx: Int, ny: Int, panelSize: Int) -> (Int, Int) {
        let longest = max(nx, ny)
        let perCell = panelSize / longest
        if perCell >= 1, 4 * perCell * longest >= 3 * panelSize {
            return (max(8, perCell * nx), max(8, perCell * ny))
        }
        let scale = Double(panelSize) / Double(longest)
        return (max(8, Int((Double(nx) * scale).rounded())), max(8, Int((Double(ny) * scale).rounded())))
    }

    /// The grid cell (i, j) shown at pixel (px, py) of the field, with py counted from the top:
    /// nearest neighbour on pixel centres, row 0 at the bottom.
    func cell(px: Int, py: Int) -> (i: Int, j: Int) {
        let i = (2 * px + 1) * heatmap.nx / (2 * field.width)
        let j = (2 * (field.height - 1 - py) + 1) * heatmap.ny / (2 * field.height)
        return (i, j)
    }

    /// Draws the panel with its top-left corner at (x, y) of `image`.
    func draw(into image: inout PNGImage, x: Int, y: Int) {
        let font = BitmapFont.fixed8x13
        let field = PixelRect(x: x + self.field.x, y: y + self.field.y, width: self.field.width, height: self.field.height)
        let bar = PixelRect(x: x + colorBar.x, y: y + colorBar.y, width: colorBar.width, height: colorBar.height)
        if !heatmap.title.isEmpty {
            image.drawText(heatmap.title, x: x + titleX, y: y, style: .title)
        }
        // Nearest neighbour: each grid cell's colour is looked up once per pixel column/row pair.
        let columns = (0..<field.width).map { cell(px: $0, py: 0).i }
        for py in 0..<field.height {
            let row = cell(px: 0, py: py).j * heatmap.nx
            for px in 0..<field.width {
                image[field.x + px, field.y + py] = heatmap.colorMap.color(for: heatmap.values[row + columns[px]], in: range)
            }
        }
        // The bar's top row shows the map's last colour and its bottom row the first.
        for py in 0..<bar.height {
            let t = bar.height > 1 ? Double(bar.height - 1 - py) / Double(bar.height - 1) : 0.5
            image.fill(PixelRect(x: bar.x, y: bar.y + py, width: bar.width, height: 1), with: heatmap.colorMap.color(at: t))
        }
        let span = range.upperBound - range.lowerBound
        for rect in [field, bar] {
            image.stroke(PixelRect(x: rect.x - 1, y: rect.y - 1, width: rect.width + 2, height: rect.height + 2), with: .ink)
        }
        for tick in ticks {
            let fraction = (range.upperBound - tick.value) / span
            let ty = bar.y + min(bar.height - 1, Int((fraction * Double(bar.height)).rounded(.down)))
            image.fill(PixelRect(x: bar.maxX + 1, y: ty, width: FigureSpacing.tickLength, height: 1), with: .ink)
            if let label = tick.label {
                // Digits fill rows 2…10 of the 13-row cell, so their middle is row 6.
                image.drawText(label, x: bar.maxX + 1 + FigureSpacing.tickLength + FigureSpacing.tickLabelGap,
                               y: ty - font.cellHeight / 2)
            }
        }
    }
}
