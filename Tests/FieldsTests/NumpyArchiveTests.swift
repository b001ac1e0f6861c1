import Foundation
import Testing
import NeuropCore
@testable import Fields

/// neurop reads `.npz` archives written by NumPy (`Fixtures/make_npz_fixtures.py`) and converts
/// DeepXDE's operator datasets to field files.
@Suite("NumPy archives and DeepXDE datasets")
struct NumpyArchiveTests {
    static let branch = (0..<30).map { Double($0) / 8 }
    static let trunk = [0, 0.25, 0.5, 0.75, 1]

    @Test("an object array X = (branch, trunk), stored, deflated and pickled at protocols 2, 3 and 4",
          arguments: ["deepxde_aligned.npz", "deepxde_aligned_compressed.npz", "deepxde_aligned_protocol2.npz",
                      "deepxde_aligned_protocol3.npz"])
    func objectArrays(file: String) throws {
        let archive = try NumpyArchive(path: try fixturePath(file))
        #expect(archive.keys == ["X", "y"])
        let x = try archive.array("X")
        #expect(x.shape == [2])
        let parts = try #require(x.objects)
        #expect(parts.map(\.shape) == [[6, 5], [5, 1]])
        #expect(parts[0].values == Self.branch)
        #expect(parts[1].values == Self.trunk)
        let y = try archive.array("y")
        #expect(y.shape == [6, 5] && y.objects == nil)
        #expect(y.values == Self.branch.map { -$0 })
    }

    @Test("Fortran order, big-endian integers and booleans")
    func elementTypes() throws {
        let archive = try NumpyArchive(path: try fixturePath("arrays.npz"))
        let fortran = try archive.array("fortran")
        #expect(fortran.shape == [2, 3])
        #expect(fortran.values == (0..<6).map { Double($0) / 8 })
        #expect(try archive.array("big").values == [-2, -1, 0, 300])
        #expect(try archive.array("flags").values == [1, 0, 1])
    }

    @Test("a damaged archive is one sentence naming the file and the damage")
    func damage() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try fixturePath("deepxde_aligned.npz"))))
        #expect(throws: NumpyFileError(path: "cut.npz", problem: "is not a zip archive (no end-of-central-directory record); an .npz file is one")) {
            try ZipArchive(bytes: Array(bytes.prefix(bytes.count / 2)), path: "cut.npz")
        }
        // One flipped byte inside the stored y member: the CRC-32 catches it.
        let archive = try ZipArchive(bytes: bytes, path: "flipped.npz")
        let y = try archive.member("y.npy")
        let at = try #require(bytes.indices.last { i in i + y.count <= bytes.count && Array(bytes[i..<(i + y.count)]) == y })
        var flipped = bytes
        flipped[at + y.count - 3] ^= 0x40
        #expect(throws: NumpyFileError(path: "flipped.npz", problem: "member y.npy fails its CRC-32 check; the file is damaged")) {
            try ZipArchive(bytes: flipped, path: "flipped.npz").member("y.npy")
        }
    }

    @Test("an aligned DeepXDE set with its queries at the sensors becomes a gridded field file")
    func alignedToGrid() throws {
        let folder = try TemporaryFolder()
        let dataset = try DeepXDEDataset(path: try fixturePath("deepxde_aligned.npz"))
        #expect(dataset.isAligned && dataset.gridCoordinates == Self.trunk)
        let output = folder.path("aligned.h5")
        try dataset.write(to: output, generator: "test")
        let reader = try FieldFileReader(path: output)
        #expect(try reader.shape(of: FieldFileFormat.inputs) == [6, 1, 5])
        #expect(try reader.shape(of: FieldFileFormat.outputs) == [6, 1, 5])
        #expect(try reader.coordinate("x") == Self.trunk)
        #expect(try reader.samples(FieldFileFormat.inputs, 0..<6).values == Self.branch.map(Float.init))
        #expect(try reader.samples(FieldFileFormat.outputs, 0..<6).values == Self.branch.map { Float(-$0) })
        #expect(try folder.contents() == ["aligned.h5"])
    }

    @Test("pointwise rows of the same function are grouped into one sample of a point cloud")
    func pointwiseToPointCloud() throws {
        let folder = try TemporaryFolder()
        let dataset = try DeepXDEDataset(path: try fixturePath("deepxde_pointwise.npz"))
        #expect(!dataset.isAligned && dataset.gridCoordinates == nil)
        let output = folder.path("pointwise.h5")
        try dataset.write(to: output, generator: "test")
        let reader = try FieldFileReader(path: output)
        #expect(try reader.shape(of: FieldFileFormat.inputs) == [2, 1, 4])
        #expect(try reader.samples(FieldFileFormat.inputs, 0..<2).values == (0..<8).map { Float($0) / 8 })
        #expect(try reader.shape(of: FieldFileFormat.points) == [2, 3, 1])
        #expect(try reader.samples(FieldFileFormat.points, 0..<2).values == (0..<6).map { Float($0) / 8 })
        #expect(try reader.samples(FieldFileFormat.values, 0..<2).values == (0..<6).map { Float($0) / 4 })
    }

    @Test("an archive without X and y is refused in one sentence")
    func notDeepXDE() throws {
        let path = try fixturePath("arrays.npz")
        #expect(throws: NumpyFileError(path: path, problem: "is not a DeepXDE operator dataset: it holds fortran, big, flags, not X and y")) {
            try DeepXDEDataset(path: path)
        }
    }
}
