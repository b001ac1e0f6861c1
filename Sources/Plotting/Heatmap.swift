/// A 2D field drawn as an image with a title and a colour bar.
///
/// Grid convention: `values` is row-major with shape [ny, nx] — value (i, j) at index j·nx + i,
/// i along x (left to right), j along y — and y points up: row j = 0 is drawn at the bottom, as
/// in a plot of u(x, y) (matplotlib's `imshow(..., origin="lower")`). neurop field files store
/// 2D fields the other way round, [nx, ny] with x first; `init(xFirst:nx:ny:)` takes that layout.
///
/// The field is scaled to the panel by nearest neighbour (no smoothing, so grid cells stay
/// visible and values are never invented); when a whole number of pixels per cell fits within
/// 75–100 % of the panel, every cell gets exactly that many. A field larger than the panel is
/// subsampled, not averaged.
///
/// Values map to colours over `range` when given — give prediction and reference the same
/// range so they share a scale — and otherwise over the finite data's min…max, or −m…m with
/// m = max |value| for a diverging map. Values outside the range take the end colours; NaN and
/// ±∞ are grey.
public struct Heatmap {
    public var title: String
    /// Grid points along x (columns).
    public let nx: Int
    /// Grid points along y (rows; row 0 at the bottom).
    public let ny: Int
    /// ny × nx values, row-major, row 0 at the bottom.
    public let values: [Double]
    public var colorMap: ColorMap
    /// A fixed value range for the colours; nil for the data's own.
    public var range: ClosedRange<Double>?

    public init<T: BinaryFloatingPoint>(_ values: [T], nx: Int, ny: Int, title: String = "",
                                        colorMap: ColorMap = .viridis, range: ClosedRange<Double>? = nil) throws {
        guard nx >= 1, ny >= 1, !values.isEmpty else {
            throw PlottingError.emptyField(title: title, nx: nx, ny: ny)
        }
        guard values.count == nx * ny else {
            throw PlottingError.fieldShapeMismatch(title: title, nx: nx, ny: ny, count: values.count)
        }
        self.values = values.map { Double($0) }
        self.nx = nx
        self.ny = ny
        self.title = title
        self.colorMap = colorMap
        self.range = range
    }

    /// A heatmap of a field stored x-first, shape [nx, ny] — value (i, j) at index i·ny + j — as
    /// neurop field files hold 2D samples (axes "x", "y"); drawn with x to the right and y up.
    public init<T: BinaryFloatingPoint>(xFirst values: [T], nx: Int, ny: Int, title: String = "",
                                        colorMap: ColorMap = .viridis, range: ClosedRange<Double>? = nil) throws {
        guard nx >= 1, ny >= 1, !values.isEmpty else {
            throw PlottingError.emptyField(title: title, nx: nx, ny: ny)
        }
        guard values.count == nx * ny else {
            throw PlottingError.fieldShapeMismatch(title: title, nx: nx, ny: ny, count: values.count)
        }
        var rowMajor = [Double](repeating: 0, count: nx * ny)
        for i in 0..<nx {
            for j in 0..<ny { rowMajor[j * nx + i] = Double(values[i * ny + j]) }
        }
        try self.init(rowMajor, nx: nx, ny: ny, title: title, colorMap: colorMap, range: range)
    }

    /// The value range the colours span (see the type's notes); throws if a fixed range is
    /// empty or not finite.
    public func displayedRange() throws -> ClosedRange<Double> {
        if let range {
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                throw PlottingError.invalidRange(title: title, lower: range.lowerBound, upper: range.upperBound)
            }
            return range
        }
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return colorMap.isDiverging ? -1...1 : 0...1 }
        if colorMap.isDiverging {
            let m = max(abs(low), abs(high))
            return m > 0 ? -m...m : -1...1
        }
        if low == high {
            let half = low == 0 ? 0.5 : abs(low) * 0.1
            low -= half
            high += half
        }
        return low...high
    }

    /// The smallest range holding every finite value of `heatmaps` (nil if none has one): pass
    /// it as `range` to draw several fields on one colour scale.
    public static func sharedRange(_ heatmaps: [Heatmap]) -> ClosedRange<Double>? {
        let finite = heatmaps.flatMap { $0.values.filter(\.isFinite) }
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return low...high
    }

    /// The value drawn at column `i`, row `j` (row 0 at the bottom).
    public subscript(i: Int, j: Int) -> Double {
        values[j * nx + i]
    }

    /// This heatmap alone as an image; the field fits in `panelSize` × `panelSize` pixels.
    public func render(panelSize: Int = 320) throws -> PNGImage {
        let panel = try HeatmapPanel(self, panelSize: panelSize)
        var image = try PNGImage(width: panel.width + 2 * FigureSpacing.margin, height: panel.height + 2 * FigureSpacing.margin)
        panel.draw(into: &image, x: FigureSpacing.margin, y: FigureSpacing.margin)
        return image
    }

    /// Writes `render(panelSize:)` as a PNG at `path` (atomically, see `PNGImage.write(to:)`).
    public func write(to path: String, panelSize: Int = 320) throws {
        try render(panelSize: panelSize).write(to: path)
    }
}
