import Foundation

/// A fixed-cell bitmap font drawn at an integer scale (each font pixel becomes scale × scale
/// image pixels), so text stays crisp without a rasteriser. The glyphs are misc-fixed 8×13
/// (`FixedFont8x13`).
///
/// Every character draws something: a character without a glyph falls back to the ASCII letter
/// its canonical decomposition starts with (é → e), a few typographic look-alikes map to ASCII
/// (non-breaking space → space), and anything else becomes "?" — so a missing glyph is visible
/// rather than silently dropped.
struct BitmapFont {
    /// Rows of each glyph, one byte per row, most significant bit leftmost.
    private let asciiGlyphs: [[UInt8]]
    private let extraGlyphs: [UInt32: [UInt8]]
    let cellWidth: Int
    let cellHeight: Int

    static let fixed8x13 = BitmapFont(
        ascii: FixedFont8x13.ascii, extra: FixedFont8x13.extra,
        cellWidth: FixedFont8x13.cellWidth, cellHeight: FixedFont8x13.cellHeight)

    private init(ascii: [String], extra: [UInt32: String], cellWidth: Int, cellHeight: Int) {
        func rows(_ hex: String) -> [UInt8] {
            let digits = Array(hex.utf8)
            precondition(digits.count == 2 * cellHeight, "a glyph needs \(cellHeight) rows of two hex digits")
            return (0..<cellHeight).map { UInt8(String(decoding: digits[2 * $0 ..< 2 * $0 + 2], as: UTF8.self), radix: 16)! }
        }
        asciiGlyphs = ascii.map(rows)
        extraGlyphs = extra.mapValues(rows)
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
    }

    /// The glyph rows `scalar` is drawn with (its own, or its fallback's).
    func glyph(for scalar: Unicode.Scalar) -> [UInt8] {
        if let rows = ownGlyph(scalar.value) { return rows }
        return ownGlyph(Self.fallback(for: scalar).value)!
    }

    /// Whether the font has a glyph of its own for `scalar` (no fallback needed).
    func hasGlyph(for scalar: Unicode.Scalar) -> Bool {
        ownGlyph(scalar.value) != nil
    }

    private func ownGlyph(_ code: UInt32) -> [UInt8]? {
        if code >= 32 && code <= 126 { return asciiGlyphs[Int(code - 32)] }
        return extraGlyphs[code]
    }

    /// The printable ASCII character drawn in place of a scalar the font lacks.
    private static func fallback(for scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0xA0, 0x2000...0x200A, 0x202F: return " "
        case 0x2010, 0x2011, 0x2012, 0x2043: return "-"
        case 0x2217: return "*"
        case 0x2215, 0x2044: return "/"
        default:
            let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first!
            return base.isASCII && base.value >= 32 && base.value <= 126 ? base : "?"
        }
    }

    /// The characters as the font lays them out: one cell per Unicode scalar, except combining
    /// marks, which have no cell of their own in a fixed-cell font.
    func scalars(of text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
    }

    /// Width and height in pixels of `text` drawn on one line at `scale`; `bold` adds a column.
    func size(of text: String, scale: Int, bold: Bool = false) -> (width: Int, height: Int) {
        let count = scalars(of: text).count
        guard count > 0 else { return (0, cellHeight * scale) }
        return ((count * cellWidth + (bold ? 1 : 0)) * scale, cellHeight * scale)
    }
}
