/// Element type of a sample dataset in a field file: float32 by default, float64 on request.
public enum FieldPrecision: Equatable {
    case float32, float64

    var elementType: HDF5ElementType { self == .float32 ? .float32 : .float64 }
}
