/// A grid of heatmaps under an overall title — e.g. one row per test sample, with the columns
/// "input a | reference u | prediction | error" — each panel with its own title and colour bar.
///
/// Rows may differ in length; missing cells stay blank. Each column is as wide as its widest
/// panel and each row as tall as its tallest, so equal grids line up.
public struct PanelFigure {
    public var title: String
    /// The heatmaps, row by row from the top.
    public var rows: [[Heatmap]]
    /// The largest side, in pixels, of each panel's field.
    public var panelSize: Int

    public init(title: String = "", rows: [[Heatmap]], panelSize: Int = 256) {
        self.title = title
        self.rows = rows
        self.panelSize = panelSize
    }

    public func render() throws -> PNGImage {
        guard rows.contains(where: { !$0.isEmpty }) else { throw PlottingError.emptyFigure(what: "panel figure") }
        let panels = try rows.map { row in try row.map { try HeatmapPanel($0, panelSize: panelSize) } }
        let columnCount = rows.map(\.count).max()!
        let columnWidths = (0..<columnCount).map { c in panels.compactMap { $0.indices.contains(c) ? $0[c].width : nil }.max()! }
        let rowHeights = panels.map { row in row.map(\.height).max() ?? 0 }
        let gap = FigureSpacing.panelGap, margin = FigureSpacing.margin
        let gridWidth = columnWidths.reduce(0, +) + gap * (columnCount - 1)
        let gridHeight = rowHeights.reduce(0, +) + gap * (rows.count - 1)
        let titleSize = BitmapFont.fixed8x13.size(of: title, scale: TextStyle.figureTitle.scale)
        let titleHeight = title.isEmpty ? 0 : titleSize.height + 2 * FigureSpacing.titleGap
        var image = try PNGImage(width: max(gridWidth, titleSize.width) + 2 * margin, height: titleHeight + gridHeight + 2 * margin)
        if !title.isEmpty {
            image.drawText(title, x: image.width / 2, y: margin, horizontal: .center, style: .figureTitle)
        }
        var y = margin + titleHeight
        for (r, row) in panels.enumerated() {
            var x = margin + (image.width - 2 * margin - gridWidth) / 2
            for (c, panel) in row.enumerated() {
                panel.draw(into: &image, x: x, y: y)
                x += columnWidths[c] + gap
            }
            y += rowHeights[r] + gap
        }
        return image
    }

    /// Writes `render()` as a PNG at `path` (atomically, see `PNGImage.write(to:)`).
    public func write(to path: String) throws {
        try render().write(to: path)
    }
}
