import Testing
@testable import Plotting

/// The pixels of `image` that differ from white, as (x, y) pairs.
func paintedPixels(_ image: PNGImage) -> [(x: Int, y: Int)] {
    var painted: [(x: Int, y: Int)] = []
    for y in 0..<image.height {
        for x in 0..<image.width where image[x, y] != .white { painted.append((x, y)) }
    }
    return painted
}

@Test(arguments: [
    (HorizontalAlignment.left, VerticalAlignment.top, TextOrientation.horizontal, 1, false),
    (.center, .middle, .horizontal, 2, true),
    (.right, .bottom, .horizontal, 1, true),
    (.left, .top, .rotated, 1, false),
    (.center, .middle, .rotated, 3, true),
    (.right, .bottom, .rotated, 2, false),
])
func textPaintsOnlyInsideItsBoundingBox(horizontal: HorizontalAlignment, vertical: VerticalAlignment,
                                        orientation: TextOrientation, scale: Int, bold: Bool) throws {
    var image = try PNGImage(width: 520, height: 520)
    let text = "Δu = −0.25×ν² gjpq|_"
    let style = TextStyle(scale: scale, bold: bold, color: .black)
    // Anchors placed so that the whole box (up to 480 pixels long) lies inside the image.
    let x = [HorizontalAlignment.left: 20, .center: 260, .right: 500][horizontal]!
    let y = [VerticalAlignment.top: 20, .middle: 260, .bottom: 500][vertical]!
    let box = image.drawText(text, x: x, y: y, horizontal: horizontal, vertical: vertical,
                             orientation: orientation, style: style)
    #expect(box == image.textBox(text, x: x, y: y, horizontal: horizontal, vertical: vertical,
                                 orientation: orientation, style: style))
    let painted = paintedPixels(image).filter { box.contains(x: $0.x, y: $0.y) }
    #expect(paintedPixels(image).count == painted.count, "pixels painted outside \(box)")
    #expect(painted.count > 100)
    #expect(image.bounds.intersection(box) == box)
    // The ink reaches close to every side of the box: the box is tight, not merely large.
    let (xs, ys) = (painted.map(\.x), painted.map(\.y))
    #expect(xs.min()! - box.x <= 3 * scale && box.maxX - 1 - xs.max()! <= 3 * scale)
    #expect(ys.min()! - box.y <= 3 * scale && box.maxY - 1 - ys.max()! <= 3 * scale)
}

@Test func anchorsPlaceTheBoxAroundThePoint() throws {
    let image = try PNGImage(width: 10, height: 10)
    let style = TextStyle(scale: 2)
    // "abc" is 3 cells of 8 × 13 font pixels: 48 × 26 at scale 2.
    #expect(image.textBox("abc", x: 100, y: 50, style: style) == PixelRect(x: 100, y: 50, width: 48, height: 26))
    #expect(image.textBox("abc", x: 100, y: 50, horizontal: .center, vertical: .middle, style: style)
            == PixelRect(x: 76, y: 37, width: 48, height: 26))
    #expect(image.textBox("abc", x: 100, y: 50, horizontal: .right, vertical: .bottom, style: style)
            == PixelRect(x: 52, y: 24, width: 48, height: 26))
    #expect(image.textBox("abc", x: 100, y: 50, orientation: .rotated, style: style)
            == PixelRect(x: 100, y: 50, width: 26, height: 48))
}

@Test func rotatedTextIsTheHorizontalTextTurnedCounterClockwise() throws {
    var flat = try PNGImage(width: 60, height: 20)
    var turned = try PNGImage(width: 20, height: 60)
    let a = flat.drawText("y(t)", x: 0, y: 0)
    let b = turned.drawText("y(t)", x: 0, y: 0, orientation: .rotated)
    #expect(a.width == b.height && a.height == b.width)
    for y in 0..<a.height {
        for x in 0..<a.width {
            // Counter-clockwise: the text's start (left) ends at the bottom, its top at the left.
            #expect(flat[x, y] == turned[y, a.width - 1 - x])
        }
    }
}

@Test func textIsClippedAtTheImageEdge() throws {
    var image = try PNGImage(width: 20, height: 8)
    let box = image.drawText("clipped text", x: -5, y: -3)
    #expect(box.x == -5 && box.width == 12 * 8)
    #expect(!paintedPixels(image).isEmpty)
}

@Test func symbolsUsersWriteHaveGlyphsOrReadableFallbacks() {
    let font = BitmapFont.fixed8x13
    for symbol in "−×²νΔεατ·μ∇∂≈≤≥" {
        let scalar = symbol.unicodeScalars.first!
        #expect(font.hasGlyph(for: scalar), "no glyph for \(symbol)")
        #expect(font.glyph(for: scalar).contains { $0 != 0 }, "blank glyph for \(symbol)")
    }
    // Without a glyph: the decomposition's ASCII base, else "?" — never nothing.
    #expect(font.glyph(for: "ė") == font.glyph(for: "e"))
    #expect(font.glyph(for: "\u{2603}") == font.glyph(for: "?"))
    #expect(font.glyph(for: "\u{00A0}") == font.glyph(for: " "))
    #expect(font.scalars(of: "e\u{0301}x").count == 2)  // a combining accent takes no cell
    #expect(font.size(of: "☃ snow", scale: 1).width == 6 * 8)
}

@Test func asciiGlyphsAreDistinctAndOnlySpaceIsBlank() {
    let font = BitmapFont.fixed8x13
    let glyphs = (32...126).map { font.glyph(for: Unicode.Scalar($0)!) }
    #expect(Set(glyphs.map { $0.map(String.init).joined(separator: ",") }).count == 95)
    #expect(glyphs.enumerated().allSatisfy { ($0.offset == 0) == $0.element.allSatisfy { $0 == 0 } })
}
