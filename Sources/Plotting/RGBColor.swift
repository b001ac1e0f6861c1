/// An 8-bit sRGB colour, as stored in a PNG.
public struct RGBColor: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from a 24-bit `0xRRGGBB` value, as colours are usually written.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    public var description: String {
        "#" + [red, green, blue].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    public static let white = RGBColor(hex: 0xFFFFFF)
    public static let black = RGBColor(hex: 0x000000)
    /// Frames, ticks and labels: a near-black that is softer than pure black next to colour maps.
    static let ink = RGBColor(hex: 0x222222)
    /// Grid lines behind line plots.
    static let grid = RGBColor(hex: 0xE3E3E3)

    /// matplotlib's default colour cycle ("tab10"), so that figures look familiar next to those
    /// of PyTorch users; series without a colour of their own take these in order.
    public static let seriesPalette: [RGBColor] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { RGBColor(hex: $0) }

    /// `self` drawn over `background` with opacity `coverage` (0…1), rounded to the nearest byte.
    func blended(over background: RGBColor, coverage: Float) -> RGBColor {
        func mix(_ top: UInt8, _ bottom: UInt8) -> UInt8 {
            UInt8((Float(top) * coverage + Float(bottom) * (1 - coverage)).rounded())
        }
        return RGBColor(red: mix(red, background.red), green: mix(green, background.green), blue: mix(blue, background.blue))
    }
}
