import Foundation

/// One axis of a line plot: its scale and the data limits it shows, and where a value lands.
///
/// Limits come from the data with a 5 % margin at both ends, as matplotlib sets them; on a log10
/// axis the margin is 5 % of the span of log10 values.
struct PlotAxis {
    let scale: AxisScale
    let lower: Double
    let upper: Double

    /// The axis showing `values` (non-finite values, and values ≤ 0 on a log axis, ignored);
    /// nil when no value can be shown.
    init?(scale: AxisScale, values: [Double]) {
        let shown = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        guard var low = shown.min(), var high = shown.max() else { return nil }
        switch scale {
        case .linear:
            if low == high {
                let half = low == 0 ? 0.5 : abs(low) * 0.1
                low -= half
                high += half
            } else {
                let margin = 0.05 * (high - low)
                low -= margin
                high += margin
            }
        case .log10:
            var first = Foundation.log10(low), last = Foundation.log10(high)
            // A constant series gets half a decade either side.
            let margin = first == last ? 0.5 : 0.05 * (last - first)
            first -= margin
            last += margin
            low = Foundation.pow(10, first)
            high = Foundation.pow(10, last)
        }
        self.scale = scale
        lower = low
        upper = high
    }

    /// Where `value` lies between the ends, 0 at `lower` and 1 at `upper` (outside for values
    /// beyond them; NaN for values a log axis cannot show).
    func fraction(of value: Double) -> Double {
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .log10:
            guard value > 0 else { return .nan }
            return Foundation.log10(value / lower) / Foundation.log10(upper / lower)
        }
    }

    /// Ticks for an axis `length` pixels long, about one labelled tick per `spacing` pixels.
    func ticks(length: Int, spacing: Int) -> [Tick] {
        let target = max(2, length / spacing)
        switch scale {
        case .linear:
            return AxisTicks.linear(from: lower, to: upper, target: target)
        case .log10:
            return AxisTicks.log10(from: lower, to: upper, maxLabels: target)
        }
    }
}
