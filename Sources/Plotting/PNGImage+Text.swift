/// Where the anchor point of a text lies on the text's bounding box, horizontally.
enum HorizontalAlignment {
    case left, center, right
}

/// Where the anchor point of a text lies on the text's bounding box, vertically.
enum VerticalAlignment {
    case top, middle, bottom
}

/// How a line of text runs across the image.
enum TextOrientation {
    /// Left to right.
    case horizontal
    /// Rotated 90° counter-clockwise, read bottom to top: y-axis labels.
    case rotated
}

/// The look of a piece of text: scale, weight and colour.
struct TextStyle {
    var scale = 1
    /// Drawn twice, one font pixel apart, to thicken the strokes (titles).
    var bold = false
    var color = RGBColor.ink

    static let label = TextStyle()
    static let title = TextStyle(bold: true)
    static let figureTitle = TextStyle(scale: 2)
}

extension PNGImage {
    /// The bounding box `text` would occupy if drawn with `drawText` and the same arguments.
    func textBox(_ text: String, x: Int, y: Int, horizontal: HorizontalAlignment = .left,
                 vertical: VerticalAlignment = .top, orientation: TextOrientation = .horizontal,
                 style: TextStyle = .label) -> PixelRect {
        let (length, thickness) = BitmapFont.fixed8x13.size(of: text, scale: style.scale, bold: style.bold)
        let (boxWidth, boxHeight) = orientation == .horizontal ? (length, thickness) : (thickness, length)
        let left: Int
        switch horizontal {
        case .left: left = x
        case .center: left = x - boxWidth / 2
        case .right: left = x - boxWidth
        }
        let top: Int
        switch vertical {
        case .top: top = y
        case .middle: top = y - boxHeight / 2
        case .bottom: top = y - boxHeight
        }
        return PixelRect(x: left, y: top, width: boxWidth, height: boxHeight)
    }

    /// Draws one line of `text` so that the point (x, y) sits at the given place of its bounding
    /// box, and returns that box. Only pixels inside the box (and inside the image) are painted.
    @discardableResult
    mutating func drawText(_ text: String, x: Int, y: Int, horizontal: HorizontalAlignment = .left,
                           vertical: VerticalAlignment = .top, orientation: TextOrientation = .horizontal,
                           style: TextStyle = .label) -> PixelRect {
        let font = BitmapFont.fixed8x13
        let box = textBox(text, x: x, y: y, horizontal: horizontal, vertical: vertical,
                          orientation: orientation, style: style)
        let scale = style.scale
        let length = orientation == .horizontal ? box.width : box.height
        // (u, v): font pixel along the text and down the glyph, in font pixels.
        func paint(u: Int, v: Int) {
            for dy in 0..<scale {
                for dx in 0..<scale {
                    let along = u * scale + dx, across = v * scale + dy
                    switch orientation {
                    case .horizontal:
                        blend(x: box.x + along, y: box.y + across, color: style.color, coverage: 1)
                    case .rotated:
                        blend(x: box.x + across, y: box.y + length - 1 - along, color: style.color, coverage: 1)
                    }
                }
            }
        }
        for (index, scalar) in font.scalars(of: text).enumerated() {
            let rows = font.glyph(for: scalar)
            for (v, row) in rows.enumerated() where row != 0 {
                for column in 0..<font.cellWidth where row & (0x80 >> column) != 0 {
                    let u = index * font.cellWidth + column
                    paint(u: u, v: v)
                    if style.bold { paint(u: u + 1, v: v) }
                }
            }
        }
        return box
    }
}
