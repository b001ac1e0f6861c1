/// Distances in pixels shared by every figure, so that panels and plots look alike.
enum FigureSpacing {
    /// Blank border around a whole figure.
    static let margin = 12
    /// Between a title and what it names.
    static let titleGap = 8
    /// Length of a tick mark.
    static let tickLength = 4
    /// Between a tick mark and its label.
    static let tickLabelGap = 3
    /// Between a field and its colour bar.
    static let colorBarGap = 10
    /// Width of a colour bar.
    static let colorBarWidth = 14
    /// Between neighbouring panels of a figure.
    static let panelGap = 16
}
