import Foundation
import Testing
@testable import Plotting

/// CIE L* (0 black … 100 white) of an sRGB colour: an independent check of a map's shape.
private func lightness(_ color: RGBColor) -> Double {
    func linear(_ byte: UInt8) -> Double {
        let c = Double(byte) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    let y = 0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue)
    return y > 216.0 / 24389 ? 116 * cbrt(y) - 16 : y * 24389 / 27
}

// Expected colours from matplotlib 3.11.2: `matplotlib.colormaps[name](t, bytes=True)`.
@Test(arguments: [
    (0.0, 0x440154), (0.1, 0x482374), (0.25, 0x3A528B), (0.5, 0x20908C), (0.75, 0x5EC961),
    (0.9, 0xBDDE26), (0.999, 0xFDE724), (1.0, 0xFDE724), (-0.5, 0x440154), (1.5, 0xFDE724),
] as [(Double, UInt32)])
func viridisMatchesMatplotlib(t: Double, expected: UInt32) {
    #expect(ColorMap.viridis.color(at: t) == RGBColor(hex: expected))
}

@Test(arguments: [
    (0.0, 0x053061), (0.1, 0x2064AA), (0.25, 0x6BACD0), (0.5, 0xF7F6F6), (0.75, 0xE48065),
    (0.9, 0xB0172A), (0.999, 0x67001F), (1.0, 0x67001F), (-0.5, 0x053061), (1.5, 0x67001F),
] as [(Double, UInt32)])
func redBlueMatchesMatplotlibRdBuR(t: Double, expected: UInt32) {
    #expect(ColorMap.redBlue.color(at: t) == RGBColor(hex: expected))
}

@Test func viridisEndsAreThePublishedTableTruncatedToBytes() {
    // Published float table: first (0.267004, 0.004874, 0.329415), last (0.993248, 0.906157,
    // 0.143936); matplotlib truncates ×255 (0.143936 × 255 = 36.7 → 36).
    func bytes(_ r: Double, _ g: Double, _ b: Double) -> RGBColor {
        RGBColor(red: UInt8(r * 255), green: UInt8(g * 255), blue: UInt8(b * 255))
    }
    #expect(ColorMap.viridis.table.first == bytes(0.267004, 0.004874, 0.329415))
    #expect(ColorMap.viridis.table.last == bytes(0.993248, 0.906157, 0.143936))
}

@Test func viridisLightnessRisesMonotonically() {
    let l = ColorMap.viridis.table.map(lightness)
    // Truncation to bytes leaves three dips of 0.02 L* between neighbours (none in the float table).
    #expect(zip(l, l.dropFirst()).allSatisfy { $1 > $0 - 0.05 })
    #expect(zip(l, l.dropFirst(4)).allSatisfy { $0 < $1 })
    #expect(l.first! < 20 && l.last! > 85)
}

@Test func redBlueIsLightestInTheMiddleAndDarkAtBothEnds() {
    let l = ColorMap.redBlue.table.map(lightness)
    let peak = l.indices.max { l[$0] < l[$1] }!
    #expect((126...129).contains(peak))
    #expect(zip(l[...peak], l[...peak].dropFirst()).allSatisfy { $0 <= $1 })
    #expect(zip(l[peak...], l[peak...].dropFirst()).allSatisfy { $0 >= $1 })
    #expect(l.first! < 30 && l.last! < 30 && l[peak] > 95)
    // Blue at the low end, red at the high end.
    #expect(ColorMap.redBlue.table.first!.blue > ColorMap.redBlue.table.first!.red)
    #expect(ColorMap.redBlue.table.last!.red > ColorMap.redBlue.table.last!.blue)
}

@Test func nonFiniteValuesAreGrey() {
    for map in [ColorMap.viridis, .redBlue] {
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(map.color(for: value, in: 0...1) == RGBColor(hex: 0x808080))
            #expect(map.color(at: value) == RGBColor(hex: 0x808080))
        }
    }
}

@Test func valuesMapThroughTheRangeAsMatplotlibNormalizes() {
    // Normalize(−2, 6)(v) = (v + 2) / 8; index ⌊256 t⌋.
    let map = ColorMap.viridis
    #expect(map.color(for: -2, in: -2...6) == map.table[0])
    #expect(map.color(for: 6, in: -2...6) == map.table[255])
    #expect(map.color(for: 2, in: -2...6) == map.table[128])
    #expect(map.color(for: 1.99, in: -2...6) == map.table[127])
    #expect(map.color(for: 100, in: -2...6) == map.table[255])
}

@Test func lineColorsRunAlongTheMapAndStopShortOfItsLightEnd() {
    let colors = ColorMap.viridis.colors(count: 5)
    #expect(colors.count == 5)
    #expect(colors.first == ColorMap.viridis.table[0])
    #expect(colors.last == ColorMap.viridis.color(at: 0.85))
    #expect(ColorMap.viridis.colors(count: 0).isEmpty)
}
