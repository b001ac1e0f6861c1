import NeuropCore

/// Samples the FNO-paper Darcy coefficient: a = ψ(g), g ~ GRF N(0, σ²(−Δ + τ²I)^(−α)) with
/// Neumann boundary on the s×s node grid, ψ(g) = `high` where g ≥ 0 and `low` where g < 0.
///
/// Defaults (Li et al. 2021, FNO; `REFERENCES.md` Darcy recipe): α = 2, τ = 3, σ = τ^(α−1) = 3,
/// high = 12, low = 3 (the released demo script uses low = 4).
public struct DarcyCoefficientSampler: Sendable {
    public struct Configuration: Sendable {
        public var alpha: Double = 2
        public var tau: Double = 3
        public var sigma: Double = 3
        public var high: Double = 12
        public var low: Double = 3
        public init(alpha: Double = 2, tau: Double = 3, sigma: Double = 3, high: Double = 12, low: Double = 3) {
            precondition(high > 0 && low > 0, "Darcy coefficient values must be positive")
            self.alpha = alpha; self.tau = tau; self.sigma = sigma; self.high = high; self.low = low
        }
    }

    public let size: Int
    public let configuration: Configuration
    public let field: GaussianRandomField

    public init(size: Int, configuration: Configuration = .init()) {
        self.size = size
        self.configuration = configuration
        self.field = GaussianRandomField(shape: [size, size], alpha: configuration.alpha, tau: configuration.tau,
                                         sigma: configuration.sigma, boundary: .neumann)
    }

    /// One coefficient field, s² values row-major.
    public func sample(using rng: inout RandomStream) -> [Double] {
        field.sample(using: &rng).map { $0 >= 0 ? configuration.high : configuration.low }
    }
}
