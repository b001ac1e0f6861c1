import Foundation

/// A failure specific to the neurop field format (errors of the file itself are `HDF5Error`s),
/// described in one sentence that names the file or dataset and the fix.
public enum FieldFileError: Error, Equatable, CustomStringConvertible {
    /// The file has neither the neurop `format` attribute nor a PDEBench `tensor` dataset.
    case notAFieldFile(path: String)
    /// The `format` attribute names another format.
    case unsupportedFormat(path: String, format: String)
    /// The `format_version` is one this code does not read.
    case unsupportedVersion(path: String, version: Int64)
    /// A PDEBench-style file (`tensor`, no `format`) whose datasets match no known layout.
    case unrecognisedPDEBenchLayout(path: String, datasets: String)
    /// The folder the file should be written in does not exist.
    case noSuchDirectory(path: String)
    /// The folder the file should be written in does not accept new files.
    case notWritable(path: String)
    /// A sample dataset of that name was already declared.
    case alreadyDeclared(dataset: String)
    /// Samples were written to a dataset that was never declared.
    case notDeclared(dataset: String, declared: [String])
    /// A declaration that cannot be honoured (axis names not matching the rank, empty extents…).
    case invalidDeclaration(dataset: String, reason: String)
    /// A tensor given for `dataset` is neither one sample nor a stack of samples.
    case sampleShapeMismatch(dataset: String, sampleShape: [Int], given: [Int])
    /// A raw buffer does not hold `samples` whole samples.
    case bufferSizeMismatch(dataset: String, samples: Int, needed: Int, given: Int)
    /// Samples `lower..<upper` are outside the `count` samples of the dataset.
    case sampleRangeOutOfBounds(dataset: String, file: String, lower: Int, upper: Int, count: Int)
    /// `appendSamples` on a dataset declared with a fixed number of samples.
    case fixedSampleCount(dataset: String, count: Int)
    /// `finish()` found slots of a fixed-size dataset that were never written.
    case unwrittenSamples(dataset: String, missing: [Int], count: Int)
    /// A coordinate's length differs from the extent of the axis it names.
    case coordinateLengthMismatch(axis: String, length: Int, dataset: String, extent: Int)
    /// The writer already finished (or failed while finishing).
    case alreadyFinished(path: String)
    /// Renaming `PATH.partial` to `PATH` failed.
    case renameFailed(from: String, to: String, reason: String)
    /// `--resume` asked for, but there is no `PATH.partial` to continue.
    case nothingToResume(path: String)
    /// The `.partial` file cannot be continued by this run.
    case cannotResume(path: String, reason: String)
    /// A coordinate requested from a file that has none for that axis.
    case missingCoordinate(axis: String, file: String, available: [String])

    public var description: String {
        switch self {
        case let .notAFieldFile(path):
            return "\(path) is neither a neurop field file (no 'format' attribute) nor a PDEBench file (no 'tensor' dataset)"
        case let .unsupportedFormat(path, format):
            return "\(path) has format '\(format)', not '\(FieldFileFormat.name)'; it was not written as a neurop field file"
        case let .unsupportedVersion(path, version):
            return "\(path) uses \(FieldFileFormat.name) version \(version) but this neurop reads version \(FieldFileFormat.version); use a matching neurop release"
        case let .unrecognisedPDEBenchLayout(path, datasets):
            return "\(path) looks like a PDEBench file but its datasets (\(datasets)) match neither 2D_DarcyFlow (tensor [N, 1, X, Y] and nu [N, X, Y]) nor a 1D time-dependent file (tensor [N, T, X])"
        case let .noSuchDirectory(path):
            return "no such directory: \(path); create it before writing the file"
        case let .notWritable(path):
            return "cannot write in \(path): permission denied; choose another output folder"
        case let .alreadyDeclared(dataset):
            return "dataset '\(dataset)' was already declared; declare each dataset once"
        case let .notDeclared(dataset, declared):
            let list = declared.isEmpty ? "none is declared yet" : "declared: " + declared.joined(separator: ", ")
            return "dataset '\(dataset)' was not declared (\(list)); declare it before writing samples"
        case let .invalidDeclaration(dataset, reason):
            return "cannot declare dataset '\(dataset)': \(reason)"
        case let .sampleShapeMismatch(dataset, sampleShape, given):
            let stackShape = "[" + (["k"] + sampleShape.map(String.init)).joined(separator: ", ") + "]"
            return "samples for '\(dataset)' must have shape \(describeShape(sampleShape)) (one sample) or \(stackShape) (k samples), but a tensor of shape \(describeShape(given)) was given"
        case let .bufferSizeMismatch(dataset, samples, needed, given):
            return "\(samples) samples of '\(dataset)' need \(needed) values but the buffer holds \(given)"
        case let .sampleRangeOutOfBounds(dataset, file, lower, upper, count):
            return "samples \(lower)..<\(upper) of '\(dataset)' in \(file) are out of range; it holds \(count) samples"
        case let .fixedSampleCount(dataset, count):
            return "dataset '\(dataset)' was declared with a fixed count of \(count) samples; write them with writeSamples(dataset:at:) or declare it without a count to append"
        case let .unwrittenSamples(dataset, missing, count):
            let shown = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            return "\(missing.count) of the \(count) samples of '\(dataset)' were never written (indices \(shown)); write them before finish()"
        case let .coordinateLengthMismatch(axis, length, dataset, extent):
            return "coordinate '\(axis)' has \(length) values but axis '\(axis)' of dataset '\(dataset)' has \(extent) points; write \(extent) values"
        case let .alreadyFinished(path):
            return "the writer for \(path) has already finished; create a new FieldFileWriter to write again"
        case let .renameFailed(from, to, reason):
            return "could not rename \(from) to \(to): \(reason)"
        case let .nothingToResume(path):
            let complete = FileManager.default.fileExists(atPath: path) ? " (\(path) is already complete)" : ""
            return "there is nothing to resume: \(path)\(FieldFileFormat.partialSuffix) does not exist\(complete); run without --resume"
        case let .cannotResume(path, reason):
            return "cannot resume \(path): \(reason); delete it or run without --resume to start again"
        case let .missingCoordinate(axis, file, available):
            let list = available.isEmpty ? "it has none" : "it has: " + available.joined(separator: ", ")
            return "no coordinate '\(axis)' in \(file); \(list)"
        }
    }
}
