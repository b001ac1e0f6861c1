import CHDF5

/// An open HDF5 dataset: its shape and storage, hyperslab reads and writes, appending along the
/// first axis, and dimension scales.
///
/// Element types are checked: reading or writing `T` needs a dataset of `T.hdf5ElementType` unless
/// `converting: true`, in which case HDF5 converts between any numeric types (e.g. a float64
/// dataset read into `Float`). A hyperslab is `start` (first index per axis) and `count` (extent
/// per axis); only the selected elements are read from disk.
public final class HDF5Dataset: HDF5Object {
    /// Current extent per axis (`[]` for a scalar dataset).
    public var shape: [Int] {
        get throws { try HDF5Library.sync { try extents().current } }
    }

    /// Maximum extent per axis; nil where unlimited.
    public var maxShape: [Int?] {
        get throws {
            try HDF5Library.sync {
                try extents().maximum.map { $0 == neurop_H5S_UNLIMITED() ? nil : Int($0) }
            }
        }
    }

    /// Element type as stored in the file.
    public var elementType: HDF5ElementType {
        get throws {
            try HDF5Library.sync {
                let type = try HDF5Library.check(H5Dget_type(id), "read the type of", objectDescription)
                defer { H5Tclose(type) }
                return HDF5ElementType(typeID: type)
            }
        }
    }

    /// Chunk extent per axis; nil for contiguous or compact storage.
    public var chunkShape: [Int]? {
        get throws {
            try withCreationList { list in
                guard H5Pget_layout(list) == H5D_CHUNKED else { return nil }
                let rank = Int(try HDF5Library.check(H5Pget_chunk(list, 0, nil), "read the chunks of", objectDescription))
                var dims = [hsize_t](repeating: 0, count: rank)
                try HDF5Library.check(H5Pget_chunk(list, Int32(rank), &dims), "read the chunks of", objectDescription)
                return dims.ints
            }
        }
    }

    /// The filter pipeline (shuffle, deflate level, others by name).
    public var filters: HDF5Filters {
        get throws {
            try withCreationList { list in
                var filters = HDF5Filters()
                let count = try HDF5Library.check(H5Pget_nfilters(list), "read the filters of", objectDescription)
                for index in 0..<UInt32(count) {
                    var flags: UInt32 = 0
                    var valueCount = 8
                    var values = [UInt32](repeating: 0, count: 8)
                    var name = [CChar](repeating: 0, count: 256)
                    var config: UInt32 = 0
                    let filter = try HDF5Library.check(
                        H5Pget_filter2(list, index, &flags, &valueCount, &values, name.count, &name, &config),
                        "read the filters of", objectDescription)
                    switch filter {
                    case H5Z_FILTER_SHUFFLE: filters.shuffle = true
                    case H5Z_FILTER_DEFLATE: filters.deflateLevel = valueCount > 0 ? Int(values[0]) : 0
                    default:
                        let text = String(cString: name)
                        filters.others.append(text.isEmpty ? "filter \(filter)" : text)
                    }
                }
                return filters
            }
        }
    }

    /// Whether this dataset has been made a dimension scale.
    public var isDimensionScale: Bool {
        get throws {
            try HDF5Library.sync {
                try HDF5Library.check(H5DSis_scale(id), "check the scale status of", objectDescription) > 0
            }
        }
    }

    /// Everything `neurop inspect` shows about this dataset.
    public func info() throws -> HDF5DatasetInfo {
        try HDF5Library.sync {
            let shape = try self.shape
            var scaleName: String? = nil
            if try isDimensionScale {
                let length = try HDF5Library.check(H5DSget_scale_name(id, nil, 0), "read the scale name of", objectDescription)
                var buffer = [CChar](repeating: 0, count: length + 1)
                try HDF5Library.check(H5DSget_scale_name(id, &buffer, buffer.count), "read the scale name of", objectDescription)
                scaleName = String(cString: buffer)
            }
            return HDF5DatasetInfo(
                path: path, shape: shape, maxShape: try maxShape, elementType: try elementType,
                chunkShape: try chunkShape, filters: try filters, attributeNames: try attributeNames(),
                attributes: try attributes(), dimensionScaleName: scaleName,
                attachedScales: try shape.indices.map { try attachedScale(axis: $0) })
        }
    }

    // MARK: Reading

    /// Reads the hyperslab `start`/`count` (default: everything) into a new array.
    public func read<T: HDF5Scalar>(_ type: T.Type = T.self, start: [Int]? = nil, count: [Int]? = nil,
                                    converting: Bool = false) throws -> [T] {
        try HDF5Library.sync {
            let selection = try resolveSelection(start: start, count: count)
            let total = selection.count.reduce(1, *)
            return try [T](unsafeUninitializedCapacity: total) { buffer, initialized in
                try read(into: buffer, start: selection.start, count: selection.count, converting: converting)
                initialized = total
            }
        }
    }

    /// Reads the whole dataset after checking that its shape is `expectedShape` (e.g. a layer's
    /// weight loaded from a checkpoint): throws `wrongRank` or `wrongShape` naming both shapes.
    public func read<T: HDF5Scalar>(_ type: T.Type = T.self, expectingShape expectedShape: [Int],
                                    converting: Bool = false) throws -> [T] {
        try HDF5Library.sync {
            let found = try extents().current
            guard found.count == expectedShape.count else {
                throw HDF5Error.wrongRank(dataset: path, file: filePath, expected: expectedShape, found: found)
            }
            guard found == expectedShape else {
                throw HDF5Error.wrongShape(dataset: path, file: filePath, expected: expectedShape, found: found)
            }
            return try read(type, converting: converting)
        }
    }

    /// Reads the hyperslab `start`/`count` (default: everything) into `buffer`, which must hold
    /// exactly the selected number of elements, in row-major order.
    public func read<T: HDF5Scalar>(into buffer: UnsafeMutableBufferPointer<T>, start: [Int]? = nil,
                                    count: [Int]? = nil, converting: Bool = false) throws {
        try HDF5Library.sync {
            let memoryType = try checkElementType(T.self, converting: converting)
            let selection = try resolveSelection(start: start, count: count)
            try transfer(selection, bufferCount: buffer.count) { memorySpace, fileSpace in
                H5Dread(id, memoryType, memorySpace, fileSpace, HDF5Library.defaultPropertyList, buffer.baseAddress)
            }
        }
    }

    // MARK: Writing

    /// Writes `values` into the hyperslab `start`/`count` (default: the whole dataset).
    public func write<T: HDF5Scalar>(_ values: [T], start: [Int]? = nil, count: [Int]? = nil,
                                     converting: Bool = false) throws {
        try values.withUnsafeBufferPointer { try write($0, start: start, count: count, converting: converting) }
    }

    /// Writes `buffer` (row-major, exactly the selected number of elements) into the hyperslab
    /// `start`/`count` (default: the whole dataset).
    public func write<T: HDF5Scalar>(_ buffer: UnsafeBufferPointer<T>, start: [Int]? = nil, count: [Int]? = nil,
                                     converting: Bool = false) throws {
        try HDF5Library.sync {
            let memoryType = try checkElementType(T.self, converting: converting)
            let selection = try resolveSelection(start: start, count: count)
            try transfer(selection, bufferCount: buffer.count) { memorySpace, fileSpace in
                H5Dwrite(id, memoryType, memorySpace, fileSpace, HDF5Library.defaultPropertyList, buffer.baseAddress)
            }
        }
    }

    /// Appends rows along the first axis: `buffer.count` must be a multiple of one row (the
    /// product of the other extents). The dataset must have been created with
    /// `extensibleFirstAxis` (or have room left below its max extent). Returns the new extent.
    @discardableResult
    public func append<T: HDF5Scalar>(_ buffer: UnsafeBufferPointer<T>, converting: Bool = false) throws -> Int {
        try HDF5Library.sync {
            _ = try checkElementType(T.self, converting: converting)
            let (current, maximum) = try extents()
            guard !current.isEmpty else {
                throw HDF5Error.notExtensible(dataset: path, file: filePath, maxShape: [])
            }
            let rowSize = current.dropFirst().reduce(1, *)
            guard rowSize > 0, buffer.count % rowSize == 0 else {
                let rows = rowSize > 0 ? max(1, (buffer.count + rowSize - 1) / rowSize) : 1
                throw HDF5Error.bufferSizeMismatch(dataset: path, file: filePath, needed: rows * rowSize, given: buffer.count)
            }
            let rows = buffer.count / rowSize
            var newShape = current
            newShape[0] += rows
            if maximum[0] != neurop_H5S_UNLIMITED() && newShape[0] > Int(maximum[0]) {
                throw HDF5Error.notExtensible(dataset: path, file: filePath,
                                              maxShape: maximum.map { $0 == neurop_H5S_UNLIMITED() ? nil : Int($0) })
            }
            guard rows > 0 else { return current[0] }
            try setExtent(newShape)
            var start = [Int](repeating: 0, count: current.count)
            start[0] = current[0]
            var count = current
            count[0] = rows
            try write(buffer, start: start, count: count, converting: converting)
            return newShape[0]
        }
    }

    /// Appends `values` along the first axis; see `append(_:converting:)` for buffers.
    @discardableResult
    public func append<T: HDF5Scalar>(_ values: [T], converting: Bool = false) throws -> Int {
        try values.withUnsafeBufferPointer { try append($0, converting: converting) }
    }

    /// Changes the current extent (within the max extent; chunked datasets only).
    public func setExtent(_ newShape: [Int]) throws {
        try HDF5Library.sync {
            let current = try extents().current
            guard newShape.count == current.count else {
                throw HDF5Error.wrongRank(dataset: path, file: filePath, expected: newShape, found: current)
            }
            var dims = newShape.hsizes
            try HDF5Library.check(H5Dset_extent(id, &dims), "set the shape \(describeShape(newShape)) of", objectDescription)
        }
    }

    // MARK: Dimension scales

    /// Makes this (normally 1-D) dataset a dimension scale called `name` (H5DSset_scale).
    public func makeDimensionScale(name: String) throws {
        try HDF5Library.sync {
            try HDF5Library.check(H5DSset_scale(id, name), "make a dimension scale of", objectDescription)
        }
    }

    /// Attaches the dimension scale `scale` to axis `axis` of this dataset (H5DSattach_scale); this
    /// writes the `DIMENSION_LIST` attribute here and `REFERENCE_LIST` on the scale.
    public func attachDimensionScale(_ scale: HDF5Dataset, toAxis axis: Int) throws {
        try HDF5Library.sync {
            let rank = try extents().current.count
            guard (0..<rank).contains(axis) else {
                throw HDF5Error.invalidOptions(dataset: path, file: filePath,
                                               reason: "axis \(axis) does not exist in a rank-\(rank) dataset")
            }
            try HDF5Library.check(H5DSattach_scale(id, scale.id, UInt32(axis)),
                                  "attach scale '\(scale.path)' to axis \(axis) of", objectDescription)
        }
    }

    /// Path of the first dimension scale attached to `axis`, nil when none is.
    public func attachedScale(axis: Int) throws -> String? {
        try HDF5Library.sync {
            var buffer = [CChar](repeating: 0, count: 1024)
            let found = try HDF5Library.check(neurop_first_attached_scale(id, UInt32(axis), &buffer, buffer.count),
                                              "read the scales of axis \(axis) of", objectDescription)
            return found > 0 ? String(cString: buffer) : nil
        }
    }

    // MARK: Internals

    private func extents() throws -> (current: [Int], maximum: [hsize_t]) {
        let space = try HDF5Library.check(H5Dget_space(id), "read the shape of", objectDescription)
        defer { H5Sclose(space) }
        let rank = Int(try HDF5Library.check(H5Sget_simple_extent_ndims(space), "read the shape of", objectDescription))
        var dims = [hsize_t](repeating: 0, count: rank)
        var maxDims = [hsize_t](repeating: 0, count: rank)
        try HDF5Library.check(H5Sget_simple_extent_dims(space, &dims, &maxDims), "read the shape of", objectDescription)
        return (dims.ints, maxDims)
    }

    private func withCreationList<R>(_ body: (hid_t) throws -> R) throws -> R {
        try HDF5Library.sync {
            let list = try HDF5Library.check(H5Dget_create_plist(id), "read the creation properties of", objectDescription)
            defer { H5Pclose(list) }
            return try body(list)
        }
    }

    /// Returns the native memory type for `T` after checking it against the stored type.
    private func checkElementType<T: HDF5Scalar>(_ type: T.Type, converting: Bool) throws -> hid_t {
        let stored = try elementType
        let wanted = T.hdf5ElementType
        guard stored == wanted || (converting && stored.isNumeric) else {
            throw HDF5Error.wrongElementType(dataset: path, file: filePath, expected: wanted.name, found: stored.name)
        }
        return wanted.nativeTypeID!
    }

    private func resolveSelection(start: [Int]?, count: [Int]?) throws -> (start: [Int], count: [Int]) {
        let shape = try extents().current
        let start = start ?? [Int](repeating: 0, count: shape.count)
        let count = count ?? zip(shape, start).map { $0 - $1 }
        for given in [start, count] where given.count != shape.count {
            throw HDF5Error.wrongRank(dataset: path, file: filePath, expected: given, found: shape)
        }
        for axis in shape.indices where start[axis] < 0 || count[axis] < 0 || start[axis] + count[axis] > shape[axis] {
            throw HDF5Error.outOfBounds(dataset: path, file: filePath, start: start, count: count, shape: shape)
        }
        return (start, count)
    }

    /// Selects the hyperslab in the file, builds the matching memory space and runs `io`.
    private func transfer(_ selection: (start: [Int], count: [Int]), bufferCount: Int,
                          _ io: (hid_t, hid_t) -> herr_t) throws {
        let total = selection.count.reduce(1, *)
        guard bufferCount == total else {
            throw HDF5Error.bufferSizeMismatch(dataset: path, file: filePath, needed: total, given: bufferCount)
        }
        guard total > 0 else { return }
        let operation = "transfer \(describeShape(selection.count)) elements at \(describeShape(selection.start)) of"
        if selection.count.isEmpty { // scalar dataset
            try HDF5Library.check(io(neurop_H5S_ALL(), neurop_H5S_ALL()), operation, objectDescription)
            return
        }
        let fileSpace = try HDF5Library.check(H5Dget_space(id), operation, objectDescription)
        defer { H5Sclose(fileSpace) }
        var start = selection.start.hsizes
        var count = selection.count.hsizes
        try HDF5Library.check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &count, nil), operation, objectDescription)
        let memorySpace = try HDF5Library.check(H5Screate_simple(Int32(count.count), &count, nil), operation, objectDescription)
        defer { H5Sclose(memorySpace) }
        try HDF5Library.check(io(memorySpace, fileSpace), operation, objectDescription)
    }
}
