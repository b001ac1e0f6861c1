import Autograd
import Fields
import Foundation
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
@testable import Training

/// A small field operator for pipeline tests: two pointwise layers with GELU between them.
final class PointwiseOperator: FieldOperator {
    let first: PointwiseLinear
    let second: PointwiseLinear
    let inChannels: Int
    let outChannels: Int

    init(inChannels: Int, outChannels: Int, width: Int, rng: inout RandomStream) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        first = PointwiseLinear(inChannels, width, rng: &rng)
        second = PointwiseLinear(width, outChannels, rng: &rng)
    }

    var namedParameters: [(name: String, parameter: Parameter)] {
        Self.nest([("first", first), ("second", second)])
    }

    func callAsFunction(_ x: Variable) -> Variable { second(first(x).gelu()) }
}

extension ModelFactory {
    /// Builds a `PointwiseOperator` whose channels and hidden width are the FNO configuration's.
    static let pointwise = ModelFactory { configuration, rng in
        guard case .fno(let c) = configuration.architecture else { fatalError("only fno configurations in these tests") }
        return PointwiseOperator(inChannels: c.inChannels, outChannels: c.outChannels, width: c.width, rng: &rng)
    }
}

/// Writes a field file with `inputs` `[N, C_in, grid]` and `outputs` (`[N, C_out, grid]` or
/// `[N, T, C_out, grid]` with `times`), coordinates `i/(n−1)` per grid axis.
func writeFieldFile(_ path: String, inputs: Tensor, outputs: Tensor, times: [Double]? = nil) throws {
    let writer = try FieldFileWriter(path: path, metadata: FieldFileMetadata(pde: "test", generator: "tests", seed: 0,
                                                                           recipe: "pde: test\n"))
    let grid = Array(inputs.shape.dropFirst(2))
    try writer.declareSamples("inputs", layout: FieldSampleLayout(channels: (0..<inputs.shape[1]).map { "a\($0)" }, grid: grid))
    let outChannels = outputs.shape[times == nil ? 1 : 2]
    try writer.declareSamples("outputs", layout: FieldSampleLayout(channels: (0..<outChannels).map { "u\($0)" }, grid: grid,
                                                                   timeSteps: times?.count))
    for (axis, n) in grid.enumerated() {
        try writer.writeCoordinate(FieldFileFormat.spatialAxes[axis], (0..<n).map { Double($0) / Double(n - 1) })
    }
    if let times { try writer.writeCoordinate("t", times) }
    try writer.appendSamples(dataset: "inputs", inputs)
    try writer.appendSamples(dataset: "outputs", outputs)
    try writer.finish()
}

/// A pointwise regression set a `PointwiseOperator` can learn: a ~ N(0, 1) on a 12×10 grid,
/// u = sin(2a) + 0.5 a² + 1 (offset so that no target is near zero in norm).
func writePointwiseSet(_ path: String, samples: Int = 48, seed: UInt64 = 3) throws {
    let a = randomTensor([samples, 1, 12, 10], seed: seed)
    let u = a.map { sinf(2 * $0) + 0.5 * $0 * $0 + 1 }
    try writeFieldFile(path, inputs: a, outputs: u)
}

/// A configuration for the pointwise set at `file`: 40 train / 8 test samples, batch 8.
func pointwiseConfiguration(_ file: String, output: String, epochs: Int = 4, extra: [String] = []) throws -> TrainingConfiguration {
    try TrainingConfiguration.parse(yaml: """
        name: pointwise
        data: {train: \(file), n_train: 40, n_test: 8}
        model: {kind: fno, modes: [4, 4], width: 16}
        training:
          epochs: \(epochs)
          batch_size: 8
          optimizer: {kind: adam, lr: 1.0e-2}
          scheduler: {kind: step, step_size: 2, gamma: 0.5}
          seed: 7
        output: \(output)
        """, overrides: extra)
}

/// Records what a trainer reports; stops after `stopAfterBatches` batches when set.
final class RecordingObserver: TrainingObserver {
    var batches = 0
    var epochs: [EpochRecord] = []
    var stopAfterBatches: Int?
    var run: RunDirectory?

    init(stopAfterBatches: Int? = nil, run: RunDirectory? = nil) {
        self.stopAfterBatches = stopAfterBatches
        self.run = run
    }

    func batchFinished(epoch: Int, batch: Int, of batches: Int, samples: Int, loss: Double) { self.batches += 1 }

    func epochFinished(_ record: EpochRecord, trainer: Trainer) throws {
        epochs.append(record)
        try run?.recordEpoch(of: trainer)
    }

    var shouldStop: Bool { stopAfterBatches.map { batches >= $0 } ?? false }
}

/// The history without the wall-clock column, for bit-identity comparisons.
func withoutTimes(_ history: [EpochRecord]) -> [EpochRecord] {
    history.map { var r = $0; r.seconds = 0; return r }
}
