/// A colour map: 256 colours that a normalised value t ∈ [0, 1] picks from exactly as
/// matplotlib does — entry ⌊256 t⌋, with t = 1 taking the last entry, values below 0 the first
/// and values above 1 the last — so a neurop figure's pixels match matplotlib's for the same
/// data and range. Non-finite values are drawn in `invalidColor` (grey).
public struct ColorMap: Equatable, Sendable {
    /// matplotlib's name for the map.
    public let name: String
    /// A diverging map is for signed data centred on zero: without a fixed range, a heatmap
    /// shows it over the symmetric range −m…m, m = max |value|, so zero gets the neutral middle colour.
    public let isDiverging: Bool
    /// The colour of NaN and ±∞ values.
    public var invalidColor = RGBColor(hex: 0x808080)
    let table: [RGBColor]

    init(name: String, isDiverging: Bool, table: String) {
        self.name = name
        self.isDiverging = isDiverging
        self.table = table.split(whereSeparator: \.isWhitespace).map { RGBColor(hex: UInt32($0, radix: 16)!) }
        precondition(self.table.count == 256, "colour map \(name) needs 256 entries")
    }

    /// matplotlib's "viridis": perceptually uniform with monotonically rising lightness, legible
    /// in greyscale and to colour-blind readers; the default for fields.
    public static let viridis = ColorMap(name: "viridis", isDiverging: false, table: ColorMapTables.viridis)

    /// matplotlib's "RdBu_r": blue for negative, near-white for zero, red for positive; for
    /// signed errors (prediction − reference).
    public static let redBlue = ColorMap(name: "RdBu_r", isDiverging: true, table: ColorMapTables.redBlueReversed)

    /// The colour of normalised value `t`; t outside [0, 1] takes the nearer end colour.
    public func color(at t: Double) -> RGBColor {
        guard t.isFinite else { return invalidColor }
        let index = t >= 1 ? 255 : (t <= 0 ? 0 : min(255, Int(t * 256)))
        return table[index]
    }

    /// The colour of `value` when `range` spans the whole map (lower end → first colour).
    public func color(for value: Double, in range: ClosedRange<Double>) -> RGBColor {
        guard value.isFinite else { return invalidColor }
        return color(at: (value - range.lowerBound) / (range.upperBound - range.lowerBound))
    }

    /// `count` colours evenly spaced from the start of the map to 85 % along it: a colour per
    /// curve of a family of line series (e.g. u(x) at increasing times). The last 15 % of
    /// viridis are too light to read as thin lines on white.
    public func colors(count: Int) -> [RGBColor] {
        guard count > 1 else { return count == 1 ? [color(at: 0)] : [] }
        return (0..<count).map { color(at: 0.85 * Double($0) / Double(count - 1)) }
    }
}
