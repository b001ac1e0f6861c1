extension PNGImage {
    /// `images` placed left to right on a white RGB canvas, top-aligned, `gap` pixels apart — e.g.
    /// two line plots that need their own value axes.
    public static func sideBySide(_ images: [PNGImage], gap: Int = 0) throws -> PNGImage {
        guard !images.isEmpty else { throw PlottingError.emptyFigure(what: "side-by-side figure") }
        var canvas = try PNGImage(width: images.map(\.width).reduce(0, +) + gap * (images.count - 1),
                                  height: images.map(\.height).max()!)
        var left = 0
        for image in images {
            for y in 0..<image.height {
                for x in 0..<image.width { canvas[left + x, y] = image[x, y] }
            }
            left += image.width + gap
        }
        return canvas
    }
}
