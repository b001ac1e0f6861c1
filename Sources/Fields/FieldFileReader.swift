import NeuropCore

/// Reads neurop field files and PDEBench files through one interface, one range of samples at a
/// time (only the requested samples are read from disk).
///
/// Opening checks, in order: the file exists (`HDF5Error.noSuchFile`), is HDF5
/// (`HDF5Error.notHDF5`), and is either a neurop field file of a supported version (root attribute
/// `format = "neurop.fields"`, `format_version = 1`) or a PDEBench file (no `format` attribute, a
/// `tensor` dataset) of a layout in `PDEBenchLayout`, which documents the mapping applied.
///
/// For neurop files every dataset is presented as stored (its first axis is the sample axis) and
/// the coordinates are the datasets `x`, `y`, `z`, `t`. Samples are returned as float32 `Tensor`s;
/// float64 datasets are converted only when asked (`convertingFloat64: true`).
public final class FieldFileReader {
    /// The file as opened (read-only), for lower-level access.
    public let file: HDF5File
    /// Path on disk.
    public var path: String { file.path }
    /// neurop or PDEBench.
    public let kind: FieldFileKind
    /// The PDEBench layout, nil for neurop files.
    public let pdebenchLayout: PDEBenchLayout?
    /// Root metadata of a neurop file; nil for PDEBench files (their root attributes are still
    /// available through `file.root.attributes()`).
    public let metadata: FieldFileMetadata?

    /// How a presented dataset maps onto a dataset in the file.
    private struct Source {
        /// Dataset path in the file.
        let dataset: String
        /// Extent per non-sample axis of the stored dataset to read (starting at 0).
        let storedSampleCount: [Int]
        /// Shape of one presented sample (same element order as the stored selection).
        let sampleShape: [Int]
        let axes: [String]?
        let channels: [String]?
    }

    private var sources: [String: Source] = [:]
    private let coordinateSources: [String: (dataset: String, length: Int?)]

    public init(path: String) throws {
        let file = try HDF5File(openingAt: path, mode: .readOnly)
        self.file = file
        let root = file.root
        typealias A = FieldFileFormat.Attribute
        if try root.hasAttribute(A.format) {
            let format = try root.stringAttribute(A.format)
            guard format == FieldFileFormat.name else { throw FieldFileError.unsupportedFormat(path: path, format: format) }
            let version = try root.int64Attribute(A.formatVersion)
            guard version == FieldFileFormat.version else { throw FieldFileError.unsupportedVersion(path: path, version: version) }
            kind = .neurop
            pdebenchLayout = nil
            metadata = FieldFileMetadata(
                pde: try root.stringAttribute(A.pde), generator: try root.stringAttribute(A.generator),
                seed: try root.int64Attribute(A.seed), recipe: try root.stringAttribute(A.recipe),
                created: try root.stringAttribute(A.created))
            var coordinates: [String: (dataset: String, length: Int?)] = [:]
            for axis in FieldFileFormat.spatialAxes + [FieldFileFormat.timeAxis] where root.contains(axis) {
                coordinates[axis] = (axis, nil)
            }
            coordinateSources = coordinates
            for name in try file.datasetPaths().map({ String($0.dropFirst()) }) where coordinates[name] == nil {
                let dataset = try file.dataset(name)
                let shape = try dataset.shape
                guard !shape.isEmpty else { continue }
                let axes = try dataset.hasAttribute(A.axes) ? FieldFileFormat.split(try dataset.stringAttribute(A.axes)) : nil
                let channels = try dataset.hasAttribute(A.channels)
                    ? FieldFileFormat.split(try dataset.stringAttribute(A.channels)) : nil
                sources[name] = Source(dataset: name, storedSampleCount: Array(shape.dropFirst()),
                                       sampleShape: Array(shape.dropFirst()), axes: axes, channels: channels)
            }
        } else if root.contains("tensor") {
            kind = .pdebench
            metadata = nil
            let tensorShape = try file.dataset("tensor").shape
            let nuShape = root.contains("nu") ? try file.dataset("nu").shape : nil
            let described = try file.datasetPaths().map { "\($0.dropFirst()) \(describeShape(try file.dataset($0).shape))" }
            if let nuShape, tensorShape.count == 4, tensorShape[1] == 1, nuShape.count == 3,
               nuShape == [tensorShape[0], tensorShape[2], tensorShape[3]] {
                pdebenchLayout = .darcy2D
                let grid = Array(nuShape.dropFirst())
                let axes = ["sample", "channel", "x", "y"]
                sources[FieldFileFormat.inputs] = Source(dataset: "nu", storedSampleCount: grid, sampleShape: [1] + grid,
                                                         axes: axes, channels: ["nu"])
                sources[FieldFileFormat.outputs] = Source(dataset: "tensor", storedSampleCount: [1] + grid,
                                                          sampleShape: [1] + grid, axes: axes, channels: ["u"])
                coordinateSources = ["x": ("x-coordinate", nil), "y": ("y-coordinate", nil)]
            } else if nuShape == nil, tensorShape.count == 3 {
                pdebenchLayout = .timeDependent1D
                let (steps, points) = (tensorShape[1], tensorShape[2])
                sources[FieldFileFormat.inputs] = Source(dataset: "tensor", storedSampleCount: [1, points],
                                                         sampleShape: [1, points], axes: ["sample", "channel", "x"],
                                                         channels: ["u"])
                sources[FieldFileFormat.outputs] = Source(dataset: "tensor", storedSampleCount: [steps, points],
                                                          sampleShape: [steps, 1, points],
                                                          axes: ["sample", "t", "channel", "x"], channels: ["u"])
                coordinateSources = ["x": ("x-coordinate", nil), "t": ("t-coordinate", steps)]
            } else {
                throw FieldFileError.unrecognisedPDEBenchLayout(path: path, datasets: described.joined(separator: ", "))
            }
        } else {
            throw FieldFileError.notAFieldFile(path: path)
        }
    }

    /// Names of the datasets holding samples (first axis = sample): for neurop files every
    /// dataset except the coordinates, for PDEBench files `inputs` and `outputs`. Sorted.
    public var datasetNames: [String] { sources.keys.sorted() }

    /// Axes with a coordinate (`x`, `y`, `z`, `t`) present in the file, sorted.
    public var coordinateNames: [String] {
        coordinateSources.keys.filter { file.contains(coordinateSources[$0]!.dataset) }.sorted()
    }

    /// Shape of a presented dataset, sample axis first.
    public func shape(of name: String) throws -> [Int] {
        let source = try self.source(name)
        return [try sampleCount(source)] + source.sampleShape
    }

    /// Number of samples in a presented dataset.
    public func sampleCount(dataset name: String) throws -> Int {
        try sampleCount(source(name))
    }

    /// Axis names of a presented dataset (from its `axes` attribute for neurop files); nil when
    /// a neurop dataset has no `axes` attribute.
    public func axes(of name: String) throws -> [String]? {
        try source(name).axes
    }

    /// Channel names of a presented dataset (from its `channels` attribute for neurop files).
    public func channels(of name: String) throws -> [String]? {
        try source(name).channels
    }

    /// Element type of the stored dataset behind a presented one.
    public func elementType(of name: String) throws -> HDF5ElementType {
        try file.dataset(source(name).dataset).elementType
    }

    /// Samples `range` of a presented dataset as a float32 tensor of shape
    /// `[range.count] + sampleShape`, reading only those samples. A float64 dataset throws
    /// `HDF5Error.wrongElementType` unless `convertingFloat64` is true.
    public func samples(_ name: String, _ range: Range<Int>, convertingFloat64: Bool = false) throws -> Tensor {
        let source = try self.source(name)
        let count = try sampleCount(source)
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw FieldFileError.sampleRangeOutOfBounds(dataset: name, file: path, lower: range.lowerBound,
                                                        upper: range.upperBound, count: count)
        }
        let dataset = try file.dataset(source.dataset)
        let stored = try dataset.elementType
        guard stored == .float32 || (stored == .float64 && convertingFloat64) else {
            throw HDF5Error.wrongElementType(dataset: source.dataset, file: path, expected: "float32", found: stored.name)
        }
        var tensor = Tensor(shape: [range.count] + source.sampleShape)
        try tensor.withUnsafeMutableBufferPointer { buffer in
            try dataset.read(into: buffer, start: [range.lowerBound] + source.storedSampleCount.map { _ in 0 },
                             count: [range.count] + source.storedSampleCount, converting: stored == .float64)
        }
        return tensor
    }

    /// Coordinates of axis `axis` (`x`, `y`, `z` or `t`) as float64 (float32 files are widened).
    public func coordinate(_ axis: String) throws -> [Double] {
        guard let source = coordinateSources[axis], file.contains(source.dataset) else {
            throw FieldFileError.missingCoordinate(axis: axis, file: path, available: coordinateNames)
        }
        let values = try file.dataset(source.dataset).read(Double.self, converting: true)
        guard let length = source.length else { return values }
        guard values.count >= length else {
            throw FieldFileError.coordinateLengthMismatch(axis: axis, length: values.count,
                                                          dataset: FieldFileFormat.outputs, extent: length)
        }
        return Array(values.prefix(length))
    }

    private func source(_ name: String) throws -> Source {
        guard let source = sources[name] else {
            throw HDF5Error.missingDataset(name: name, file: path, available: datasetNames)
        }
        return source
    }

    private func sampleCount(_ source: Source) throws -> Int {
        try file.dataset(source.dataset).shape[0]
    }
}
