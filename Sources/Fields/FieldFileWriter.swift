import Foundation
import NeuropCore

/// Writes a neurop field file (see `FieldFileFormat`) sample by sample, without holding the
/// samples in memory.
///
/// The file is written as `PATH.partial` and renamed to `PATH` only by `finish()`, so an
/// interrupted run never leaves a file that looks complete: a writer released without `finish()`
/// closes the file and leaves only `PATH.partial`. An existing `PATH` is replaced atomically by the
/// rename; a stale `PATH.partial` is overwritten when the writer is created.
///
/// Sample datasets are declared first, then filled either by `appendSamples` (first axis grows,
/// for datasets declared without a count) or by `writeSamples(dataset:at:)` (fixed count, any
/// order — for parallel generation that completes out of order). They are chunked by sample
/// (`ChunkShape.forSamples`, ≤ 1 MiB per chunk) with shuffle + deflate. Coordinates written with
/// `writeCoordinate` become dimension scales attached, at `finish()`, to every axis of the same
/// name. Use one writer from one thread at a time.
///
/// `init(resuming:metadata:)` reopens the `PATH.partial` an interrupted run left behind: the same
/// declarations then check the datasets already there instead of creating them, and
/// `alignSampleCounts()` cuts every growing dataset back to the samples all of them hold, from which
/// appending continues. `flush()` after each block of samples keeps that file readable when the run
/// is killed between blocks.
public final class FieldFileWriter {
    /// The final path the file will have after `finish()`.
    public let path: String
    /// Where the file is written until `finish()`: `path + ".partial"`.
    public var partialPath: String { path + FieldFileFormat.partialSuffix }
    /// Deflate level of sample datasets (0…9).
    public let deflateLevel: Int

    private struct SampleDataset {
        let dataset: HDF5Dataset
        let sampleShape: [Int]
        let axes: [String]
        /// Number of samples the dataset holds (fixed count, or appended so far).
        var count: Int
        /// For fixed-count datasets, which slots have been written.
        var written: [Bool]?
        var sampleSize: Int { sampleShape.reduce(1, *) }
    }

    private var file: HDF5File?
    private var samples: [String: SampleDataset] = [:]
    private var declarationOrder: [String] = []
    private var coordinates: [String: HDF5Dataset] = [:]
    /// Whether declarations meet datasets already in the file (see `init(resuming:metadata:)`).
    public let isResuming: Bool

    /// Creates `path.partial` and writes the root attributes (`format`, `format_version` and those
    /// of `metadata`). The folder of `path` must exist.
    public init(path: String, metadata: FieldFileMetadata, deflateLevel: Int = 4) throws {
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty {
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw FieldFileError.noSuchDirectory(path: directory)
            }
        }
        guard access(directory.isEmpty ? "." : directory, W_OK) == 0 else {
            throw FieldFileError.notWritable(path: directory.isEmpty ? "." : directory)
        }
        self.path = path
        self.deflateLevel = deflateLevel
        isResuming = false
        let file = try HDF5File(creatingAt: path + FieldFileFormat.partialSuffix, overwrite: true)
        self.file = file
        let root = file.root
        typealias A = FieldFileFormat.Attribute
        try root.setAttribute(A.format, .string(FieldFileFormat.name))
        try root.setAttribute(A.formatVersion, .int64(FieldFileFormat.version))
        try root.setAttribute(A.pde, .string(metadata.pde))
        try root.setAttribute(A.generator, .string(metadata.generator))
        try root.setAttribute(A.seed, .int64(metadata.seed))
        try root.setAttribute(A.recipe, .string(metadata.recipe))
        try root.setAttribute(A.created, .string(metadata.created))
    }

    /// Reopens `path.partial`, left by an interrupted writer with the same `metadata` (pde, seed and
    /// recipe must match; its creation time is kept), to append the samples it lacks.
    public init(resuming path: String, metadata: FieldFileMetadata, deflateLevel: Int = 4) throws {
        let partial = path + FieldFileFormat.partialSuffix
        guard FileManager.default.fileExists(atPath: partial) else {
            throw FieldFileError.nothingToResume(path: path)
        }
        let file: HDF5File
        do { file = try HDF5File(openingAt: partial, mode: .readWrite) } catch {
            throw FieldFileError.cannotResume(path: partial, reason: "it cannot be opened (\(error))")
        }
        typealias A = FieldFileFormat.Attribute
        let root = file.root
        do {
            guard try root.stringAttribute(A.format) == FieldFileFormat.name else {
                throw FieldFileError.cannotResume(path: partial, reason: "it is not a neurop field file")
            }
            let pde = try root.stringAttribute(A.pde), seed = try root.int64Attribute(A.seed)
            guard pde == metadata.pde else {
                throw FieldFileError.cannotResume(path: partial, reason: "it holds \(pde) samples, this run generates \(metadata.pde)")
            }
            guard seed == metadata.seed else {
                throw FieldFileError.cannotResume(path: partial, reason: "it was started with seed \(seed), now \(metadata.seed)")
            }
            let recipe = try root.stringAttribute(A.recipe)
            if recipe != metadata.recipe {
                let before = recipe.split(separator: "\n"), after = metadata.recipe.split(separator: "\n")
                let changes = (before.filter { !after.contains($0) }.map { "was \($0)" } + after.filter { !before.contains($0) }.map { "now \($0)" })
                throw FieldFileError.cannotResume(path: partial, reason: "it was started with another recipe (\(changes.joined(separator: ", ")))")
            }
        } catch let error as FieldFileError { throw error } catch {
            throw FieldFileError.cannotResume(path: partial, reason: "its root attributes cannot be read (\(error))")
        }
        self.path = path
        self.deflateLevel = deflateLevel
        self.file = file
        isResuming = true
    }

    // MARK: Declaring datasets

    /// Declares a gridded sample dataset (`inputs`, `outputs`, …) of shape `[N] + layout.sampleShape`
    /// with attributes `axes` and `channels`. With `count` nil the first axis starts at 0 and grows
    /// with `appendSamples`; with a count N the dataset has exactly N slots for `writeSamples`.
    public func declareSamples(_ name: String, layout: FieldSampleLayout, count: Int? = nil,
                               precision: FieldPrecision = .float32) throws {
        guard (1...3).contains(layout.grid.count) else {
            throw FieldFileError.invalidDeclaration(dataset: name, reason: "a grid has 1 to 3 axes, not \(layout.grid.count)")
        }
        try declareDataset(name, sampleShape: layout.sampleShape, axes: layout.axes, channels: layout.channels,
                           count: count, precision: precision)
    }

    /// Declares the point-cloud datasets: `points` `[N, P, d]` (axes `sample,point,component`,
    /// channels `x,y[,z]`), `values` `[N, P]` and, when `withStandardError`, `std_error` `[N, P]`
    /// (axes `sample,point`).
    public func declarePointCloud(pointsPerSample: Int, dimension: Int, count: Int? = nil,
                                  withStandardError: Bool = true, precision: FieldPrecision = .float32) throws {
        guard (1...3).contains(dimension) else {
            throw FieldFileError.invalidDeclaration(dataset: FieldFileFormat.points,
                                                    reason: "points have 1 to 3 coordinates, not \(dimension)")
        }
        let F = FieldFileFormat.self
        try declareDataset(F.points, sampleShape: [pointsPerSample, dimension],
                           axes: [F.sampleAxis, F.pointAxis, F.componentAxis],
                           channels: Array(F.spatialAxes.prefix(dimension)), count: count, precision: precision)
        try declareDataset(F.values, sampleShape: [pointsPerSample], axes: [F.sampleAxis, F.pointAxis],
                           channels: nil, count: count, precision: precision)
        if withStandardError {
            try declareDataset(F.standardError, sampleShape: [pointsPerSample], axes: [F.sampleAxis, F.pointAxis],
                               channels: nil, count: count, precision: precision)
        }
    }

    /// Declares any sample dataset: shape `[N] + sampleShape`, one axis name per axis (sample axis
    /// first) stored in `axes`, and `channels` stored when given. See `declareSamples` for `count`.
    public func declareDataset(_ name: String, sampleShape: [Int], axes: [String], channels: [String]?,
                               count: Int? = nil, precision: FieldPrecision = .float32) throws {
        let file = try openFile()
        guard samples[name] == nil, coordinates[name] == nil else { throw FieldFileError.alreadyDeclared(dataset: name) }
        if isResuming, file.contains(name) {
            return try reopenDataset(name, sampleShape: sampleShape, axes: axes, count: count, precision: precision)
        }
        guard axes.count == sampleShape.count + 1 else {
            throw FieldFileError.invalidDeclaration(
                dataset: name, reason: "\(axes.count) axis names (\(axes.joined(separator: ","))) for rank \(sampleShape.count + 1)")
        }
        guard sampleShape.allSatisfy({ $0 >= 1 }) else {
            throw FieldFileError.invalidDeclaration(dataset: name, reason: "sample shape \(describeShape(sampleShape)) has an empty axis")
        }
        if let count, count < 1 {
            throw FieldFileError.invalidDeclaration(dataset: name, reason: "a fixed count must be at least 1, not \(count)")
        }
        let element = precision.elementType
        let chunk = ChunkShape.forSamples(sampleShape: sampleShape, elementSize: element.byteCount!, sampleCount: count)
        let options = HDF5DatasetOptions(chunkShape: chunk, shuffle: true, deflateLevel: deflateLevel,
                                         extensibleFirstAxis: count == nil)
        let dataset = try file.createDataset(name, elementType: element, shape: [count ?? 0] + sampleShape, options: options)
        try dataset.setAttribute(FieldFileFormat.Attribute.axes, .string(FieldFileFormat.join(axes)))
        if let channels {
            try dataset.setAttribute(FieldFileFormat.Attribute.channels, .string(FieldFileFormat.join(channels)))
        }
        samples[name] = SampleDataset(dataset: dataset, sampleShape: sampleShape, axes: axes, count: count ?? 0,
                                      written: count.map { [Bool](repeating: false, count: $0) })
        declarationOrder.append(name)
    }

    /// Stores a `description` attribute on a declared dataset: one sentence saying what its values
    /// mean (e.g. the formula its coefficients enter), which `neurop inspect` shows.
    public func describe(_ name: String, _ description: String) throws {
        try declared(name).dataset.setAttribute(FieldFileFormat.Attribute.description, .string(description))
    }

    /// Writes coordinate dataset `axis` (`x`, `y`, `z` or `t`): float64 `[n]` with attribute
    /// `axes = axis`, made a dimension scale named `axis`. At `finish()` it is attached to every
    /// axis of that name of the sample datasets, whose extent must then be `n`.
    public func writeCoordinate(_ axis: String, _ values: [Double]) throws {
        let file = try openFile()
        guard samples[axis] == nil, coordinates[axis] == nil else { throw FieldFileError.alreadyDeclared(dataset: axis) }
        if isResuming, file.contains(axis) {
            let existing = try file.dataset(axis)
            guard try existing.read(Double.self) == values else {
                throw FieldFileError.cannotResume(path: partialPath, reason: "its coordinate '\(axis)' differs from this run's")
            }
            coordinates[axis] = existing
            return
        }
        let dataset = try file.createDataset(axis, values: values)
        try dataset.setAttribute(FieldFileFormat.Attribute.axes, .string(axis))
        try dataset.makeDimensionScale(name: axis)
        coordinates[axis] = dataset
    }

    /// A sample dataset already in a resumed file, checked against this run's declaration.
    private func reopenDataset(_ name: String, sampleShape: [Int], axes: [String], count: Int?,
                               precision: FieldPrecision) throws {
        let dataset = try openFile().dataset(name)
        let info = try dataset.info()
        guard count == nil else {
            throw FieldFileError.cannotResume(path: partialPath, reason: "dataset '\(name)' has a fixed sample count, and only growing datasets can be resumed")
        }
        guard Array(info.shape.dropFirst()) == sampleShape, info.elementType == precision.elementType else {
            throw FieldFileError.cannotResume(path: partialPath, reason: "dataset '\(name)' holds \(info.elementType) samples of shape \(describeShape(Array(info.shape.dropFirst()))), this run writes \(precision.elementType) samples of shape \(describeShape(sampleShape))")
        }
        samples[name] = SampleDataset(dataset: dataset, sampleShape: sampleShape, axes: axes, count: info.shape[0], written: nil)
        declarationOrder.append(name)
    }

    /// Cuts every declared sample dataset back to the number of samples all of them hold (a run
    /// killed between appending to two datasets leaves one longer), or to `limit` if that is less,
    /// and returns that number: the index of the first sample still to write.
    @discardableResult
    public func alignSampleCounts(atMost limit: Int = .max) throws -> Int {
        let common = min(limit, declarationOrder.map { samples[$0]!.count }.min() ?? 0)
        for name in declarationOrder where samples[name]!.count > common {
            var entry = samples[name]!
            try entry.dataset.setExtent([common] + entry.sampleShape)
            entry.count = common
            samples[name] = entry
        }
        return common
    }

    /// Writes what has been appended so far to disk, so that a `.partial` file killed later can be resumed.
    public func flush() throws {
        try openFile().flush()
    }

    // MARK: Writing samples

    /// Number of samples `dataset` holds so far (its fixed count for fixed-size datasets).
    public func sampleCount(dataset name: String) throws -> Int {
        try declared(name).count
    }

    /// Appends one sample (tensor of the sample shape) or k samples (`[k] + sampleShape`) to a
    /// dataset declared without a count. Float32 values are converted when the dataset is float64.
    public func appendSamples(dataset name: String, _ tensor: Tensor) throws {
        let count = try samplesIn(tensor, for: name)
        try tensor.withUnsafeBufferPointer { try appendSamples(dataset: name, $0, count: count) }
    }

    /// Appends `count` samples stored contiguously (row-major) in `buffer`, which must hold
    /// exactly `count` × (sample size) values. HDF5 converts between numeric types as needed.
    public func appendSamples<T: HDF5Scalar>(dataset name: String, _ buffer: UnsafeBufferPointer<T>, count: Int) throws {
        var entry = try declared(name)
        guard entry.written == nil else { throw FieldFileError.fixedSampleCount(dataset: name, count: entry.count) }
        try checkBuffer(buffer.count, samples: count, entry: entry, name: name)
        entry.count = try entry.dataset.append(buffer, converting: true)
        samples[name] = entry
    }

    /// Writes one sample or k samples (`[k] + sampleShape`) into slots `index..<index + k`.
    public func writeSamples(dataset name: String, at index: Int, _ tensor: Tensor) throws {
        let count = try samplesIn(tensor, for: name)
        try tensor.withUnsafeBufferPointer { try writeSamples(dataset: name, at: index, $0, count: count) }
    }

    /// Writes `count` contiguous samples from `buffer` into slots `index..<index + count` of a
    /// dataset (fixed-size datasets in any order; growing ones only within what was appended).
    public func writeSamples<T: HDF5Scalar>(dataset name: String, at index: Int, _ buffer: UnsafeBufferPointer<T>,
                                            count: Int) throws {
        var entry = try declared(name)
        try checkBuffer(buffer.count, samples: count, entry: entry, name: name)
        guard index >= 0, index + count <= entry.count else {
            throw FieldFileError.sampleRangeOutOfBounds(dataset: name, file: partialPath, lower: index,
                                                        upper: index + count, count: entry.count)
        }
        try entry.dataset.write(buffer, start: [index] + entry.sampleShape.map { _ in 0 },
                                count: [count] + entry.sampleShape, converting: true)
        if entry.written != nil {
            for slot in index..<(index + count) { entry.written![slot] = true }
        }
        samples[name] = entry
    }

    // MARK: Finishing

    /// Checks that every slot of the fixed-size datasets was written and that every coordinate is
    /// as long as the axes of its name, attaches the coordinates as dimension scales, closes the
    /// file and renames `PATH.partial` to `PATH`. When a check fails nothing is changed and the
    /// writer stays usable (write what is missing, then call `finish()` again); after success it
    /// throws `alreadyFinished` on every call.
    public func finish() throws {
        try checkBeforeFinishing()
        for name in declarationOrder {
            let entry = samples[name]!
            for (axis, axisName) in entry.axes.enumerated() {
                if let scale = coordinates[axisName] {
                    try entry.dataset.attachDimensionScale(scale, toAxis: axis)
                }
            }
        }
        try openFile().flush()
        // Releasing the file, groups and datasets closes the file before the rename.
        file = nil
        samples = [:]
        coordinates = [:]
        if rename(partialPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            throw FieldFileError.renameFailed(from: partialPath, to: path, reason: reason)
        }
    }

    /// Every fixed-size slot written; every coordinate as long as the axes it will be attached to.
    private func checkBeforeFinishing() throws {
        _ = try openFile()
        for name in declarationOrder {
            let entry = samples[name]!
            if let written = entry.written {
                let missing = written.indices.filter { !written[$0] }
                guard missing.isEmpty else {
                    throw FieldFileError.unwrittenSamples(dataset: name, missing: missing, count: entry.count)
                }
            }
            let shape = try entry.dataset.shape
            for (axis, axisName) in entry.axes.enumerated() {
                guard let scale = coordinates[axisName] else { continue }
                let length = try scale.shape[0]
                guard length == shape[axis] else {
                    throw FieldFileError.coordinateLengthMismatch(axis: axisName, length: length, dataset: name, extent: shape[axis])
                }
            }
        }
    }

    // MARK: Internals

    private func openFile() throws -> HDF5File {
        guard let file else { throw FieldFileError.alreadyFinished(path: path) }
        return file
    }

    private func declared(_ name: String) throws -> SampleDataset {
        _ = try openFile()
        guard let entry = samples[name] else {
            throw FieldFileError.notDeclared(dataset: name, declared: declarationOrder)
        }
        return entry
    }

    /// 1 when `tensor` is one sample, k when it is `[k] + sampleShape`.
    private func samplesIn(_ tensor: Tensor, for name: String) throws -> Int {
        let sampleShape = try declared(name).sampleShape
        if tensor.shape == sampleShape { return 1 }
        if tensor.shape.count == sampleShape.count + 1, Array(tensor.shape.dropFirst()) == sampleShape {
            return tensor.shape[0]
        }
        throw FieldFileError.sampleShapeMismatch(dataset: name, sampleShape: sampleShape, given: tensor.shape)
    }

    private func checkBuffer(_ given: Int, samples count: Int, entry: SampleDataset, name: String) throws {
        let needed = count * entry.sampleSize
        guard count >= 0, given == needed else {
            throw FieldFileError.bufferSizeMismatch(dataset: name, samples: count, needed: needed, given: given)
        }
    }
}
