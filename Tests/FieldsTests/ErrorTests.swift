import Foundation
import Testing
@testable import Fields

/// Every failure is a Swift error whose description is one clear sentence.
@Suite("Errors")
struct ErrorTests {
    /// A small file with a float64 dataset `/group/values` [2, 3] and a float32 `/inputs` [4].
    static func makeFile(in folder: TemporaryFolder) throws -> String {
        let path = folder.path("small.h5")
        let file = try HDF5File(creatingAt: path)
        try file.createDataset("group/values", values: [0.0, 1, 2, 3, 4, 5], shape: [2, 3])
        try file.createDataset("inputs", values: [Float](repeating: 0, count: 4))
        try file.root.setAttribute("name", "small")
        return path
    }

    @Test("missing file")
    func missingFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("absent.h5")
        let error = HDF5Error.noSuchFile(path: path)
        #expect(throws: error) { try HDF5File(openingAt: path) }
        #expect(throws: error) { try FieldFileReader(path: path) }
        #expect(error.description == "no such file: \(path)")
    }

    @Test("a text file and an empty file are not HDF5")
    func notHDF5() throws {
        let folder = try TemporaryFolder()
        let text = folder.path("notes.h5")
        try "pde: darcy\n".write(toFile: text, atomically: true, encoding: .utf8)
        let empty = folder.path("empty.h5")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: HDF5Error.notHDF5(path: text)) { try HDF5File(openingAt: text) }
        #expect(throws: HDF5Error.notHDF5(path: empty)) { try FieldFileReader(path: empty) }
        #expect(throws: HDF5Error.notHDF5(path: folder.url.path)) { try HDF5File(openingAt: folder.url.path) }
        #expect(HDF5Error.notHDF5(path: text).description == "\(text) is not an HDF5 file")
    }

    @Test("missing dataset names it and lists the ones present")
    func missingDataset() throws {
        let folder = try TemporaryFolder()
        let path = try Self.makeFile(in: folder)
        let file = try HDF5File(openingAt: path)
        let error = HDF5Error.missingDataset(name: "/outputs", file: path, available: ["/group/values", "/inputs"])
        #expect(throws: error) { try file.dataset("outputs") }
        #expect(throws: HDF5Error.missingDataset(name: "/outputs/deeper", file: path, available: ["/group/values", "/inputs"])) {
            try file.dataset("outputs/deeper") // the parent is missing too
        }
        #expect(error.description == "no dataset '/outputs' in \(path); it has: /group/values, /inputs")
        #expect(throws: HDF5Error.missingDataset(name: "/group", file: path, available: ["/group/values", "/inputs"])) {
            try file.dataset("group") // a group is not a dataset
        }
        #expect(throws: HDF5Error.missingGroup(name: "/nothing", file: path)) { try file.group("nothing") }

        let pdebench = try FieldFileReader(path: try fixturePath("2D_DarcyFlow_beta1.0_tiny.hdf5"))
        let presented = HDF5Error.missingDataset(name: "tensor", file: pdebench.path, available: ["inputs", "outputs"])
        #expect(throws: presented) { try pdebench.samples("tensor", 0..<1) }
    }

    @Test("wrong element type names expected and found")
    func wrongElementType() throws {
        let folder = try TemporaryFolder()
        let path = try Self.makeFile(in: folder)
        let values = try HDF5File(openingAt: path).dataset("group/values")
        let error = HDF5Error.wrongElementType(dataset: "/group/values", file: path, expected: "float32", found: "float64")
        #expect(throws: error) { try values.read(Float.self) }
        #expect(error.description ==
            "dataset '/group/values' in \(path) holds float64, not float32; read it as float64 or allow conversion")
        #expect(try values.read(Float.self, converting: true) == [0, 1, 2, 3, 4, 5])
        #expect(throws: HDF5Error.wrongElementType(dataset: "/group/values", file: path, expected: "int64", found: "float64")) {
            try values.read(Int64.self)
        }
    }

    @Test("wrong rank and wrong shape name both shapes")
    func wrongRankAndShape() throws {
        let folder = try TemporaryFolder()
        let path = try Self.makeFile(in: folder)
        let values = try HDF5File(openingAt: path).dataset("group/values")
        let rank = HDF5Error.wrongRank(dataset: "/group/values", file: path, expected: [2, 3, 1], found: [2, 3])
        #expect(throws: rank) { try values.read(Double.self, expectingShape: [2, 3, 1]) }
        #expect(rank.description ==
            "dataset '/group/values' in \(path) has rank 2 (shape [2, 3]) but rank 3 (shape [2, 3, 1]) was expected")
        let shape = HDF5Error.wrongShape(dataset: "/group/values", file: path, expected: [3, 2], found: [2, 3])
        #expect(throws: shape) { try values.read(Double.self, expectingShape: [3, 2]) }
        #expect(shape.description == "dataset '/group/values' in \(path) has shape [2, 3] but [3, 2] was expected")
        #expect(throws: HDF5Error.wrongRank(dataset: "/group/values", file: path, expected: [1], found: [2, 3])) {
            try values.read(Double.self, start: [1], count: [1])
        }
        #expect(try values.read(Double.self, expectingShape: [2, 3]) == [0, 1, 2, 3, 4, 5])
    }

    @Test("selections outside the dataset, short buffers and appends to fixed datasets")
    func boundsAndBuffers() throws {
        let folder = try TemporaryFolder()
        let path = try Self.makeFile(in: folder)
        let file = try HDF5File(openingAt: path, mode: .readWrite)
        let values = try file.dataset("group/values")
        #expect(throws: HDF5Error.outOfBounds(dataset: "/group/values", file: path, start: [1, 0], count: [2, 3], shape: [2, 3])) {
            try values.read(Double.self, start: [1, 0], count: [2, 3])
        }
        #expect(throws: HDF5Error.bufferSizeMismatch(dataset: "/group/values", file: path, needed: 6, given: 5)) {
            try values.write([0.0, 1, 2, 3, 4])
        }
        #expect(throws: HDF5Error.notExtensible(dataset: "/group/values", file: path, maxShape: [2, 3])) {
            try values.append([0.0, 1, 2])
        }
        #expect(throws: HDF5Error.alreadyExists(name: "/inputs", file: path)) {
            try file.createDataset("inputs", values: [Float(1)])
        }
    }

    @Test("attribute errors: missing one lists those present, wrong kind names both")
    func attributeErrors() throws {
        let folder = try TemporaryFolder()
        let path = try Self.makeFile(in: folder)
        let root = try HDF5File(openingAt: path).root
        let missing = HDF5Error.missingAttribute(name: "seed", object: "group '/' in \(path)", available: ["name"])
        #expect(throws: missing) { try root.attribute("seed") }
        #expect(missing.description == "no attribute 'seed' on group '/' in \(path); it has: name")
        #expect(throws: HDF5Error.wrongAttributeType(name: "name", object: "group '/' in \(path)", expected: "int64", found: "string")) {
            try root.int64Attribute("name")
        }
    }

    @Test("files that are HDF5 but not field files, or of another version")
    func notFieldFiles() throws {
        let folder = try TemporaryFolder()
        let plain = try Self.makeFile(in: folder)
        #expect(throws: FieldFileError.notAFieldFile(path: plain)) { try FieldFileReader(path: plain) }

        let future = folder.path("future.h5")
        do {
            let file = try HDF5File(creatingAt: future)
            try file.root.setAttribute("format", "neurop.fields")
            try file.root.setAttribute("format_version", .int64(2))
        }
        let version = FieldFileError.unsupportedVersion(path: future, version: 2)
        #expect(throws: version) { try FieldFileReader(path: future) }
        #expect(version.description == "\(future) uses neurop.fields version 2 but this neurop reads version 1; use a matching neurop release")

        let written = folder.path("written.h5")
        _ = try FieldFileWriterTests.writeSmallDarcy(to: written)
        let reader = try FieldFileReader(path: written)
        #expect(throws: FieldFileError.sampleRangeOutOfBounds(dataset: "inputs", file: written, lower: 1, upper: 3, count: 2)) {
            try reader.samples("inputs", 1..<3)
        }
    }

    @Test("every error description is one sentence on one line")
    func oneSentence() {
        let errors: [CustomStringConvertible] = [
            HDF5Error.noSuchFile(path: "a.h5"), HDF5Error.notHDF5(path: "a.h5"),
            HDF5Error.missingDataset(name: "/x", file: "a.h5", available: []),
            HDF5Error.library(operation: "open the file", object: "a.h5", detail: "unable to open file"),
            FieldFileError.unwrittenSamples(dataset: "inputs", missing: Array(0..<20), count: 30),
            FieldFileError.unrecognisedPDEBenchLayout(path: "p.h5", datasets: "tensor [2, 3, 4, 5, 6]"),
        ]
        for error in errors {
            let text = error.description
            #expect(!text.contains("\n"), "\(text)")
            #expect(!text.hasSuffix("."), "\(text)")
            #expect(text.filter { $0 == ";" }.count <= 1, "\(text)")
        }
    }

    @Test("HDF5 prints nothing to stderr when a call fails")
    func nothingOnStandardError() throws {
        let folder = try TemporaryFolder()
        let path = try Self.makeFile(in: folder)
        let capture = folder.path("stderr.txt")
        _ = FileManager.default.createFile(atPath: capture, contents: Data())
        let captureDescriptor = open(capture, O_WRONLY)
        try #require(captureDescriptor >= 0)
        fflush(stderr)
        let saved = dup(2)
        dup2(captureDescriptor, 2)
        // Failures inside the HDF5 library itself (not only our own checks before calling it).
        let file = try? HDF5File(openingAt: path, mode: .readWrite)
        let second = Result { try HDF5File(creatingAt: path, overwrite: true) } // file is open: HDF5 refuses
        let dataset = try? file?.dataset("inputs")
        let resize = Result { try dataset?.setExtent([8]) } // contiguous: cannot change extent
        fflush(stderr)
        dup2(saved, 2)
        close(saved)
        close(captureDescriptor)
        guard case let .failure(openError) = second else {
            Issue.record("truncating an open file should fail")
            return
        }
        #expect("\(openError)".hasPrefix("HDF5 could not create the file \(path): "))
        guard case let .failure(resizeError) = resize else {
            Issue.record("resizing a contiguous dataset should fail")
            return
        }
        #expect("\(resizeError)".hasPrefix("HDF5 could not set the shape [8] of dataset '/inputs' in \(path): "))
        let printed = try String(contentsOfFile: capture, encoding: .utf8)
        #expect(!printed.contains("HDF5-DIAG"), "HDF5 printed: \(printed)")
    }
}
