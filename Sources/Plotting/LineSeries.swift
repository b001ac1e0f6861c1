/// One curve of a line plot: points (x, y) joined in order, a legend label and a colour.
/// A non-finite point (or one ≤ 0 on a log axis) breaks the curve there.
public struct LineSeries {
    /// The legend entry; series with an empty label are left out of the legend.
    public var label: String
    public let x: [Double]
    public let y: [Double]
    /// nil: the next colour of `RGBColor.seriesPalette`, by the series' position in the plot.
    public var color: RGBColor?

    public init<X: BinaryFloatingPoint, Y: BinaryFloatingPoint>(_ label: String, x: [X], y: [Y], color: RGBColor? = nil) throws {
        guard x.count == y.count else {
            throw PlottingError.seriesLengthMismatch(label: label, x: x.count, y: y.count)
        }
        self.label = label
        self.x = x.map { Double($0) }
        self.y = y.map { Double($0) }
        self.color = color
    }

    /// `y` against 1, 2, …, n: a value per epoch, epochs counted from 1.
    public init<Y: BinaryFloatingPoint>(_ label: String, y: [Y], color: RGBColor? = nil) {
        self.label = label
        x = y.indices.map { Double($0 + 1) }
        self.y = y.map { Double($0) }
        self.color = color
    }
}
