/// A DeepONet on gridded fields (`DeepONetFieldOperator`): the branch reads every input channel at
/// every grid node, the trunk is queried at every output grid node.
///
/// `network` gives the layers; its `sensors`, `queryDimension` and `outChannels` are derived from
/// `inChannels`, `outChannels` and `grid` (`resolvedNetwork`), so they are stated once.
public struct DeepONetFieldConfiguration: Equatable, Sendable {
    public var network: DeepONetConfiguration
    public var inChannels: Int = 1
    public var outChannels: Int = 1
    /// Grid extents `[n₁, …]` of inputs and outputs (empty until the data is known).
    public var grid: [Int]

    public init(grid: [Int] = []) {
        network = DeepONetConfiguration(sensors: 0, queryDimension: 0)
        self.grid = grid
    }

    /// The network for this grid: m = C_in·n₁⋯n_d sensors, d = grid axes, K = C_out.
    public var resolvedNetwork: DeepONetConfiguration {
        var c = network
        c.sensors = inChannels * grid.reduce(1, *)
        c.queryDimension = grid.count
        c.outChannels = outChannels
        return c
    }
}
