import CHDF5

/// The element type of a dataset or attribute, named the way NumPy names it (`float32`, `int64`…).
public enum HDF5ElementType: Equatable, Hashable, CustomStringConvertible {
    case float16, float32, float64
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case string
    /// Any other HDF5 type class (compound, reference, enum…), by name.
    case other(String)

    /// The NumPy-style name: `float32`, `uint8`, `string`, `compound`…
    public var name: String {
        switch self {
        case .float16: return "float16"
        case .float32: return "float32"
        case .float64: return "float64"
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .uint8: return "uint8"
        case .uint16: return "uint16"
        case .uint32: return "uint32"
        case .uint64: return "uint64"
        case .string: return "string"
        case let .other(name): return name
        }
    }

    public var description: String { name }

    /// Whether HDF5 can convert values of this type to and from the native numeric types.
    public var isNumeric: Bool {
        switch self {
        case .string, .other, .float16: return false
        default: return true
        }
    }

    /// Size of one element in bytes for the numeric types, nil otherwise.
    public var byteCount: Int? {
        switch self {
        case .int8, .uint8: return 1
        case .int16, .uint16, .float16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        case .string, .other: return nil
        }
    }

    /// The native in-memory HDF5 type for the numeric cases (a predefined id: never closed).
    var nativeTypeID: hid_t? {
        switch self {
        case .float32: return neurop_H5T_NATIVE_FLOAT()
        case .float64: return neurop_H5T_NATIVE_DOUBLE()
        case .int8: return neurop_H5T_NATIVE_INT8()
        case .int16: return neurop_H5T_NATIVE_INT16()
        case .int32: return neurop_H5T_NATIVE_INT32()
        case .int64: return neurop_H5T_NATIVE_INT64()
        case .uint8: return neurop_H5T_NATIVE_UINT8()
        case .uint16: return neurop_H5T_NATIVE_UINT16()
        case .uint32: return neurop_H5T_NATIVE_UINT32()
        case .uint64: return neurop_H5T_NATIVE_UINT64()
        case .float16, .string, .other: return nil
        }
    }

    /// Classifies an HDF5 datatype id (of a dataset or attribute).
    init(typeID: hid_t) {
        let size = H5Tget_size(typeID)
        switch H5Tget_class(typeID) {
        case H5T_FLOAT:
            switch size {
            case 2: self = .float16
            case 4: self = .float32
            case 8: self = .float64
            default: self = .other("float\(size * 8)")
            }
        case H5T_INTEGER:
            let unsigned = H5Tget_sign(typeID) == H5T_SGN_NONE
            switch (size, unsigned) {
            case (1, false): self = .int8
            case (2, false): self = .int16
            case (4, false): self = .int32
            case (8, false): self = .int64
            case (1, true): self = .uint8
            case (2, true): self = .uint16
            case (4, true): self = .uint32
            case (8, true): self = .uint64
            default: self = .other((unsigned ? "uint" : "int") + "\(size * 8)")
            }
        case H5T_STRING: self = .string
        case H5T_COMPOUND: self = .other("compound")
        case H5T_REFERENCE: self = .other("reference")
        case H5T_ENUM: self = .other("enum")
        case H5T_VLEN: self = .other("variable-length sequence")
        case H5T_ARRAY: self = .other("array")
        case H5T_OPAQUE: self = .other("opaque")
        case H5T_BITFIELD: self = .other("bitfield")
        case H5T_TIME: self = .other("time")
        default: self = .other("unknown")
        }
    }
}
