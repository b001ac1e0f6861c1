/// A figure that cannot be drawn or a PNG that cannot be written or read, described in one
/// sentence that names the problem and the fix.
public enum PlottingError: Error, Equatable, CustomStringConvertible {
    /// An image, panel or plot size that is zero, negative or too small for its labels.
    case invalidSize(what: String, width: Int, height: Int, minimum: Int)
    /// A pixel buffer whose length is not width × height × channels.
    case pixelCountMismatch(width: Int, height: Int, channels: Int, given: Int)
    /// A heatmap given no values, or a grid extent below 1.
    case emptyField(title: String, nx: Int, ny: Int)
    /// A heatmap whose value count is not nx × ny.
    case fieldShapeMismatch(title: String, nx: Int, ny: Int, count: Int)
    /// A fixed value range that is empty or not finite.
    case invalidRange(title: String, lower: Double, upper: Double)
    /// A figure with nothing in it.
    case emptyFigure(what: String)
    /// A line series whose x and y arrays differ in length.
    case seriesLengthMismatch(label: String, x: Int, y: Int)
    /// No point of any series can be placed on the axes (all non-finite, or ≤ 0 on a log axis).
    case nothingToPlot(axis: String, scale: AxisScale)
    /// The folder a PNG should be written in does not exist.
    case noSuchDirectory(path: String)
    /// The file could not be created, written or renamed into place.
    case writeFailed(path: String, reason: String)
    /// The file could not be opened or decoded as a PNG.
    case readFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidSize(what, width, height, minimum):
            return "\(what) size \(width)×\(height) is too small; give a width and height of at least \(minimum) pixels"
        case let .pixelCountMismatch(width, height, channels, given):
            return "a \(width)×\(height) image with \(channels) channels needs \(width * height * channels) bytes but \(given) were given; pass width × height × channels bytes, top row first"
        case let .emptyField(title, nx, ny):
            return "heatmap \(Self.quoted(title))has no values (nx = \(nx), ny = \(ny)); pass a field with nx, ny ≥ 1"
        case let .fieldShapeMismatch(title, nx, ny, count):
            return "heatmap \(Self.quoted(title))has \(count) values but ny × nx = \(ny) × \(nx) = \(nx * ny); pass ny·nx values in row-major order (row 0 at the bottom)"
        case let .invalidRange(title, lower, upper):
            return "heatmap \(Self.quoted(title))has the value range \(lower)...\(upper), which is empty or not finite; give finite bounds with lower < upper, or no range to use the data's"
        case let .emptyFigure(what):
            return "the \(what) has nothing to draw; add at least one \(what == "panel figure" ? "heatmap" : "series")"
        case let .seriesLengthMismatch(label, x, y):
            return "series \(Self.quoted(label))has \(x) x values but \(y) y values; pass one y per x"
        case let .nothingToPlot(axis, scale):
            if scale == .log10 {
                return "no point has a finite, positive \(axis) value to place on the log10 \(axis) axis; use a linear \(axis) axis or pass positive values"
            }
            return "no point has a finite \(axis) value; pass at least one finite point"
        case let .noSuchDirectory(path):
            return "no such directory: \(path); create it before writing the figure"
        case let .writeFailed(path, reason):
            return "could not write \(path): \(reason)"
        case let .readFailed(path, reason):
            return "could not read \(path) as a PNG: \(reason)"
        }
    }

    /// `'title' ` for a titled object, nothing for an untitled one.
    private static func quoted(_ title: String) -> String {
        title.isEmpty ? "" : "'\(title)' "
    }
}
