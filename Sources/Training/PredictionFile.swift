import Fields
import NeuropCore

/// Writes an operator's predictions as a neurop field file, beside the inputs and targets they
/// belong to: `inputs` (what the model was given, time steps as channels for windows), `outputs`
/// (the predictions, in the stored layout of the source file's outputs) and `targets` (the true
/// outputs, same layout), with the grid (and target time) coordinates. Root metadata is the source
/// file's, its recipe headed by a comment saying which checkpoint predicted what.
public enum PredictionFile {
    public static func write(_ predictions: Tensor, for data: FieldDataset, pairing: SamplePairing, checkpoint: String,
                             to path: String) throws {
        let source = try FieldFileReader(path: data.file)
        let recipe = "# predictions of \(checkpoint) on \(data.file) (neurop eval)\n" + (source.metadata?.recipe ?? "")
        let writer = try FieldFileWriter(path: path, metadata: FieldFileMetadata(
            pde: source.metadata?.pde ?? "pdebench", generator: NeuropVersion.generator, seed: source.metadata?.seed ?? 0,
            recipe: recipe))
        let channels = data.storedOutputChannels
        let outputNames = (try? source.channels(of: FieldFileFormat.outputs)).flatMap { $0 }
            ?? (0..<channels).map { "c\($0)" }
        let inputNames = (try? source.channels(of: FieldFileFormat.inputs)).flatMap { $0 } ?? []

        var inputs = data.inputs
        var timeSteps: Int?
        var spatialRank = data.coordinates.count
        var modelInputNames = inputNames
        if case .window(let window) = pairing {
            timeSteps = window.outputSteps
            if window.layout == .axis {
                spatialRank -= 1
                inputs = inputs.slice(axis: inputs.rank - 1, 0..<1).reshaped(Array(inputs.shape.dropLast()))
            }
            modelInputNames = (window.start..<(window.start + window.inputSteps)).flatMap { step in outputNames.map { "\($0)@\(step)" } }
        }
        let grid = Array(data.coordinates.prefix(spatialRank).map(\.count))
        if modelInputNames.count != inputs.shape[1] { modelInputNames = (0..<inputs.shape[1]).map { "c\($0)" } }
        let outputLayout = FieldSampleLayout(channels: outputNames.count == channels ? outputNames : (0..<channels).map { "c\($0)" },
                                             grid: grid, timeSteps: timeSteps)
        try writer.declareSamples(FieldFileFormat.inputs, layout: FieldSampleLayout(channels: modelInputNames, grid: grid))
        try writer.declareSamples(FieldFileFormat.outputs, layout: outputLayout)
        try writer.declareSamples("targets", layout: outputLayout)
        for (axis, values) in data.coordinates.prefix(spatialRank).enumerated() {
            try writer.writeCoordinate(FieldFileFormat.spatialAxes[axis], values)
        }
        if let times = data.targetTimes { try writer.writeCoordinate(FieldFileFormat.timeAxis, times) }
        try writer.appendSamples(dataset: FieldFileFormat.inputs, inputs)
        try writer.appendSamples(dataset: FieldFileFormat.outputs, pairing.storedLayout(of: predictions, channels: channels))
        try writer.appendSamples(dataset: "targets", pairing.storedLayout(of: data.targets, channels: channels))
        try writer.finish()
    }
}
