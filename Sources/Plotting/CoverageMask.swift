/// Anti-aliased stroke coverage over a rectangle of pixels: for each pixel, the fraction (0…1)
/// of it a stroke covers, approximated as clamp(w/2 + ½ − d, 0, 1) with d the distance from the
/// pixel centre to the stroke's centre line and w its width.
///
/// A polyline's segments are combined by maximum, not summed, so joints are not drawn darker
/// than the line; the mask is then painted once (`PNGImage.paint`).
struct CoverageMask {
    /// The pixels the mask covers, in image coordinates; strokes are clipped to it.
    let area: PixelRect
    private(set) var coverage: [Float]

    init(area: PixelRect) {
        self.area = area
        coverage = [Float](repeating: 0, count: max(0, area.width * area.height))
    }

    /// Adds the segment from (x0, y0) to (x1, y1) — image coordinates, pixel (i, j) spanning
    /// [i, i+1) × [j, j+1) — stroked `width` pixels wide with round ends. A zero-length segment
    /// is a disc.
    mutating func addSegment(x0: Double, y0: Double, x1: Double, y1: Double, width: Double) {
        let reach = width / 2 + 0.5
        let box = PixelRect(x: Int((min(x0, x1) - reach).rounded(.down)), y: Int((min(y0, y1) - reach).rounded(.down)),
                            width: Int((abs(x1 - x0) + 2 * reach).rounded(.up)) + 1,
                            height: Int((abs(y1 - y0) + 2 * reach).rounded(.up)) + 1).intersection(area)
        guard !box.isEmpty else { return }
        let dx = x1 - x0, dy = y1 - y0
        let lengthSquared = dx * dx + dy * dy
        for py in box.y..<box.maxY {
            for px in box.x..<box.maxX {
                let cx = Double(px) + 0.5, cy = Double(py) + 0.5
                // Closest point of the segment to the pixel centre: parameter t clamped to [0, 1].
                let t = lengthSquared > 0 ? min(1, max(0, ((cx - x0) * dx + (cy - y0) * dy) / lengthSquared)) : 0
                let ex = cx - (x0 + t * dx), ey = cy - (y0 + t * dy)
                let cover = Float(min(1, max(0, reach - (ex * ex + ey * ey).squareRoot())))
                let index = (py - area.y) * area.width + (px - area.x)
                if cover > coverage[index] { coverage[index] = cover }
            }
        }
    }

    /// Coverage at image pixel (x, y), 0 outside the area.
    subscript(x: Int, y: Int) -> Float {
        area.contains(x: x, y: y) ? coverage[(y - area.y) * area.width + (x - area.x)] : 0
    }

    /// Keeps, pixel by pixel, the larger coverage of `self` and `other` (same area).
    mutating func formMaximum(_ other: CoverageMask) {
        precondition(other.area == area, "masks cover different areas")
        for i in coverage.indices where other.coverage[i] > coverage[i] { coverage[i] = other.coverage[i] }
    }

    /// Total coverage over the part of `rect` inside the mask: how much ink lies there.
    func total(in rect: PixelRect) -> Float {
        let clipped = rect.intersection(area)
        guard !clipped.isEmpty else { return 0 }
        var sum: Float = 0
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { sum += self[x, y] }
        }
        return sum
    }
}

extension PNGImage {
    /// Paints `color` over the image with the opacity of `mask` at each pixel.
    mutating func paint(_ mask: CoverageMask, color: RGBColor) {
        let area = mask.area
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { blend(x: x, y: y, color: color, coverage: mask[x, y]) }
        }
    }
}
