import NeuropCore

/// The architecture of a multigrid neural operator (He, Liu & Xu 2024).
///
/// `layers` MgNO layers of `channels` channels between a pointwise lifting and projection; each
/// layer's MgConv is a V-cycle over up to `levels` grids, each half the previous (see `VCycle`).
/// Darcy in the paper: about 24–32 channels, 5 layers, levels down to a few cells, one
/// pre-smoothing step per level, no post-smoothing, zero padding (Dirichlet data).
public struct MgNOConfiguration: Equatable, Sendable {
    public var inChannels: Int = 1
    public var outChannels: Int = 1
    /// Spatial axes of the grids (1 or 2).
    public var spatialRank: Int = 2
    public var channels: Int = 24
    public var layers: Int = 5
    /// Grids in each V-cycle, the finest included (fewer are used when the grid runs out of cells).
    public var levels: Int = 5
    /// Pre-smoothing steps: one entry for every level, or one per level (finest first).
    public var smoothing: [Int] = [1]
    /// Post-smoothing steps on every level but the coarsest.
    public var postSmoothing: Int = 0
    /// Boundary condition of every 3×3 convolution: zero (Dirichlet), circular (periodic),
    /// reflect (Neumann).
    public var padding: Tensor.PaddingMode = .zero
    /// What a V-cycle hands to the next grid as its right-hand side.
    public var restriction: Restriction = .residual
    /// Whether σ also follows the last layer. false: the last layer feeds the projection linearly
    /// (as an FNO's last Fourier layer does); true: σ after every layer, as the authors' code
    /// (`MgNO_DC`), whose projection is then the only linear map after the last nonlinearity.
    public var activatesLastLayer: Bool = false

    /// `residual`: f^{ℓ+1} = R(f^ℓ − A u^ℓ), the paper's Algorithm 1. `rhs`: f^{ℓ+1} = R f^ℓ, the
    /// default of the authors' code (`use_res=False`), with which their Darcy figures were made.
    public enum Restriction: String, Sendable, CaseIterable {
        case residual, rhs
    }

    public init() {}

    /// Pre-smoothing steps per level.
    public var preSmoothing: [Int] {
        smoothing.count == 1 ? Array(repeating: smoothing[0], count: levels) : smoothing
    }

    /// Throws the first problem that would make the model meaningless.
    public func validate() throws {
        typealias E = MgNOConfigurationError
        for (field, value) in [("inChannels", inChannels), ("outChannels", outChannels), ("channels", channels),
                               ("layers", layers), ("levels", levels)] where value < 1 {
            throw E.nonPositive(field, value)
        }
        guard spatialRank == 1 || spatialRank == 2 else { throw E.spatialRank(spatialRank) }
        guard smoothing.count == 1 || smoothing.count == levels else { throw E.smoothingCount(smoothing, levels: levels) }
        guard preSmoothing[0] >= 1, smoothing.allSatisfy({ $0 >= 0 }), postSmoothing >= 0 else {
            throw E.smoothingSteps(smoothing, post: postSmoothing)
        }
    }
}
