/// How data values map to positions along an axis.
public enum AxisScale: String, Sendable, CaseIterable {
    /// Position proportional to the value.
    case linear
    /// Position proportional to log10 of the value; values ≤ 0 cannot be shown. For loss curves
    /// and errors that fall over decades.
    case log10
}
