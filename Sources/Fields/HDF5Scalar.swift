/// A Swift number type that maps one-to-one onto an HDF5 native element type, so that datasets
/// and buffers of it can be read and written without conversion.
public protocol HDF5Scalar {
    /// The element type a dataset must have to be read as this Swift type without conversion.
    static var hdf5ElementType: HDF5ElementType { get }
}

extension Float: HDF5Scalar {
    public static var hdf5ElementType: HDF5ElementType { .float32 }
}

extension Double: HDF5Scalar {
    public static var hdf5ElementType: HDF5ElementType { .float64 }
}

extension Int64: HDF5Scalar {
    public static var hdf5ElementType: HDF5ElementType { .int64 }
}

extension Int32: HDF5Scalar {
    public static var hdf5ElementType: HDF5ElementType { .int32 }
}

extension UInt8: HDF5Scalar {
    public static var hdf5ElementType: HDF5ElementType { .uint8 }
}
