import Autograd
import NeuralNetworks
import NeuropCore

/// MgConv, the linear operator of an MgNO layer: one V-cycle of learned convolutions applied to
/// the layer input as right-hand side (He, Liu & Xu 2024, Algorithm 1):
///
///     f¹ = f,  u¹ = 0
///     for ℓ = 1 … J:                     (down)
///         ν_ℓ times:  u^ℓ ← u^ℓ + S^ℓ(f^ℓ − A^ℓ u^ℓ)
///         if ℓ < J:   u^{ℓ+1} = Π^ℓ u^ℓ,   f^{ℓ+1} = R^ℓ (f^ℓ − A^ℓ u^ℓ)
///     for ℓ = J−1 … 1:                   (up)
///         u^ℓ ← u^ℓ + P^ℓ u^{ℓ+1},  then μ times  u^ℓ ← u^ℓ + S^ℓ(f^ℓ − A^ℓ u^ℓ)
///     return u¹
///
/// With u¹ = 0 the first step is u¹ = S¹ f. Each grid halves the last (⌈n/2⌉ cells, any n ≥ 1), so
/// odd grids such as 85 → 43 → 22 → … and 421 → 211 → … work as even ones do. The cycle uses the
/// configured levels, or fewer when the grid runs out: a level is used only while every axis of
/// its grid has at least 2 cells (what reflect padding needs), so one model evaluates on any grid.
/// Fixing A to a discrete Laplacian, S to damped Jacobi, R to full weighting, P to linear
/// interpolation and Π to 0 makes this the textbook geometric multigrid V(ν, μ) cycle.
public final class VCycle: Module {
    public let levels: [MultigridLevel]
    /// Pre-smoothing steps ν_ℓ per level (at least 1 on the finest, which starts from u = 0).
    public let preSmoothing: [Int]
    /// Post-smoothing steps μ on every level but the coarsest.
    public let postSmoothing: Int
    /// Whether the next grid's right-hand side is the restricted residual or the restricted f.
    public let restriction: MgNOConfiguration.Restriction

    public init(levels: [MultigridLevel], preSmoothing: [Int], postSmoothing: Int,
                restriction: MgNOConfiguration.Restriction = .residual) {
        precondition(!levels.isEmpty && preSmoothing.count == levels.count, "one pre-smoothing count per level")
        precondition(preSmoothing[0] >= 1 && preSmoothing.allSatisfy { $0 >= 0 } && postSmoothing >= 0,
                     "smoothing counts must be non-negative, and at least 1 on the finest level")
        self.levels = levels
        self.preSmoothing = preSmoothing
        self.postSmoothing = postSmoothing
        self.restriction = restriction
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        Self.nest(levels.enumerated().map { ("levels.\($0.offset)", $0.element) })
    }

    /// Number of levels the cycle uses on a grid of `extents` cells.
    public func usableLevels(for extents: [Int]) -> Int {
        var used = 1, grid = extents
        while used < levels.count {
            grid = grid.map { ($0 + 1) / 2 }
            guard grid.allSatisfy({ $0 >= 2 }) else { break }
            used += 1
        }
        return used
    }

    public func callAsFunction(_ f: Variable) -> Variable {
        let depth = usableLevels(for: Array(f.shape.dropFirst(2)))
        var rhs: [Variable] = [], iterates: [Variable] = []
        // u¹ = 0, so the first smoothing step is u¹ = S¹ f.
        var fl = f, ul = levels[0].smoother(f)
        for l in 0..<depth {
            let level = levels[l]
            for _ in (l == 0 ? 1 : 0)..<preSmoothing[l] { ul = level.smooth(ul, fl) }
            rhs.append(fl)
            iterates.append(ul)
            if l + 1 < depth {
                fl = level.restriction!(restriction == .residual ? fl - level.operatorA(ul) : fl)
                ul = level.projection!(ul)
            }
        }
        var u = iterates[depth - 1]
        for l in stride(from: depth - 2, through: 0, by: -1) {
            let level = levels[l]
            u = iterates[l] + level.prolongate(u, to: Array(rhs[l].shape.dropFirst(2)))
            for _ in 0..<postSmoothing { u = level.smooth(u, rhs[l]) }
        }
        return u
    }
}
