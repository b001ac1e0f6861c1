import Fields
import Foundation
import NeuropCore

/// Everything needed to evaluate a trained operator or to resume its training bit for bit, as one
/// HDF5 file (`format = "neurop.checkpoint"`, version 1):
///
/// | path | holds |
/// | --- | --- |
/// | `/parameters/<name>` | float32, one dataset per model parameter, by its module path |
/// | `/optimizer/<name>/<slot>` | float32 moments (`m`, `v`) or `momentum`; attribute `step_count` on `/optimizer` |
/// | `/normalizers/{inputs,outputs}/{mean,std}` | float32 `[C, grid]`; attribute `epsilon` |
/// | `/grid/axis<i>` | float64 coordinates of the training grid (for normalisers at other resolutions) |
/// | `/metrics` | float64 `[epochs, 6]`: epoch, train_loss, test_rel_l2, lr, test_mse, seconds (older checkpoints: 5, without test_mse) |
///
/// Root attributes: `format`, `format_version`, `generator`, `created`, `config` (the resolved
/// configuration, YAML), `model_kind`, `parameter_count`, `epoch` (completed), `batch` (of the next
/// epoch, after an interruption), `step` (optimizer steps), `seed` and `rng` (the shuffle of epoch e
/// is `RandomStream(seed, stream: 1 + e)`, so seed and epoch are the whole random state),
/// `partial_loss_sum`, `partial_seconds`, and `best_epoch`/`best_test_rel_l2` once an epoch is done.
///
/// `write(to:)` writes `PATH.partial` and renames it over `PATH`, so a checkpoint on disk is
/// always complete: an interruption while writing leaves the previous one in place.
public struct Checkpoint {
    public static let format = "neurop.checkpoint"
    public static let version: Int64 = 1

    /// The resolved configuration of the run (model channels included).
    public var configuration: TrainingConfiguration
    public var parameters: [String: Tensor]
    public var optimizerState: [String: Tensor]
    public var optimizerSteps: Int
    public var inputNormalizer: GaussianNormalizer?
    public var outputNormalizer: GaussianNormalizer?
    /// Coordinates of the training grid.
    public var coordinates: [[Double]]
    public var state: TrainingState

    /// A snapshot of `trainer` as it is now.
    public init(_ trainer: Trainer) {
        configuration = trainer.configuration
        parameters = Dictionary(uniqueKeysWithValues: trainer.model.namedParameters.map { ($0.name, $0.parameter.value) })
        optimizerState = trainer.optimizer.state
        optimizerSteps = trainer.optimizer.stepCount
        inputNormalizer = trainer.inputNormalizer
        outputNormalizer = trainer.outputNormalizer
        coordinates = trainer.coordinates
        state = trainer.state
    }

    /// Whether the HDF5 file at `path` is a neurop checkpoint.
    public static func isCheckpoint(_ path: String) -> Bool {
        guard HDF5File.isHDF5(path), let file = try? HDF5File(openingAt: path),
              let format = try? file.root.stringAttribute("format") else { return false }
        return format == Checkpoint.format
    }

    // MARK: Writing

    /// Writes the checkpoint to `PATH.partial`, then renames it to `PATH`.
    public func write(to path: String) throws {
        let partial = path + FieldFileFormat.partialSuffix
        try writeContents(to: partial)
        // The file was closed when `writeContents` released its handles.
        if rename(partial, path) != 0 {
            throw FieldFileError.renameFailed(from: partial, to: path, reason: String(cString: strerror(errno)))
        }
    }

    private func writeContents(to path: String) throws {
        let file = try HDF5File(creatingAt: path, overwrite: true)
        let root = file.root
        try root.setAttribute("format", .string(Checkpoint.format))
        try root.setAttribute("format_version", .int64(Checkpoint.version))
        try root.setAttribute("generator", .string(NeuropVersion.generator))
        try root.setAttribute("created", .string(FieldFileMetadata.timestamp()))
        try root.setAttribute("config", .string(configuration.yaml))
        try root.setAttribute("model_kind", .string(configuration.model.kind.rawValue))
        try root.setAttribute("parameter_count", .int64(Int64(parameters.values.reduce(0) { $0 + $1.count })))
        try root.setAttribute("epoch", .int64(Int64(state.epoch)))
        try root.setAttribute("batch", .int64(Int64(state.batch)))
        try root.setAttribute("step", .int64(Int64(optimizerSteps)))
        try root.setAttribute("seed", .int64(Int64(bitPattern: configuration.training.seed)))
        try root.setAttribute("rng", .string("Philox-4x32-10: initial weights from (seed, stream 0); epoch e (0-based) shuffled by (seed, stream 1 + e); nothing else is random"))
        try root.setAttribute("partial_loss_sum", .double(state.partialLossSum))
        try root.setAttribute("partial_seconds", .double(state.partialSeconds))
        if let best = state.best {
            try root.setAttribute("best_epoch", .int64(Int64(best.epoch)))
            try root.setAttribute("best_test_rel_l2", .double(best.testRelativeL2))
        }
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            try write(value, at: "parameters/\(name)", in: file)
        }
        let optimizer = try file.createGroup("optimizer")
        try optimizer.setAttribute("step_count", .int64(Int64(optimizerSteps)))
        for (key, value) in optimizerState.sorted(by: { $0.key < $1.key }) {
            try write(value, at: "optimizer/\(key)", in: file)
        }
        for (name, normalizer) in [("inputs", inputNormalizer), ("outputs", outputNormalizer)] {
            guard let normalizer else { continue }
            let group = try file.createGroup("normalizers/\(name)")
            try group.setAttribute("epsilon", .double(Double(normalizer.epsilon)))
            try write(normalizer.mean, at: "normalizers/\(name)/mean", in: file)
            try write(normalizer.standardDeviation, at: "normalizers/\(name)/std", in: file)
        }
        for (axis, values) in coordinates.enumerated() {
            try file.createDataset("grid/axis\(axis)", values: values)
        }
        if !state.history.isEmpty {
            let rows = state.history.flatMap {
                [Double($0.epoch), $0.trainLoss, $0.testRelativeL2, Double($0.learningRate), $0.testMSE, $0.seconds]
            }
            let metrics = try file.createDataset("metrics", values: rows, shape: [state.history.count, MetricsLog.columns.count])
            try metrics.setAttribute("columns", .string(MetricsLog.columns.joined(separator: ",")))
        }
        try file.flush()
    }

    private func write(_ tensor: Tensor, at path: String, in file: HDF5File) throws {
        try file.createDataset(path, values: tensor.values, shape: tensor.shape)
    }

    // MARK: Reading

    /// Reads the checkpoint at `path`.
    public init(path: String) throws {
        let file = try HDF5File(openingAt: path)
        let root = file.root
        guard try root.hasAttribute("format"), try root.stringAttribute("format") == Checkpoint.format else {
            throw CheckpointError.notACheckpoint(path: path)
        }
        let version = try root.int64Attribute("format_version")
        guard version == Checkpoint.version else { throw CheckpointError.unsupportedVersion(path: path, version: version) }
        do {
            configuration = try TrainingConfiguration.parse(yaml: try root.stringAttribute("config"), source: "the configuration stored in \(path)")
        } catch let error as ConfigurationError {
            throw CheckpointError.badConfiguration(path: path, detail: error.description)
        }
        parameters = try Checkpoint.tensors(under: "parameters", in: file)
        optimizerState = root.contains("optimizer") ? try Checkpoint.tensors(under: "optimizer", in: file) : [:]
        optimizerSteps = Int(try root.int64Attribute("step"))
        func normalizer(_ name: String) throws -> GaussianNormalizer? {
            let base = "normalizers/\(name)"
            guard root.contains("normalizers"), try file.group("normalizers").contains(name) else { return nil }
            return GaussianNormalizer(mean: try Checkpoint.tensor(at: "\(base)/mean", in: file),
                                      standardDeviation: try Checkpoint.tensor(at: "\(base)/std", in: file),
                                      epsilon: Float(try file.group(base).doubleAttribute("epsilon")))
        }
        inputNormalizer = try normalizer("inputs")
        outputNormalizer = try normalizer("outputs")
        var coordinates: [[Double]] = []
        while root.contains("grid"), try file.group("grid").contains("axis\(coordinates.count)") {
            coordinates.append(try file.dataset("grid/axis\(coordinates.count)").read(Double.self))
        }
        self.coordinates = coordinates
        var state = TrainingState()
        state.epoch = Int(try root.int64Attribute("epoch"))
        state.batch = Int(try root.int64Attribute("batch"))
        state.partialLossSum = try root.doubleAttribute("partial_loss_sum")
        state.partialSeconds = try root.doubleAttribute("partial_seconds")
        if root.contains("metrics") {
            let dataset = try file.dataset("metrics")
            let rows = try dataset.read(Double.self)
            // Six columns; checkpoints written before test_mse was recorded have five.
            let width = try dataset.shape.last ?? 0
            guard width == 5 || width == 6 else {
                throw CheckpointError.inconsistent(path: path, detail: "its metrics have \(width) columns, not 6 (\(MetricsLog.columns.joined(separator: ", ")))")
            }
            state.history = stride(from: 0, to: rows.count, by: width).map {
                EpochRecord(epoch: Int(rows[$0]), trainLoss: rows[$0 + 1], testRelativeL2: rows[$0 + 2],
                            testMSE: width == 6 ? rows[$0 + 4] : .nan,
                            learningRate: Float(rows[$0 + 3]), seconds: rows[$0 + width - 1])
            }
        }
        guard state.history.count == state.epoch else {
            throw CheckpointError.inconsistent(path: path, detail: "it records \(state.history.count) epochs of metrics for epoch \(state.epoch)")
        }
        self.state = state
    }

    /// Every dataset below group `name`, by its path relative to the group.
    private static func tensors(under name: String, in file: HDF5File) throws -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for path in try file.group(name).datasetPaths() {
            let relative = String(path.dropFirst(name.count + 2))
            result[relative] = try tensor(at: String(path.dropFirst()), in: file)
        }
        return result
    }

    private static func tensor(at path: String, in file: HDF5File) throws -> Tensor {
        let dataset = try file.dataset(path)
        return Tensor(shape: try dataset.shape, values: try dataset.read(Float.self))
    }
}

/// A file that cannot be used as a checkpoint.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    case notACheckpoint(path: String)
    case unsupportedVersion(path: String, version: Int64)
    case badConfiguration(path: String, detail: String)
    case inconsistent(path: String, detail: String)

    public var description: String {
        switch self {
        case let .notACheckpoint(path):
            return "\(path) is not a neurop checkpoint (no format = \"\(Checkpoint.format)\" attribute); give a run folder or its checkpoint.h5"
        case let .unsupportedVersion(path, version):
            return "\(path) is a checkpoint of version \(version), but this neurop reads version \(Checkpoint.version); use a matching neurop release"
        case let .badConfiguration(path, detail):
            return "the configuration stored in \(path) cannot be read by this neurop: \(detail)"
        case let .inconsistent(path, detail):
            return "checkpoint \(path) is damaged: \(detail)"
        }
    }
}
