/// A failure of the HDF5 layer, described in one sentence that names the file, object and, where
/// there is one, the fix.
public enum HDF5Error: Error, Equatable, CustomStringConvertible {
    /// The path does not exist.
    case noSuchFile(path: String)
    /// The path exists but `H5Fis_hdf5` says it is not an HDF5 file.
    case notHDF5(path: String)
    /// `create(overwrite: false)` found an existing file.
    case fileExists(path: String)
    /// No dataset at `name`; `available` lists the datasets that do exist (absolute paths).
    case missingDataset(name: String, file: String, available: [String])
    /// No group at `name`.
    case missingGroup(name: String, file: String)
    /// Creating an object whose path is already taken.
    case alreadyExists(name: String, file: String)
    /// No attribute `name` on `object`; `available` lists the attributes present.
    case missingAttribute(name: String, object: String, available: [String])
    /// The dataset's element type differs from the requested one.
    case wrongElementType(dataset: String, file: String, expected: String, found: String)
    /// The attribute holds another kind of value than the one requested.
    case wrongAttributeType(name: String, object: String, expected: String, found: String)
    /// The attribute's type is none of those `HDF5AttributeValue` can hold.
    case unsupportedAttributeType(name: String, object: String, found: String)
    /// A selection, buffer or shape of rank `expected.count` was used with a dataset of rank `found.count`.
    case wrongRank(dataset: String, file: String, expected: [Int], found: [Int])
    /// A shape was expected to equal `expected` but is `found`.
    case wrongShape(dataset: String, file: String, expected: [Int], found: [Int])
    /// The hyperslab `start`/`count` reaches outside the dataset's `shape`.
    case outOfBounds(dataset: String, file: String, start: [Int], count: [Int], shape: [Int])
    /// A buffer of `given` elements was passed where `needed` are read or written.
    case bufferSizeMismatch(dataset: String, file: String, needed: Int, given: Int)
    /// `append` on a dataset whose first axis cannot grow.
    case notExtensible(dataset: String, file: String, maxShape: [Int?])
    /// Creation options that HDF5 cannot honour (bad chunk shape, deflate level…).
    case invalidOptions(dataset: String, file: String, reason: String)
    /// Any other failure reported by the HDF5 library.
    case library(operation: String, object: String, detail: String)

    public var description: String {
        switch self {
        case let .noSuchFile(path):
            return "no such file: \(path)"
        case let .notHDF5(path):
            return "\(path) is not an HDF5 file"
        case let .fileExists(path):
            return "\(path) already exists; remove it or create with overwrite: true"
        case let .missingDataset(name, file, available):
            let present = available.isEmpty ? "it has no datasets" : "it has: " + available.joined(separator: ", ")
            return "no dataset '\(name)' in \(file); \(present)"
        case let .missingGroup(name, file):
            return "no group '\(name)' in \(file); create it with createGroup(\"\(name)\")"
        case let .alreadyExists(name, file):
            return "'\(name)' already exists in \(file); choose another name or write into the existing object"
        case let .missingAttribute(name, object, available):
            let present = available.isEmpty ? "it has no attributes" : "it has: " + available.joined(separator: ", ")
            return "no attribute '\(name)' on \(object); \(present)"
        case let .wrongElementType(dataset, file, expected, found):
            return "dataset '\(dataset)' in \(file) holds \(found), not \(expected); read it as \(found) or allow conversion"
        case let .wrongAttributeType(name, object, expected, found):
            return "attribute '\(name)' on \(object) holds \(found), not \(expected)"
        case let .unsupportedAttributeType(name, object, found):
            return "attribute '\(name)' on \(object) has type \(found), which Fields cannot read (strings, integers, floats and 1-D arrays of numbers are supported)"
        case let .wrongRank(dataset, file, expected, found):
            return "dataset '\(dataset)' in \(file) has rank \(found.count) (shape \(describeShape(found))) but rank \(expected.count) (shape \(describeShape(expected))) was expected"
        case let .wrongShape(dataset, file, expected, found):
            return "dataset '\(dataset)' in \(file) has shape \(describeShape(found)) but \(describeShape(expected)) was expected"
        case let .outOfBounds(dataset, file, start, count, shape):
            return "the selection start \(describeShape(start)) count \(describeShape(count)) lies outside dataset '\(dataset)' in \(file) of shape \(describeShape(shape)); keep start + count within the shape"
        case let .bufferSizeMismatch(dataset, file, needed, given):
            return "the selection of dataset '\(dataset)' in \(file) has \(needed) elements but the buffer holds \(given)"
        case let .notExtensible(dataset, file, maxShape):
            let shown = "[" + maxShape.map { $0.map(String.init) ?? "unlimited" }.joined(separator: ", ") + "]"
            return "dataset '\(dataset)' in \(file) cannot grow (max shape \(shown)); create it with extensibleFirstAxis: true to append"
        case let .invalidOptions(dataset, file, reason):
            return "cannot create dataset '\(dataset)' in \(file): \(reason)"
        case let .library(operation, object, detail):
            return "HDF5 could not \(operation) \(object): \(detail)"
        }
    }
}
