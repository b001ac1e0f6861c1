/// An 8-bit sRGB raster, RGB or RGBA, stored row by row from the top row down with channels
/// interleaved — the layout of a PNG, so it is written and read without conversion
/// (`PNGImage+File.swift`). Drawing (text, lines, rectangles) paints opaque pixels.
public struct PNGImage: Equatable {
    /// How many bytes a pixel has and what they mean.
    public enum PixelFormat: Equatable, Sendable {
        /// Red, green, blue.
        case rgb
        /// Red, green, blue, alpha (not premultiplied; 255 is opaque).
        case rgba

        public var channels: Int { self == .rgb ? 3 : 4 }
    }

    public let width: Int
    public let height: Int
    public let format: PixelFormat
    /// `height` rows of `width × format.channels` bytes, top row first.
    public var pixels: [UInt8]

    /// An image filled with `background` (opaque in RGBA).
    public init(width: Int, height: Int, format: PixelFormat = .rgb, background: RGBColor = .white) throws {
        guard width >= 1, height >= 1 else {
            throw PlottingError.invalidSize(what: "image", width: width, height: height, minimum: 1)
        }
        self.width = width
        self.height = height
        self.format = format
        let pixel = format == .rgb ? [background.red, background.green, background.blue]
                                   : [background.red, background.green, background.blue, 255]
        pixels = [UInt8](unsafeUninitializedCapacity: width * height * format.channels) { buffer, count in
            for i in 0..<(width * height) {
                for c in 0..<pixel.count { buffer[i * pixel.count + c] = pixel[c] }
            }
            count = width * height * pixel.count
        }
    }

    /// An image over existing bytes (`height` rows of `width × channels`, top row first).
    public init(width: Int, height: Int, format: PixelFormat, pixels: [UInt8]) throws {
        guard width >= 1, height >= 1 else {
            throw PlottingError.invalidSize(what: "image", width: width, height: height, minimum: 1)
        }
        guard pixels.count == width * height * format.channels else {
            throw PlottingError.pixelCountMismatch(width: width, height: height, channels: format.channels, given: pixels.count)
        }
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// The colour of the pixel in column `x`, row `y` (row 0 at the top); setting it makes it opaque.
    public subscript(x: Int, y: Int) -> RGBColor {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside the \(width)×\(height) image")
            let i = (y * width + x) * format.channels
            return RGBColor(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2])
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside the \(width)×\(height) image")
            let i = (y * width + x) * format.channels
            pixels[i] = newValue.red
            pixels[i + 1] = newValue.green
            pixels[i + 2] = newValue.blue
            if format == .rgba { pixels[i + 3] = 255 }
        }
    }

    /// The whole image as a rectangle.
    var bounds: PixelRect { PixelRect(x: 0, y: 0, width: width, height: height) }

    /// Paints the part of `rect` that lies inside the image.
    mutating func fill(_ rect: PixelRect, with color: RGBColor) {
        let clipped = rect.intersection(bounds)
        guard !clipped.isEmpty else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { self[x, y] = color }
        }
    }

    /// Paints the one-pixel outline just inside `rect`.
    mutating func stroke(_ rect: PixelRect, with color: RGBColor) {
        fill(PixelRect(x: rect.x, y: rect.y, width: rect.width, height: 1), with: color)
        fill(PixelRect(x: rect.x, y: rect.maxY - 1, width: rect.width, height: 1), with: color)
        fill(PixelRect(x: rect.x, y: rect.y, width: 1, height: rect.height), with: color)
        fill(PixelRect(x: rect.maxX - 1, y: rect.y, width: 1, height: rect.height), with: color)
    }

    /// Paints `color` over pixel (x, y) with opacity `coverage`; pixels outside the image are skipped.
    mutating func blend(x: Int, y: Int, color: RGBColor, coverage: Float) {
        guard x >= 0, x < width, y >= 0, y < height, coverage > 0 else { return }
        self[x, y] = coverage >= 1 ? color : color.blended(over: self[x, y], coverage: coverage)
    }
}
