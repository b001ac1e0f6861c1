/// The filter pipeline of a chunked dataset, as read back from its creation property list.
public struct HDF5Filters: Equatable {
    /// Whether the byte-shuffle filter is applied.
    public var shuffle: Bool
    /// The deflate (gzip) level, nil when deflate is not applied.
    public var deflateLevel: Int?
    /// Names of any other filters (e.g. `szip`, `fletcher32`, or a registered plugin's name).
    public var others: [String]

    public init(shuffle: Bool = false, deflateLevel: Int? = nil, others: [String] = []) {
        self.shuffle = shuffle
        self.deflateLevel = deflateLevel
        self.others = others
    }

    /// No filters.
    public static let none = HDF5Filters()
}
