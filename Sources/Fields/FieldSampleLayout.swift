/// The shape of one sample of a gridded field: named channels on a grid, optionally at T times.
///
/// One sample has shape `[C, n1, (n2, (n3))]`, or `[T, C, n1, …]` for trajectories; the dataset
/// adds the sample axis in front. Axis names are `sample`, `t` (trajectories only), `channel`,
/// then `x`, `y`, `z` for the grid axes in order, e.g. `sample,t,channel,x` for 1D Burgers.
public struct FieldSampleLayout: Equatable {
    /// Channel names, e.g. `["a"]` for a Darcy coefficient or `["u", "v"]` for velocity.
    public var channels: [String]
    /// Grid points per spatial axis (1 to 3 axes), e.g. `[85, 85]`.
    public var grid: [Int]
    /// Number of output times T for trajectories; nil for a single field per sample.
    public var timeSteps: Int?

    public init(channels: [String], grid: [Int], timeSteps: Int? = nil) {
        self.channels = channels
        self.grid = grid
        self.timeSteps = timeSteps
    }

    /// `[T?, C, n1, …]`.
    public var sampleShape: [Int] {
        (timeSteps.map { [$0] } ?? []) + [channels.count] + grid
    }

    /// Axis names of the dataset, sample axis included: `["sample", ("t",) "channel", "x", …]`.
    public var axes: [String] {
        [FieldFileFormat.sampleAxis] + (timeSteps == nil ? [] : [FieldFileFormat.timeAxis])
            + [FieldFileFormat.channelAxis] + Array(FieldFileFormat.spatialAxes.prefix(grid.count))
    }
}
