import Foundation
import NeuropCore

/// Samples Darcy coefficients a = ψ(g) from g ~ GRF N(0, σ²(−Δ + τ²I)^(−α)) with Neumann boundary
/// on the s×s node grid.
///
/// - `threshold` (the FNO paper): ψ(g) = `high` where g ≥ 0 and `low` where g < 0. Defaults (Li et
///   al. 2021; `REFERENCES.md` Darcy recipe): α = 2, τ = 3, σ = τ^(α−1) = 3, high = 12, low = 3 (the
///   released demo script uses low = 4). Only the sign of g matters, so σ does not.
/// - `lognormal`: ψ(g) = exp(g), a smooth positive coefficient whose contrast grows with σ.
public struct DarcyCoefficientSampler: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case threshold, lognormal
    }

    public struct Configuration: Sendable {
        public var kind: Kind
        public var alpha: Double
        public var tau: Double
        public var sigma: Double
        public var high: Double
        public var low: Double
        public init(kind: Kind = .threshold, alpha: Double = 2, tau: Double = 3, sigma: Double = 3,
                    high: Double = 12, low: Double = 3) {
            precondition(high > 0 && low > 0, "Darcy coefficient values must be positive")
            self.kind = kind; self.alpha = alpha; self.tau = tau; self.sigma = sigma; self.high = high; self.low = low
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
        let g = field.sample(using: &rng)
        switch configuration.kind {
        case .threshold: return g.map { $0 >= 0 ? configuration.high : configuration.low }
        case .lognormal: return g.map { exp($0) }
        }
    }
}
