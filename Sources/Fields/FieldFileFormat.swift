/// Names fixed by the neurop field file format (`format = "neurop.fields"`, version 1).
///
/// Layout: root attributes `format`, `format_version`, `pde`, `generator`, `seed` (int64),
/// `recipe` (YAML text), `created` (ISO 8601 UTC); sample datasets whose first axis is the sample
/// (`inputs` `[N, C_in, n1, …]`, `outputs` `[N, C_out, n1, …]` or `[N, T, C_out, n1, …]`,
/// `points` `[N, P, d]`, `values`/`std_error` `[N, P]`); coordinate datasets `x`, `y`, `z`, `t`
/// (float64, 1-D) attached as HDF5 dimension scales to the axes of the same name. Every dataset
/// has an `axes` attribute (comma-separated axis names, e.g. `sample,channel,x,y`) and, where the
/// dataset has a channel axis, `channels` (comma-separated channel names, e.g. `a`).
public enum FieldFileFormat {
    /// Value of the root attribute `format`.
    public static let name = "neurop.fields"
    /// Value of the root attribute `format_version` this code writes and reads.
    public static let version: Int64 = 1
    /// Suffix of the file being written; renamed away by `FieldFileWriter.finish()`.
    public static let partialSuffix = ".partial"

    public static let inputs = "inputs"
    public static let outputs = "outputs"
    public static let points = "points"
    public static let values = "values"
    public static let standardError = "std_error"

    /// Axis names. Spatial axes are `x`, `y`, `z` in grid order; the time axis is `t`, so a
    /// coordinate dataset attaches to the axes named like it.
    public static let sampleAxis = "sample"
    public static let channelAxis = "channel"
    public static let timeAxis = "t"
    public static let pointAxis = "point"
    public static let componentAxis = "component"
    public static let spatialAxes = ["x", "y", "z"]

    /// The root attribute names.
    public enum Attribute {
        public static let format = "format"
        public static let formatVersion = "format_version"
        public static let pde = "pde"
        public static let generator = "generator"
        public static let seed = "seed"
        public static let recipe = "recipe"
        public static let created = "created"
        public static let axes = "axes"
        public static let channels = "channels"
        /// Optional, on any dataset: what its values mean.
        public static let description = "description"
    }

    /// Joins names into the comma-separated form of the `axes` and `channels` attributes.
    static func join(_ names: [String]) -> String { names.joined(separator: ",") }

    /// Splits an `axes` or `channels` attribute into names (spaces around commas are ignored).
    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
