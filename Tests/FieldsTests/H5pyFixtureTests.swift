import Foundation
import Testing
@testable import Fields

/// neurop reads files written by h5py (`Fixtures/make_fixtures.py`).
@Suite("Files written by h5py")
struct H5pyFixtureTests {
    @Test("a field file written by h5py: metadata, attribute types, samples, float64 conversion")
    func fieldFileFromH5py() throws {
        let path = try fixturePath("field_h5py.h5")
        let reader = try FieldFileReader(path: path)
        #expect(reader.kind == .neurop)
        #expect(reader.pdebenchLayout == nil)
        #expect(reader.metadata == FieldFileMetadata(
            pde: "darcy", generator: "make_fixtures.py", seed: 1234,
            recipe: "pde: darcy\nresolution: 4\nsamples: 3\n", created: "2025-01-02T03:04:05Z"))
        let root = reader.file.root
        #expect(try root.attribute("format_version") == .int64(1))     // int32 in the file
        #expect(try root.attribute("resolution") == .int64(4))         // int32
        #expect(try root.attribute("viscosity") == .double(0.25))      // float32
        #expect(try root.attribute("pde") == .string("darcy"))         // fixed-length, null-padded
        #expect(try root.attribute("label") == .string("abc  "))       // fixed-length, spaces are data
        #expect(try root.attribute("levels") == .int64Array([1, 2, 3]))
        #expect(try root.attribute("weights") == .doubleArray([0.5, 1.5]))

        #expect(reader.datasetNames == ["inputs", "labels", "outputs"])
        #expect(reader.coordinateNames == ["x", "y"])
        #expect(try reader.coordinate("y") == [0, 0.25, 0.5, 0.75])
        #expect(try reader.shape(of: "inputs") == [3, 1, 4, 4])
        #expect(try reader.axes(of: "inputs") == ["sample", "channel", "x", "y"])
        #expect(try reader.channels(of: "inputs") == ["a"])
        let middle = try reader.samples("inputs", 1..<3)
        #expect(middle.shape == [2, 1, 4, 4])
        #expect(middle.values == (16..<48).map(Float.init))
        let outputs = try reader.samples("outputs", 2..<3, convertingFloat64: true)
        #expect(outputs.values == (32..<48).map { Float($0) * 0.5 })
        #expect(throws: HDF5Error.wrongElementType(dataset: "labels", file: path, expected: "float32", found: "int64")) {
            try reader.samples("labels", 0..<1, convertingFloat64: true)
        }
        #expect(try reader.file.dataset("labels").read(Int64.self) == [7, 8, 9])
    }

    @Test("h5py's chunking, filters and dimension scales are seen by the introspection API")
    func h5pyStorageIntrospection() throws {
        let file = try HDF5File(openingAt: try fixturePath("field_h5py.h5"))
        #expect(try file.datasetPaths() == ["/inputs", "/labels", "/outputs", "/x", "/y"])
        let inputs = try file.info(ofDataset: "inputs")
        #expect(inputs.chunkShape == [1, 1, 4, 4])
        #expect(inputs.filters == HDF5Filters(shuffle: true, deflateLevel: 4))
        #expect(inputs.maxShape == [nil, 1, 4, 4])
        #expect(inputs.elementType == .float32)
        #expect(inputs.attachedScales == [nil, nil, "/x", "/y"])
        #expect(try file.info(ofDataset: "x").dimensionScaleName == "x")
        #expect(try file.info(ofDataset: "outputs").elementType == .float64)
    }

    @Test("a PDEBench 2D Darcy file: inputs = nu as [N, 1, X, Y], outputs = tensor")
    func pdebenchDarcy() throws {
        let reader = try FieldFileReader(path: try fixturePath("2D_DarcyFlow_beta1.0_tiny.hdf5"))
        #expect(reader.kind == .pdebench)
        #expect(reader.pdebenchLayout == .darcy2D)
        #expect(reader.metadata == nil)
        #expect(reader.datasetNames == ["inputs", "outputs"])
        #expect(reader.coordinateNames == ["x", "y"])
        #expect(try reader.shape(of: "inputs") == [3, 1, 8, 8])
        #expect(try reader.shape(of: "outputs") == [3, 1, 8, 8])
        #expect(try reader.axes(of: "inputs") == ["sample", "channel", "x", "y"])
        #expect(try reader.channels(of: "inputs") == ["nu"])
        let nu = try reader.samples("inputs", 1..<2)
        #expect(nu.shape == [1, 1, 8, 8])
        #expect(nu.values == (64..<128).map { 100 + Float($0) })
        let solution = try reader.samples("outputs", 2..<3)
        #expect(solution.values == (128..<192).map { Float($0) / 4 })
        #expect(try reader.coordinate("x") == (0..<8).map { (Double($0) + 0.5) / 8 })
        #expect(throws: FieldFileError.missingCoordinate(axis: "t", file: reader.path, available: ["x", "y"])) {
            try reader.coordinate("t")
        }
    }

    @Test("a PDEBench 1D Burgers file: outputs = tensor as [N, T, 1, X], inputs = the t = 0 slice")
    func pdebenchBurgers() throws {
        let reader = try FieldFileReader(path: try fixturePath("1D_Burgers_Sols_Nu0.001_tiny.hdf5"))
        #expect(reader.kind == .pdebench)
        #expect(reader.pdebenchLayout == .timeDependent1D)
        #expect(try reader.shape(of: "outputs") == [2, 5, 1, 16])
        #expect(try reader.shape(of: "inputs") == [2, 1, 16])
        #expect(try reader.axes(of: "outputs") == ["sample", "t", "channel", "x"])
        let initial = try reader.samples("inputs", 0..<2)
        #expect(initial.shape == [2, 1, 16])
        #expect(initial.values == (0..<16).map(Float.init) + (80..<96).map(Float.init))
        let trajectory = try reader.samples("outputs", 1..<2)
        #expect(trajectory.shape == [1, 5, 1, 16])
        #expect(trajectory.values == (80..<160).map(Float.init))
        #expect(try reader.coordinate("t") == [0, 0.5, 1, 1.5, 2]) // T of the T + 1 stored
        #expect(try reader.coordinate("x") == (0..<16).map { (Double($0) + 0.5) / 16 })
    }
}
