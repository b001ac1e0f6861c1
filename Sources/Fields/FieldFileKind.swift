/// Which convention a file read by `FieldFileReader` follows.
public enum FieldFileKind: Equatable {
    /// A neurop field file (`format = "neurop.fields"`).
    case neurop
    /// A PDEBench HDF5 file (`tensor`, `nu`, `x-coordinate`, …), presented through the neurop layout.
    case pdebench
}
