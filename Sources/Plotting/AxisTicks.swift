import Foundation

/// A tick mark on an axis or colour bar: labelled (major) or not (minor).
struct Tick: Equatable {
    var value: Double
    var label: String?
}

/// Tick positions and their labels.
///
/// Linear axes use "nice" steps, 1, 2 or 5 times a power of ten, the one nearest to
/// range / target on a log scale (Heckbert, "Nice numbers for graph labels", Graphics Gems,
/// 1990, rounding variant: mantissa < 1.5 → 1, < 3 → 2, < 7 → 5, else 10). Log10 axes put labelled ticks on whole decades and unlabelled ones
/// at 2…9 times each decade. Labels are compact — `0.25`, `100`, `1e−3`, `2.5e6` — with a real
/// minus sign, and the same number of decimals across a linear axis.
enum AxisTicks {
    /// The nice step (1, 2 or 5 × 10^k) nearest to `raw` > 0.
    static func niceStep(_ raw: Double) -> Double {
        let exponent = Foundation.floor(Foundation.log10(raw))
        let power = Foundation.pow(10, exponent)
        let fraction = raw / power
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * power
    }

    /// The next nice step below `step` (1-2-5 sequence downwards).
    private static func smallerStep(_ step: Double) -> Double {
        let exponent = Foundation.floor(Foundation.log10(step) + 1e-9)
        let power = Foundation.pow(10, exponent)
        let mantissa = (step / power).rounded()
        switch mantissa {
        case 5: return 2 * power
        case 2: return power
        default: return 0.5 * power
        }
    }

    /// Multiples of `step` within [lower, upper] (with a tolerance of 10⁻⁹ step at either end),
    /// computed as k·step from integers k so that they carry no accumulated rounding.
    static func multiples(of step: Double, from lower: Double, to upper: Double) -> [Double] {
        let first = Foundation.ceil(lower / step - 1e-9), last = Foundation.floor(upper / step + 1e-9)
        guard first <= last else { return [] }
        return stride(from: first, through: last, by: 1).map { k in k == 0 ? 0 : k * step }
    }

    /// Labelled ticks on [lower, upper] (lower < upper, both finite) at a nice step, about
    /// `target` of them and never fewer than two.
    static func linear(from lower: Double, to upper: Double, target: Int) -> [Tick] {
        var step = niceStep((upper - lower) / Double(max(target, 1)))
        var values = multiples(of: step, from: lower, to: upper)
        while values.count < 2 {
            step = smallerStep(step)
            values = multiples(of: step, from: lower, to: upper)
        }
        return zip(values, labels(for: values, step: step)).map { Tick(value: $0, label: $1) }
    }

    /// Ticks of a log10 axis from `lower` to `upper` (0 < lower < upper): a tick on each whole
    /// decade, labelled — every k-th decade when there are more than about `maxLabels` — and
    /// unlabelled ticks at 2…9 × 10^k when the axis spans at most six decades. When fewer than two
    /// decades fall inside, 2 and 5 × 10^k are labelled as well, then every such multiple; an
    /// axis too short for two of those gets linear ticks.
    static func log10(from lower: Double, to upper: Double, maxLabels: Int) -> [Tick] {
        let first = Int(Foundation.floor(Foundation.log10(lower) + 1e-9))
        let last = Int(Foundation.ceil(Foundation.log10(upper) - 1e-9))
        func inside(_ value: Double) -> Bool { value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) }
        let decadesInside = (first...last).filter { inside(Foundation.pow(10, Double($0))) }
        let every = max(1, Int(Foundation.ceil(Double(decadesInside.count) / Double(max(maxLabels, 2)))))
        let labelledMultiples: Set<Int> = decadesInside.count >= 2 ? [] : [2, 5]
        var ticks: [Tick] = []
        for k in first...last {
            let decade = Foundation.pow(10, Double(k))
            if inside(decade) {
                // Labels on multiples of `every` (1e−6, 1e−4, 1e−2, 1), not counted from the first decade.
                let labelled = ((k % every) + every) % every == 0
                ticks.append(Tick(value: decade, label: labelled ? decadeLabel(k) : nil))
            }
            guard last - first <= 6 else { continue }
            for m in 2...9 where inside(Double(m) * decade) {
                ticks.append(Tick(value: Double(m) * decade, label: labelledMultiples.contains(m) ? mantissaLabel(m, k) : nil))
            }
        }
        if ticks.filter({ $0.label != nil }).count < 2 {
            ticks = ticks.map { tick in
                let k = Int(Foundation.floor(Foundation.log10(tick.value) + 1e-9))
                let m = Int((tick.value / Foundation.pow(10, Double(k))).rounded())
                return Tick(value: tick.value, label: mantissaLabel(m, k))
            }
        }
        if ticks.count < 2 {
            return linear(from: lower, to: upper, target: 3)
        }
        return ticks
    }

    /// `1`, `10`, `100`, `1000`, `0.1`, `0.01`, otherwise `1e5`, `1e−3`.
    static func decadeLabel(_ k: Int) -> String {
        mantissaLabel(1, k)
    }

    /// m × 10^k written compactly (m = 1…9).
    private static func mantissaLabel(_ m: Int, _ k: Int) -> String {
        if k >= 0 && k <= 3 { return String(m) + String(repeating: "0", count: k) }
        if k == -1 || k == -2 { return "0." + String(repeating: "0", count: -k - 1) + String(m) }
        return "\(m)e" + withMinusSign(String(k))
    }

    /// Labels for ticks at multiples of `step`: fixed-point with the decimals the step needs, or
    /// the shortest scientific form when the numbers are large (≥ 10⁵) or small (< 10⁻³).
    static func labels(for values: [Double], step: Double) -> [String] {
        let largest = values.map(abs).max() ?? 0
        let stepExponent = Int(Foundation.floor(Foundation.log10(step) + 1e-9))
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
            return values.map { value in
                guard value != 0 else { return "0" }
                let exponent = Int(Foundation.floor(Foundation.log10(abs(value)) + 1e-9))
                let digits = max(0, exponent - stepExponent)
                return scientific(String(format: "%.\(digits)e", value))
            }
        }
        let decimals = max(0, -stepExponent)
        return values.map { withMinusSign(String(format: "%.\(decimals)f", $0)) }
    }

    /// `-1.50e-03` → `−1.5e−3`: mantissa without trailing zeros, exponent without sign or padding
    /// unless negative.
    private static func scientific(_ printed: String) -> String {
        let parts = printed.split(separator: "e")
        var mantissa = String(parts[0])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        let exponent = Int(parts[1])!
        return withMinusSign(mantissa + "e" + String(exponent))
    }

    /// Replaces ASCII hyphen-minus with the minus sign U+2212, as typeset numbers have it.
    static func withMinusSign(_ text: String) -> String {
        text.replacingOccurrences(of: "-", with: "\u{2212}")
    }
}
