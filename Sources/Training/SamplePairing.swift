import NeuropCore

/// Which states of a stored trajectory a model takes and which it predicts.
///
/// The trajectory of a sample is its states in time order: for neurop files the input (t = 0)
/// followed by the outputs (t > 0); for files whose outputs start at t = 0 (PDEBench), the outputs
/// alone. The first `inputSteps` states are the input, the next `outputSteps` the target.
public struct TimeWindow: Equatable, Sendable {
    /// How the time steps are laid out for the model.
    public enum Layout: String, CaseIterable, Sendable {
        /// Steps stacked as channels on the spatial grid: `[in·C, grid]` → `[out·C, grid]`
        /// (a 2D FNO predicting all target steps at once).
        case channels
        /// Time as an extra last grid axis of length `outputSteps`: the input steps as channels,
        /// repeated along it, `[in·C, grid, T]` → `[C, grid, T]` (the FNO paper's FNO-3D).
        case axis
    }

    public var inputSteps: Int
    public var outputSteps: Int
    public var layout: Layout
    /// Index of the first input state (1 skips the initial state, as the FNO paper's NS runs do).
    public var start: Int

    public init(inputSteps: Int, outputSteps: Int, layout: Layout = .channels, start: Int = 0) {
        self.inputSteps = inputSteps
        self.outputSteps = outputSteps
        self.layout = layout
        self.start = start
    }
}

/// How the stored datasets of a field file become (input, target) pairs for a model.
public enum SamplePairing: Equatable, Sendable {
    /// `inputs` `[N, C_in, grid]` → `outputs` `[N, C_out, grid]`, as stored.
    case direct
    /// A window of a trajectory (`outputs` `[N, T, C, grid]`).
    case window(TimeWindow)

    /// The pair for a block of samples: stored `inputs` `[k, C, grid]` and `outputs` `[k, C, grid]`
    /// or `[k, T, C, grid]`. `outputsStartAtZero` says whether the outputs include the initial
    /// state (their first time is 0). `file` names the data in errors.
    func pair(inputs: Tensor, outputs: Tensor, outputsStartAtZero: Bool, file: String) throws -> (input: Tensor, target: Tensor) {
        let grid = Array(inputs.shape.dropFirst(2))
        switch self {
        case .direct:
            guard outputs.rank == inputs.rank else {
                throw ConfigurationError.inconsistent(
                    detail: "\(file) holds trajectories (outputs \(outputs.shape.dropFirst()) per sample: time, channel, grid)",
                    fix: "set data.input_steps and data.output_steps to train on a window of them")
            }
            guard Array(outputs.shape.dropFirst(2)) == grid else {
                throw ConfigurationError.inconsistent(
                    detail: "inputs (grid \(grid)) and outputs (grid \(Array(outputs.shape.dropFirst(2)))) of \(file) are on different grids",
                    fix: "use a file whose inputs and outputs share one grid")
            }
            return (inputs, outputs)
        case .window(let window):
            guard outputs.rank == inputs.rank + 1, Array(outputs.shape.dropFirst(3)) == grid else {
                throw ConfigurationError.inconsistent(
                    detail: "data.input_steps needs trajectories, but \(file) has outputs \(outputs.shape.dropFirst()) per sample for inputs \(inputs.shape.dropFirst())",
                    fix: "remove data.input_steps and data.output_steps, or use a trajectory file")
            }
            let (k, channels) = (inputs.shape[0], outputs.shape[2])
            var states = outputs
            if !outputsStartAtZero {
                guard inputs.shape[1] == channels else {
                    throw ConfigurationError.channelMismatch(
                        detail: "the inputs of \(file) have \(inputs.shape[1]) channels but its trajectory states \(channels)",
                        fix: "a window needs inputs that are the initial state")
                }
                states = Tensor.concatenate([inputs.reshaped([k, 1, channels] + grid), outputs], axis: 1)
            }
            let (first, end) = (window.start + window.inputSteps, window.start + window.inputSteps + window.outputSteps)
            guard states.shape[1] >= end else {
                throw ConfigurationError.inconsistent(
                    detail: "data.start_step + data.input_steps + data.output_steps = \(end) states are needed but \(file) holds \(states.shape[1]) per trajectory",
                    fix: "lower them or generate longer trajectories")
            }
            let input = states.slice(axis: 1, window.start..<first).reshaped([k, window.inputSteps * channels] + grid)
            let target = states.slice(axis: 1, first..<end)
            switch window.layout {
            case .channels:
                return (input, target.reshaped([k, window.outputSteps * channels] + grid))
            case .axis:
                let repeated = input.reshaped(input.shape + [1]).broadcasted(to: input.shape + [window.outputSteps])
                // [k, T, C, grid…] → [k, C, grid…, T]
                let order = [0, 2] + Array(3..<(3 + grid.count)) + [1]
                return (repeated, target.permuted(order))
            }
        }
    }

    /// Predictions `[k, C_out, grid]` in the stored layout of outputs: `[k, C, grid]` for direct
    /// pairs, `[k, T, C, grid]` (the target steps) for windows; `channels` is the stored channel count.
    public func storedLayout(of prediction: Tensor, channels: Int) -> Tensor {
        switch self {
        case .direct:
            return prediction
        case .window(let window):
            let k = prediction.shape[0]
            switch window.layout {
            case .channels:
                return prediction.reshaped([k, window.outputSteps, channels] + prediction.shape.dropFirst(2))
            case .axis:
                // [k, C, grid…, T] → [k, T, C, grid…]
                let r = prediction.rank
                return prediction.permuted([0, r - 1, 1] + Array(2..<(r - 1)))
            }
        }
    }

    /// Index, in the stored trajectory, of the first target state (0 for direct pairs).
    var firstTargetState: Int {
        if case .window(let window) = self { return window.start + window.inputSteps }
        return 0
    }
}
