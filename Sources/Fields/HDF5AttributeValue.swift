/// The value of an HDF5 attribute: a string, a 64-bit integer, a double, or a 1-D array of either
/// number type.
///
/// Written as: scalar variable-length UTF-8 string (h5py reads it as `str`), scalar int64, scalar
/// float64, 1-D int64 and 1-D float64. Read from: any scalar string (variable or fixed length,
/// padding removed), any integer type (as `int64` / `int64Array`), any float type (as `double` /
/// `doubleArray`); a number stored with a 1-D dataspace is an array even when it has one element.
public enum HDF5AttributeValue: Equatable, CustomStringConvertible {
    case string(String)
    case int64(Int64)
    case double(Double)
    case int64Array([Int64])
    case doubleArray([Double])

    /// The kind of value, as used in error messages: `string`, `int64`, `float64`, `int64 array`, `float64 array`.
    public var kindName: String {
        switch self {
        case .string: return "string"
        case .int64: return "int64"
        case .double: return "float64"
        case .int64Array: return "int64 array"
        case .doubleArray: return "float64 array"
        }
    }

    public var description: String {
        switch self {
        case let .string(value): return "\"\(value)\""
        case let .int64(value): return String(value)
        case let .double(value): return String(value)
        case let .int64Array(values): return "[" + values.map(String.init).joined(separator: ", ") + "]"
        case let .doubleArray(values): return "[" + values.map { String($0) }.joined(separator: ", ") + "]"
        }
    }
}
