import Foundation

/// A NumPy `.npz` archive: named arrays, each a `NAME.npy` member of a zip file.
public struct NumpyArchive {
    public let zip: ZipArchive
    /// The array names (member names without `.npy`).
    public var keys: [String] { zip.names.map { $0.hasSuffix(".npy") ? String($0.dropLast(4)) : $0 } }

    public init(path: String) throws {
        zip = try ZipArchive(path: path)
    }

    /// The array `key`.
    public func array(_ key: String) throws -> NumpyArray {
        try NumpyArray(npy: try zip.member(key + ".npy"), path: "\(zip.path) (array \(key))")
    }
}
