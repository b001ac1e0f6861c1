/// Mean and variance of a stream of values by Welford's update, which stays accurate when the mean is
/// large compared with the spread (unlike Σx² − (Σx)²/n).
///
/// After n values: `mean`; `variance` = Σ(x − mean)²/(n − 1), the unbiased sample variance;
/// `standardError` = √(variance / n), the standard deviation of the mean (NaN below two values).
public struct RunningStatistics: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    /// Σ (x − mean)² so far.
    public private(set) var sumOfSquaredDeviations = 0.0

    public init() {}

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (x - mean)
    }

    public var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : .nan }

    public var standardError: Double { count > 1 ? (variance / Double(count)).squareRoot() : .nan }
}
