/// The Darcy (steady diffusion) problem `−∇·(a∇u) = f` on [0,1]², `u = g` on the boundary (g = 0
/// unless `boundaryValues` are given).
///
/// Fields live on the s×s node grid that includes the boundary nodes: node (i, j) sits at
/// `x = i·h`, `y = j·h`, `h = 1/(s−1)`, stored row-major at `i·s + j` (y along the last axis), the
/// field file's axis order `x, y`.
/// The coefficient must be positive; boundary values of `source` are ignored. FNO Darcy data:
/// s = 421 (subsampled to 85, 141, 211), f ≡ 1, a ∈ {12, 3} (see `DarcyCoefficientSampler`);
/// the solution's maximum is then O(1e-2).
public struct DarcyProblem: Sendable {
    /// Nodes per axis, boundary included.
    public let size: Int
    /// a at the nodes, `size²` values.
    public let coefficient: [Double]
    /// f at the nodes, `size²` values.
    public let source: [Double]
    /// g at the nodes, `size²` values of which only the boundary ring is read; nil for g = 0.
    public let boundaryValues: [Double]?

    public init(size: Int, coefficient: [Double], source: [Double]? = nil, boundaryValues: [Double]? = nil) {
        precondition(size >= 3, "a Darcy grid needs at least 3 nodes per axis, got \(size)")
        precondition(coefficient.count == size * size,
                     "coefficient has \(coefficient.count) values, expected size² = \(size * size)")
        precondition(coefficient.allSatisfy { $0 > 0 && $0.isFinite }, "the coefficient a must be positive and finite")
        let f = source ?? [Double](repeating: 1, count: size * size)
        precondition(f.count == size * size, "source has \(f.count) values, expected size² = \(size * size)")
        precondition(boundaryValues.map { $0.count == size * size && $0.allSatisfy(\.isFinite) } ?? true,
                     "boundary values must be size² = \(size * size) finite values")
        self.size = size
        self.coefficient = coefficient
        self.source = f
        self.boundaryValues = boundaryValues
    }

    /// Grid spacing h = 1/(s−1).
    public var spacing: Double { 1 / Double(size - 1) }
}
