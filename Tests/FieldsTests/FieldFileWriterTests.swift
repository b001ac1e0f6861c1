import Foundation
import Testing
import NeuropCore
@testable import Fields

@Suite("Field file writer and reader")
struct FieldFileWriterTests {
    /// Two Darcy-like samples on a 3×2 grid: inputs `a`, outputs `u`, coordinates x and y.
    static func writeSmallDarcy(to path: String, finish: Bool = true) throws -> FieldFileWriter {
        let writer = try FieldFileWriter(path: path, metadata: sampleMetadata)
        let layout = FieldSampleLayout(channels: ["a"], grid: [3, 2])
        try writer.declareSamples("inputs", layout: layout)
        try writer.declareSamples("outputs", layout: FieldSampleLayout(channels: ["u"], grid: [3, 2]))
        try writer.writeCoordinate("x", [0, 0.5, 1])
        try writer.writeCoordinate("y", [0, 1])
        try writer.appendSamples(dataset: "inputs", Tensor(shape: [1, 3, 2], values: [1, 2, 3, 4, 5, 6]))
        try writer.appendSamples(dataset: "inputs", Tensor(shape: [1, 1, 3, 2], values: [7, 8, 9, 10, 11, 12]))
        let outputs: [Float] = (0..<12).map { Float($0) * 0.5 - 1 }
        try outputs.withUnsafeBufferPointer { try writer.appendSamples(dataset: "outputs", $0, count: 2) }
        if finish { try writer.finish() }
        return writer
    }

    @Test("before finish() only X.partial exists; after it only X")
    func partialThenRename() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("darcy.h5")
        let writer = try Self.writeSmallDarcy(to: path, finish: false)
        #expect(try folder.contents() == ["darcy.h5.partial"])
        #expect(writer.partialPath == path + ".partial")
        try writer.finish()
        #expect(try folder.contents() == ["darcy.h5"])
        #expect(throws: FieldFileError.alreadyFinished(path: path)) { try writer.finish() }
        #expect(try FieldFileReader(path: path).sampleCount(dataset: "inputs") == 2)
    }

    @Test("a writer dropped without finish() leaves only the .partial file, which is a valid HDF5 file")
    func droppedWriterLeavesPartial() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("interrupted.h5")
        do { _ = try Self.writeSmallDarcy(to: path, finish: false) }
        #expect(try folder.contents() == ["interrupted.h5.partial"])
        #expect(HDF5File.isHDF5(path + ".partial"))
        #expect(throws: HDF5Error.noSuchFile(path: path)) { try FieldFileReader(path: path) }
    }

    @Test("metadata, shapes, axes, channels, coordinates and samples read back through FieldFileReader")
    func writeThenRead() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("darcy.h5")
        _ = try Self.writeSmallDarcy(to: path)
        let reader = try FieldFileReader(path: path)
        #expect(reader.kind == .neurop)
        #expect(reader.metadata == sampleMetadata)
        #expect(reader.datasetNames == ["inputs", "outputs"])
        #expect(reader.coordinateNames == ["x", "y"])
        #expect(try reader.shape(of: "inputs") == [2, 1, 3, 2])
        #expect(try reader.axes(of: "inputs") == ["sample", "channel", "x", "y"])
        #expect(try reader.channels(of: "outputs") == ["u"])
        #expect(try reader.coordinate("x") == [0, 0.5, 1])
        let second = try reader.samples("inputs", 1..<2)
        #expect(second.shape == [1, 1, 3, 2])
        #expect(second.values == [7, 8, 9, 10, 11, 12])
        #expect(try reader.samples("outputs", 0..<2).values == (0..<12).map { Float($0) * 0.5 - 1 })
        let info = try reader.file.info(ofDataset: "inputs")
        #expect(info.attachedScales == [nil, nil, "/x", "/y"])
        #expect(info.filters == HDF5Filters(shuffle: true, deflateLevel: 4))
        #expect(info.chunkShape == [64, 1, 3, 2]) // whole samples per chunk, 64 at most
        #expect(info.maxShape == [nil, 1, 3, 2])
    }

    @Test("trajectories: outputs [N, T, C, X] with t attached to the time axis, stored as float64 on request")
    func trajectoriesInFloat64() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("burgers.h5")
        let writer = try FieldFileWriter(path: path, metadata: sampleMetadata)
        let layout = FieldSampleLayout(channels: ["u"], grid: [4], timeSteps: 3)
        #expect(layout.axes == ["sample", "t", "channel", "x"])
        try writer.declareSamples("outputs", layout: layout, precision: .float64)
        try writer.writeCoordinate("t", [0, 0.1, 0.2])
        try writer.writeCoordinate("x", [0, 0.25, 0.5, 0.75])
        let values: [Float] = (0..<24).map { Float($0) / 8 }
        try writer.appendSamples(dataset: "outputs", Tensor(shape: [2, 3, 1, 4], values: values))
        try writer.finish()

        let reader = try FieldFileReader(path: path)
        #expect(try reader.elementType(of: "outputs") == .float64)
        #expect(try reader.file.info(ofDataset: "outputs").attachedScales == [nil, "/t", nil, "/x"])
        #expect(throws: HDF5Error.wrongElementType(dataset: "outputs", file: path, expected: "float32", found: "float64")) {
            try reader.samples("outputs", 0..<1)
        }
        let converted = try reader.samples("outputs", 1..<2, convertingFloat64: true)
        #expect(converted.shape == [1, 3, 1, 4])
        #expect(converted.values == Array(values[12..<24]))
    }

    @Test("a fixed-count dataset is filled out of order with writeSamples and refuses to finish with holes")
    func outOfOrderWrites() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("parallel.h5")
        let writer = try FieldFileWriter(path: path, metadata: sampleMetadata)
        try writer.declareSamples("inputs", layout: FieldSampleLayout(channels: ["f"], grid: [2]), count: 4)
        for index in [3, 0, 2] {
            try writer.writeSamples(dataset: "inputs", at: index, Tensor(shape: [1, 2], values: [Float(index), -Float(index)]))
        }
        #expect(throws: FieldFileError.unwrittenSamples(dataset: "inputs", missing: [1], count: 4)) { try writer.finish() }
        #expect(throws: FieldFileError.fixedSampleCount(dataset: "inputs", count: 4)) {
            try writer.appendSamples(dataset: "inputs", Tensor(shape: [1, 2]))
        }
        #expect(throws: FieldFileError.sampleRangeOutOfBounds(dataset: "inputs", file: path + ".partial", lower: 4, upper: 5, count: 4)) {
            try writer.writeSamples(dataset: "inputs", at: 4, Tensor(shape: [1, 2]))
        }
        try writer.writeSamples(dataset: "inputs", at: 1, Tensor(shape: [1, 2], values: [1, -1]))
        try writer.finish()
        let reader = try FieldFileReader(path: path)
        #expect(try reader.samples("inputs", 0..<4).values == [0, 0, 1, -1, 2, -2, 3, -3])
        #expect(try reader.file.info(ofDataset: "inputs").maxShape == [4, 1, 2])
    }

    @Test("point clouds: points [N, P, d], values and std_error [N, P] with their axes")
    func pointCloud() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("wos.h5")
        let writer = try FieldFileWriter(path: path, metadata: sampleMetadata)
        try writer.declarePointCloud(pointsPerSample: 3, dimension: 2)
        try writer.appendSamples(dataset: "points", Tensor(shape: [3, 2], values: [0, 0, 0.5, 0.5, 1, 0]))
        try writer.appendSamples(dataset: "values", Tensor(shape: [3], values: [1, 2, 3]))
        try writer.appendSamples(dataset: "std_error", Tensor(shape: [3], values: [0.125, 0.25, 0.5]))
        try writer.finish()
        let reader = try FieldFileReader(path: path)
        #expect(reader.datasetNames == ["points", "std_error", "values"])
        #expect(try reader.axes(of: "points") == ["sample", "point", "component"])
        #expect(try reader.channels(of: "points") == ["x", "y"])
        #expect(try reader.axes(of: "std_error") == ["sample", "point"])
        #expect(try reader.samples("std_error", 0..<1).values == [0.125, 0.25, 0.5])
    }

    @Test("writer misuse is reported: undeclared dataset, wrong sample shape, short buffer, bad coordinate length")
    func writerErrors() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("bad.h5")
        let writer = try FieldFileWriter(path: path, metadata: sampleMetadata)
        try writer.declareSamples("inputs", layout: FieldSampleLayout(channels: ["a"], grid: [4, 4]))
        #expect(throws: FieldFileError.notDeclared(dataset: "outputs", declared: ["inputs"])) {
            try writer.appendSamples(dataset: "outputs", Tensor(shape: [1, 4, 4]))
        }
        let shapeError = FieldFileError.sampleShapeMismatch(dataset: "inputs", sampleShape: [1, 4, 4], given: [4, 4])
        #expect(throws: shapeError) { try writer.appendSamples(dataset: "inputs", Tensor(shape: [4, 4])) }
        #expect(shapeError.description ==
            "samples for 'inputs' must have shape [1, 4, 4] (one sample) or [k, 1, 4, 4] (k samples), but a tensor of shape [4, 4] was given")
        #expect(throws: FieldFileError.bufferSizeMismatch(dataset: "inputs", samples: 2, needed: 32, given: 31)) {
            let short = [Float](repeating: 0, count: 31)
            try short.withUnsafeBufferPointer { try writer.appendSamples(dataset: "inputs", $0, count: 2) }
        }
        #expect(throws: FieldFileError.alreadyDeclared(dataset: "inputs")) {
            try writer.declareSamples("inputs", layout: FieldSampleLayout(channels: ["a"], grid: [4, 4]))
        }
        try writer.appendSamples(dataset: "inputs", Tensor(shape: [1, 4, 4]))
        try writer.writeCoordinate("x", [0, 1, 2])
        #expect(throws: FieldFileError.coordinateLengthMismatch(axis: "x", length: 3, dataset: "inputs", extent: 4)) {
            try writer.finish()
        }
        #expect(try folder.contents() == ["bad.h5.partial"])
        #expect(throws: FieldFileError.noSuchDirectory(path: folder.path("missing"))) {
            try FieldFileWriter(path: folder.path("missing/file.h5"), metadata: sampleMetadata)
        }
    }
}
