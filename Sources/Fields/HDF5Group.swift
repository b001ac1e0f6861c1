import CHDF5

/// An open HDF5 group (the file root is one): creates and opens groups and datasets below it and
/// lists what it holds. Paths are relative to the group, or absolute when they start with `/`;
/// nested paths such as `parameters/layers.0/weight` are created on demand.
public final class HDF5Group: HDF5Object {
    /// Opens the group at `name`, creating it and any missing parents when absent.
    public func createGroup(_ name: String) throws -> HDF5Group {
        try HDF5Library.sync {
            if contains(name) { return try group(name) }
            let full = absolutePath(name)
            let linkList = try Self.intermediateGroupLinkList(object: objectDescription)
            defer { H5Pclose(linkList) }
            let list = HDF5Library.defaultPropertyList
            let groupID = try HDF5Library.check(H5Gcreate2(id, name, linkList, list, list),
                                                "create group '\(full)' in", filePath)
            return HDF5Group(handle: HDF5Handle(id: groupID, kind: .group, parent: handle), path: full, filePath: filePath)
        }
    }

    /// Opens the existing group at `name`; throws `missingGroup` when there is none.
    public func group(_ name: String) throws -> HDF5Group {
        try HDF5Library.sync {
            let full = absolutePath(name)
            guard contains(name) else { throw HDF5Error.missingGroup(name: full, file: filePath) }
            let groupID = H5Gopen2(id, name, HDF5Library.defaultPropertyList)
            guard groupID >= 0 else {
                _ = HDF5Library.takeErrorDetail()
                throw HDF5Error.missingGroup(name: full, file: filePath)
            }
            return HDF5Group(handle: HDF5Handle(id: groupID, kind: .group, parent: handle), path: full, filePath: filePath)
        }
    }

    /// Opens the existing dataset at `name`; throws `missingDataset` listing every dataset of the
    /// file when there is none.
    public func dataset(_ name: String) throws -> HDF5Dataset {
        try HDF5Library.sync {
            let full = absolutePath(name)
            let datasetID = contains(name) ? H5Dopen2(id, name, HDF5Library.defaultPropertyList) : -1
            guard datasetID >= 0 else {
                _ = HDF5Library.takeErrorDetail()
                throw HDF5Error.missingDataset(name: full, file: filePath, available: try fileRoot().datasetPaths())
            }
            return HDF5Dataset(handle: HDF5Handle(id: datasetID, kind: .dataset, parent: handle), path: full, filePath: filePath)
        }
    }

    /// Whether a link (group, dataset, …) exists at `name`; every parent on the way must exist too.
    public func contains(_ name: String) -> Bool {
        HDF5Library.sync {
            var prefix = name.hasPrefix("/") ? "/" : ""
            for component in name.split(separator: "/") {
                prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
                let exists = H5Lexists(id, prefix, HDF5Library.defaultPropertyList)
                if exists <= 0 {
                    _ = HDF5Library.takeErrorDetail()
                    return false
                }
            }
            return true
        }
    }

    /// Creates a dataset of `elementType` and `shape` at `name` (parent groups created on demand).
    /// With `options.extensibleFirstAxis` the first axis has unlimited max extent (it may start at 0).
    public func createDataset(_ name: String, elementType: HDF5ElementType, shape: [Int],
                              options: HDF5DatasetOptions = .contiguous) throws -> HDF5Dataset {
        try HDF5Library.sync {
            let full = absolutePath(name)
            let invalid = { (reason: String) in HDF5Error.invalidOptions(dataset: full, file: self.filePath, reason: reason) }
            guard let fileType = elementType.nativeTypeID, let elementSize = elementType.byteCount else {
                throw invalid("element type \(elementType) is not one of float32, float64, int8…int64, uint8…uint64")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw invalid("shape \(describeShape(shape)) has a negative extent") }
            if contains(name) { throw HDF5Error.alreadyExists(name: full, file: filePath) }

            let what = "create dataset '\(full)' in"
            let creationList = try HDF5Library.check(H5Pcreate(neurop_H5P_DATASET_CREATE()), what, filePath)
            defer { H5Pclose(creationList) }
            var maxDims = shape.hsizes
            if options.needsChunks {
                guard !shape.isEmpty else { throw invalid("a scalar dataset cannot be chunked, compressed or extended") }
                if options.extensibleFirstAxis { maxDims[0] = neurop_H5S_UNLIMITED() }
                let chunk = options.chunkShape ?? ChunkShape.forSamples(
                    sampleShape: Array(shape.dropFirst()), elementSize: elementSize,
                    sampleCount: options.extensibleFirstAxis ? nil : shape[0])
                guard chunk.count == shape.count, chunk.allSatisfy({ $0 >= 1 }) else {
                    throw invalid("chunk shape \(describeShape(chunk)) must have rank \(shape.count) and extents ≥ 1")
                }
                for axis in shape.indices where !(axis == 0 && options.extensibleFirstAxis) && chunk[axis] > shape[axis] {
                    throw invalid("chunk shape \(describeShape(chunk)) exceeds the fixed shape \(describeShape(shape)); use smaller chunks")
                }
                var chunkDims = chunk.hsizes
                try HDF5Library.check(H5Pset_chunk(creationList, Int32(chunk.count), &chunkDims), what, filePath)
                if options.shuffle {
                    try HDF5Library.check(H5Pset_shuffle(creationList), what, filePath)
                }
                if let level = options.deflateLevel {
                    guard (0...9).contains(level) else { throw invalid("deflate level \(level) is outside 0…9") }
                    try HDF5Library.check(H5Pset_deflate(creationList, UInt32(level)), what, filePath)
                }
            }
            var dims = shape.hsizes
            let space = try HDF5Library.check(
                shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(shape.count), &dims, &maxDims), what, filePath)
            defer { H5Sclose(space) }
            let linkList = try Self.intermediateGroupLinkList(object: filePath)
            defer { H5Pclose(linkList) }
            let datasetID = try HDF5Library.check(
                H5Dcreate2(id, name, fileType, space, linkList, creationList, HDF5Library.defaultPropertyList), what, filePath)
            return HDF5Dataset(handle: HDF5Handle(id: datasetID, kind: .dataset, parent: handle), path: full, filePath: filePath)
        }
    }

    /// Creates a dataset holding `values` (of `shape`, default 1-D) and writes them.
    @discardableResult
    public func createDataset<T: HDF5Scalar>(_ name: String, values: [T], shape: [Int]? = nil,
                                             options: HDF5DatasetOptions = .contiguous) throws -> HDF5Dataset {
        let shape = shape ?? [values.count]
        let dataset = try createDataset(name, elementType: T.hdf5ElementType, shape: shape, options: options)
        try dataset.write(values)
        return dataset
    }

    /// Names of the links directly in this group, in alphabetical order.
    public func childNames() throws -> [String] {
        try HDF5Library.sync {
            var info = H5G_info_t()
            try HDF5Library.check(H5Gget_info(id, &info), "list", objectDescription)
            return try (0..<info.nlinks).map { try linkName(at: $0) }
        }
    }

    /// Absolute paths of every dataset below this group, recursively, in alphabetical order per group.
    /// Dangling soft or external links are not datasets and are left out.
    public func datasetPaths() throws -> [String] {
        try HDF5Library.sync {
            var paths: [String] = []
            try collectDatasets(in: id, prefix: path.hasSuffix("/") ? path : path + "/", depth: 0, into: &paths)
            return paths
        }
    }

    /// Introspection record of the dataset at `name`.
    public func info(ofDataset name: String) throws -> HDF5DatasetInfo {
        try dataset(name).info()
    }

    private func collectDatasets(in location: hid_t, prefix: String, depth: Int, into paths: inout [String]) throws {
        guard depth < 64 else { return } // hard-linked cycles
        var info = H5G_info_t()
        try HDF5Library.check(H5Gget_info(location, &info), "list group '\(prefix)' in", filePath)
        for index in 0..<info.nlinks {
            let name = try linkName(at: index, in: location)
            let object = H5Oopen(location, name, HDF5Library.defaultPropertyList)
            guard object >= 0 else {
                _ = HDF5Library.takeErrorDetail()
                continue
            }
            defer { H5Oclose(object) }
            switch H5Iget_type(object) {
            case H5I_GROUP: try collectDatasets(in: object, prefix: prefix + name + "/", depth: depth + 1, into: &paths)
            case H5I_DATASET: paths.append(prefix + name)
            default: break
            }
        }
    }

    private func linkName(at index: hsize_t, in location: hid_t? = nil) throws -> String {
        let location = location ?? id
        let list = HDF5Library.defaultPropertyList
        let length = try HDF5Library.check(
            H5Lget_name_by_idx(location, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, list), "list", objectDescription)
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        try HDF5Library.check(
            H5Lget_name_by_idx(location, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, list),
            "list", objectDescription)
        return String(cString: buffer)
    }

    private func fileRoot() throws -> HDF5Group {
        if path == "/" { return self }
        let rootID = try HDF5Library.check(H5Gopen2(id, "/", HDF5Library.defaultPropertyList), "open the root group of", filePath)
        return HDF5Group(handle: HDF5Handle(id: rootID, kind: .group, parent: handle), path: "/", filePath: filePath)
    }

    /// A link-creation property list that creates missing intermediate groups. Caller closes it.
    static func intermediateGroupLinkList(object: String) throws -> hid_t {
        let list = try HDF5Library.check(H5Pcreate(neurop_H5P_LINK_CREATE()), "create groups for", object)
        try HDF5Library.check(H5Pset_create_intermediate_group(list, 1), "create groups for", object)
        return list
    }
}
