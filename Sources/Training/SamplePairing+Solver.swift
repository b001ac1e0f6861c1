import NeuropCore

extension SamplePairing {
    /// The state a reference solver starts from for each sample of model inputs `inputs`, as
    /// `[k, channels, grid]` on the spatial grid: the inputs themselves for direct pairs, the last
    /// input state of a window (the time axis of the `axis` layout dropped, where the input repeats).
    /// `channels` is the number of channels of one stored state.
    ///
    /// Started there and recorded at `targetTimes − lastInputTime` (`FieldDataset`), the solver
    /// computes exactly the states the model predicts, in the stored layout of outputs
    /// (`storedLayout(of:channels:)` of the targets).
    public func solverStart(of inputs: Tensor, channels: Int) -> Tensor {
        switch self {
        case .direct:
            return inputs
        case .window(let window):
            var states = inputs
            if window.layout == .axis {
                states = states.slice(axis: states.rank - 1, 0..<1).reshaped(Array(states.shape.dropLast()))
            }
            let last = (window.inputSteps - 1) * channels
            return states.slice(axis: 1, last..<last + channels)
        }
    }
}
