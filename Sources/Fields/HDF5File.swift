import CHDF5
import Foundation

/// An HDF5 file on disk, open for reading or writing. Closed when the value and every group or
/// dataset opened from it are gone. Group and dataset operations on the file act on its root
/// group (`root`); root attributes are `root`'s attributes.
public final class HDF5File {
    /// How an existing file is opened.
    public enum Mode {
        case readOnly, readWrite
    }

    /// Path on disk, as given.
    public let path: String
    /// The root group `/`.
    public let root: HDF5Group

    private init(path: String, fileID: hid_t) throws {
        self.path = path
        let fileHandle = HDF5Handle(id: fileID, kind: .file, parent: nil)
        let rootID = try HDF5Library.check(H5Gopen2(fileID, "/", HDF5Library.defaultPropertyList), "open the root group of", path)
        root = HDF5Group(handle: HDF5Handle(id: rootID, kind: .group, parent: fileHandle), path: "/", filePath: path)
    }

    /// Creates a new file at `path` (truncating an existing one when `overwrite`, otherwise
    /// throwing `fileExists`), open for reading and writing.
    public convenience init(creatingAt path: String, overwrite: Bool = true) throws {
        let fileID: hid_t = try HDF5Library.sync {
            if !overwrite && FileManager.default.fileExists(atPath: path) { throw HDF5Error.fileExists(path: path) }
            let flags = overwrite ? neurop_H5F_ACC_TRUNC() : neurop_H5F_ACC_EXCL()
            let list = HDF5Library.defaultPropertyList
            return try HDF5Library.check(H5Fcreate(path, flags, list, list), "create the file", path)
        }
        try self.init(path: path, fileID: fileID)
    }

    /// Opens an existing file. Throws `noSuchFile` when nothing is at `path` and `notHDF5` when
    /// the file there is not HDF5 (checked with `H5Fis_hdf5` before opening).
    public convenience init(openingAt path: String, mode: Mode = .readOnly) throws {
        let fileID: hid_t = try HDF5Library.sync {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw HDF5Error.noSuchFile(path: path)
            }
            guard !isDirectory.boolValue, H5Fis_hdf5(path) > 0 else {
                _ = HDF5Library.takeErrorDetail()
                throw HDF5Error.notHDF5(path: path)
            }
            let flags = mode == .readOnly ? neurop_H5F_ACC_RDONLY() : neurop_H5F_ACC_RDWR()
            return try HDF5Library.check(H5Fopen(path, flags, HDF5Library.defaultPropertyList), "open the file", path)
        }
        try self.init(path: path, fileID: fileID)
    }

    /// Whether `path` is a readable HDF5 file.
    public static func isHDF5(_ path: String) -> Bool {
        HDF5Library.sync {
            let answer = H5Fis_hdf5(path)
            if answer < 0 { _ = HDF5Library.takeErrorDetail() }
            return answer > 0
        }
    }

    /// Writes buffered data and metadata to disk.
    public func flush() throws {
        try HDF5Library.sync {
            try HDF5Library.check(H5Fflush(root.id, H5F_SCOPE_GLOBAL), "flush", path)
        }
    }

    /// See `HDF5Group.dataset(_:)`.
    public func dataset(_ name: String) throws -> HDF5Dataset { try root.dataset(name) }
    /// See `HDF5Group.group(_:)`.
    public func group(_ name: String) throws -> HDF5Group { try root.group(name) }
    /// See `HDF5Group.createGroup(_:)`.
    public func createGroup(_ name: String) throws -> HDF5Group { try root.createGroup(name) }
    /// See `HDF5Group.contains(_:)`.
    public func contains(_ name: String) -> Bool { root.contains(name) }
    /// See `HDF5Group.datasetPaths()`: every dataset in the file.
    public func datasetPaths() throws -> [String] { try root.datasetPaths() }
    /// See `HDF5Group.info(ofDataset:)`.
    public func info(ofDataset name: String) throws -> HDF5DatasetInfo { try root.info(ofDataset: name) }

    /// See `HDF5Group.createDataset(_:elementType:shape:options:)`.
    public func createDataset(_ name: String, elementType: HDF5ElementType, shape: [Int],
                              options: HDF5DatasetOptions = .contiguous) throws -> HDF5Dataset {
        try root.createDataset(name, elementType: elementType, shape: shape, options: options)
    }

    /// See `HDF5Group.createDataset(_:values:shape:options:)`.
    @discardableResult
    public func createDataset<T: HDF5Scalar>(_ name: String, values: [T], shape: [Int]? = nil,
                                             options: HDF5DatasetOptions = .contiguous) throws -> HDF5Dataset {
        try root.createDataset(name, values: values, shape: shape, options: options)
    }
}
