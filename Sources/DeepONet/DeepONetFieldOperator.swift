import Autograd
import NeuralNetworks
import NeuropCore

/// A DeepONet as a grid-to-grid `FieldOperator`, so the training pipeline, `neurop eval` and
/// `compare` run it like any operator.
///
/// Sensors are the input grid: the branch reads x `[B, C_in, n₁, …]` flattened to
/// `[B, C_in·n₁⋯n_d]`. Queries are the output grid's nodes on the unit cube, y_i = i/(n − 1) along
/// each axis (row-major, as the grid is flattened), shared by the batch, so the operator uses the
/// Cartesian-product evaluation. The sensors are fixed: the model runs only on the grid it was
/// built for.
public final class DeepONetFieldOperator: FieldOperator {
    public let configuration: DeepONetFieldConfiguration
    public let network: DeepONet
    /// The query points, `[n₁⋯n_d, d]`.
    public let queries: Tensor

    public init(_ configuration: DeepONetFieldConfiguration, rng: inout RandomStream) throws {
        self.configuration = configuration
        network = try DeepONet(configuration.resolvedNetwork, rng: &rng)
        queries = Self.unitGrid(configuration.grid)
    }

    public var inChannels: Int { configuration.inChannels }
    public var outChannels: Int { configuration.outChannels }
    public var namedParameters: [(name: String, parameter: Parameter)] { network.namedParameters }

    public func callAsFunction(_ x: Variable) -> Variable {
        let grid = configuration.grid
        precondition(Array(x.shape.dropFirst()) == [inChannels] + grid,
                     "this DeepONet reads [B, \(inChannels)] + grid \(grid), got \(x.shape)")
        let batch = x.shape[0]
        return network.cartesian(x.reshaped([batch, -1]), queries: queries).reshaped([batch, outChannels] + grid)
    }

    /// G(v) at each sample's own points (the pointwise trunk evaluation, no interpolation): the
    /// points `[B, P, 2]` of the box `lower`…`upper` are mapped onto the unit square the trunk was
    /// built on (node i of an axis ↔ i/(n − 1)), so at grid nodes this equals the grid output.
    public func evaluate(_ x: Variable, at points: Tensor, lower: (Float, Float), upper: (Float, Float)) -> Variable {
        let grid = configuration.grid
        precondition(grid.count == 2 && Array(x.shape.dropFirst()) == [inChannels] + grid,
                     "this DeepONet reads [B, \(inChannels)] + grid \(grid), got \(x.shape)")
        precondition(points.rank == 3 && points.shape[0] == x.shape[0] && points.shape[2] == 2,
                     "points must be [\(x.shape[0]), P, 2], got \(points.shape)")
        let (scale0, scale1) = (1 / (upper.0 - lower.0), 1 / (upper.1 - lower.1))
        let unit = Tensor(shape: points.shape) { k in
            k % 2 == 0 ? (points[flat: k] - lower.0) * scale0 : (points[flat: k] - lower.1) * scale1
        }
        return network.pointwise(x.reshaped([x.shape[0], -1]), queries: unit)
    }

    /// Nodes of the grid `extents` on [0, 1]ᵈ (an axis of one node sits at 0), row-major: `[∏n, d]`.
    public static func unitGrid(_ extents: [Int]) -> Tensor {
        let count = extents.reduce(1, *), d = extents.count
        var values = [Float](repeating: 0, count: count * d)
        for node in 0..<count {
            var rest = node
            for axis in (0..<d).reversed() {
                let n = extents[axis], i = rest % n
                rest /= n
                values[node * d + axis] = n > 1 ? Float(i) / Float(n - 1) : 0
            }
        }
        return Tensor(shape: [count, d], values: values)
    }
}
