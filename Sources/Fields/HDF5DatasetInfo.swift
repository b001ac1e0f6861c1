/// What one dataset holds and how it is stored: the record `neurop inspect` prints.
public struct HDF5DatasetInfo: Equatable {
    /// Absolute path inside the file.
    public var path: String
    /// Current extent per axis.
    public var shape: [Int]
    /// Maximum extent per axis; nil means unlimited.
    public var maxShape: [Int?]
    /// Element type (`float32`, `int64`…).
    public var elementType: HDF5ElementType
    /// Chunk extent per axis; nil for contiguous or compact storage.
    public var chunkShape: [Int]?
    /// Filter pipeline (empty for unchunked datasets).
    public var filters: HDF5Filters
    /// Names of all attributes, including those whose type Fields cannot read.
    public var attributeNames: [String]
    /// Attributes whose type `HDF5AttributeValue` can hold.
    public var attributes: [String: HDF5AttributeValue]
    /// The scale name when this dataset is a dimension scale (H5DS), nil otherwise.
    public var dimensionScaleName: String?
    /// Per axis, the path of the first dimension scale attached to it (nil where none is).
    public var attachedScales: [String?]
}
