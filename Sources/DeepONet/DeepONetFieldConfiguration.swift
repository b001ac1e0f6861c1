/// A DeepONet on gridded fields (`DeepONetFieldOperator`): the branch reads every input channel at
/// the sensor nodes — every grid node, or every `sensorStride`-th along each axis — and the trunk is
/// queried at every output grid node.
///
/// `network` gives the layers; its `sensors`, `queryDimension` and `outChannels` are derived from
/// `inChannels`, `outChannels` and `grid` (`resolvedNetwork`), so they are stated once.
public struct DeepONetFieldConfiguration: Equatable, Sendable {
    public var network: DeepONetConfiguration
    public var inChannels: Int = 1
    public var outChannels: Int = 1
    /// Grid extents `[n₁, …]` of inputs and outputs (empty until the data is known).
    public var grid: [Int]
    /// Sensors at nodes 0, s, 2s, … ≤ n − 1 of each axis (1: every node).
    public var sensorStride: Int = 1

    public init(grid: [Int] = []) {
        network = DeepONetConfiguration(sensors: 0, queryDimension: 0)
        self.grid = grid
    }

    /// Sensors per axis: ⌊(n − 1)/s⌋ + 1.
    public var sensorGrid: [Int] { grid.map { ($0 - 1) / sensorStride + 1 } }

    /// The sensors' flat node indices on the grid, row-major; nil when every node is a sensor.
    public var sensorNodes: [Int]? {
        guard sensorStride > 1 else { return nil }
        var nodes = [0]
        for (axis, n) in grid.enumerated() {
            let along = stride(from: 0, to: n, by: sensorStride)
            let inner = grid[(axis + 1)...].reduce(1, *)
            nodes = nodes.flatMap { base in along.map { base + $0 * inner } }
        }
        return nodes
    }

    /// The network for this grid: m = C_in × (sensors per channel) sensors, d = grid axes, K = C_out.
    public var resolvedNetwork: DeepONetConfiguration {
        var c = network
        c.sensors = inChannels * sensorGrid.reduce(1, *)
        c.queryDimension = grid.count
        c.outChannels = outChannels
        return c
    }
}
