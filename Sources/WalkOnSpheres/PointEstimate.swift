/// What the walks from one query point give: the estimate of u, its standard error, and how long the
/// walks were.
public struct PointEstimate: Sendable, Equatable {
    /// The mean of the walks' values: an estimate of u(x) with bias O(ε) (the ε-shell).
    public var value: Double
    /// √(sample variance / walks): the Monte Carlo error's standard deviation (NaN for one walk).
    public var standardError: Double
    /// Mean number of sphere jumps per walk.
    public var meanSteps: Double
    public var walks: Int
    /// Walks stopped by the step cap rather than the ε-shell (read at their closest boundary point,
    /// which biases them; a non-zero count means the cap is too low for this ε and domain).
    public var cappedWalks: Int

    public init(value: Double, standardError: Double, meanSteps: Double, walks: Int, cappedWalks: Int) {
        self.value = value
        self.standardError = standardError
        self.meanSteps = meanSteps
        self.walks = walks
        self.cappedWalks = cappedWalks
    }
}
