/// How a dataset is laid out on disk: chunking, filters, and whether its first axis can grow.
///
/// Filters and an extensible first axis need chunked storage; when either is asked for without a
/// `chunkShape`, a chunk of whole rows along the first axis is chosen (`ChunkShape.forSamples`,
/// capped at 1 MiB).
public struct HDF5DatasetOptions: Equatable {
    /// Chunk extent per axis (same rank as the dataset, each ≥ 1); nil for automatic or contiguous.
    public var chunkShape: [Int]?
    /// Byte-shuffle filter (groups the bytes of each element; helps deflate on floats).
    public var shuffle: Bool
    /// Deflate (zlib/gzip) level 0…9; nil for no compression. 4 is h5py's default.
    public var deflateLevel: Int?
    /// First axis created with unlimited max extent, so `HDF5Dataset.append` can grow it.
    public var extensibleFirstAxis: Bool

    public init(chunkShape: [Int]? = nil, shuffle: Bool = false, deflateLevel: Int? = nil,
                extensibleFirstAxis: Bool = false) {
        self.chunkShape = chunkShape
        self.shuffle = shuffle
        self.deflateLevel = deflateLevel
        self.extensibleFirstAxis = extensibleFirstAxis
    }

    /// Contiguous storage, no filters, fixed shape.
    public static let contiguous = HDF5DatasetOptions()

    /// Whether the options need chunked storage.
    var needsChunks: Bool { chunkShape != nil || shuffle || deflateLevel != nil || extensibleFirstAxis }
}
