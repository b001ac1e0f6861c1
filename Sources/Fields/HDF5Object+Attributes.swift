import CHDF5

/// Attributes of groups (the file root included) and datasets.
extension HDF5Object {
    /// Writes `value` as attribute `name`, replacing any attribute of that name.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws {
        try HDF5Library.sync {
            let what = "write attribute '\(name)' on"
            if H5Aexists(id, name) > 0 {
                try HDF5Library.check(H5Adelete(id, name), what, objectDescription)
            }
            switch value {
            case let .string(text):
                let type = try HDF5Library.check(H5Tcopy(neurop_H5T_C_S1()), what, objectDescription)
                defer { H5Tclose(type) }
                try HDF5Library.check(H5Tset_size(type, neurop_H5T_VARIABLE()), what, objectDescription)
                try HDF5Library.check(H5Tset_cset(type, H5T_CSET_UTF8), what, objectDescription)
                let space = try HDF5Library.check(H5Screate(H5S_SCALAR), what, objectDescription)
                defer { H5Sclose(space) }
                let attribute = try createAttribute(name, type: type, space: space)
                defer { H5Aclose(attribute) }
                try text.withCString { pointer in
                    var element: UnsafePointer<CChar>? = pointer
                    try HDF5Library.check(H5Awrite(attribute, type, &element), what, objectDescription)
                }
            case let .int64(number):
                try writeNumbers([number], scalar: true, type: neurop_H5T_NATIVE_INT64(), name: name)
            case let .double(number):
                try writeNumbers([number], scalar: true, type: neurop_H5T_NATIVE_DOUBLE(), name: name)
            case let .int64Array(numbers):
                try writeNumbers(numbers, scalar: false, type: neurop_H5T_NATIVE_INT64(), name: name)
            case let .doubleArray(numbers):
                try writeNumbers(numbers, scalar: false, type: neurop_H5T_NATIVE_DOUBLE(), name: name)
            }
        }
    }

    /// Convenience for `setAttribute(name, .string(value))`.
    public func setAttribute(_ name: String, _ value: String) throws {
        try setAttribute(name, .string(value))
    }

    /// Whether an attribute `name` exists.
    public func hasAttribute(_ name: String) throws -> Bool {
        try HDF5Library.sync {
            try HDF5Library.check(H5Aexists(id, name), "look up attribute '\(name)' on", objectDescription) > 0
        }
    }

    /// Names of all attributes, in alphabetical order (including ones of types Fields cannot read).
    public func attributeNames() throws -> [String] {
        final class Names { var list: [String] = [] }
        let names = Names()
        try HDF5Library.sync {
            var index: hsize_t = 0
            let status = H5Aiterate2(id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, data in
                guard let name, let data else { return -1 }
                Unmanaged<Names>.fromOpaque(data).takeUnretainedValue().list.append(String(cString: name))
                return 0
            }, Unmanaged.passUnretained(names).toOpaque())
            try HDF5Library.check(status, "list the attributes of", objectDescription)
        }
        return names.list
    }

    /// Reads attribute `name`. Throws `missingAttribute` (listing the ones present) when absent and
    /// `unsupportedAttributeType` for types `HDF5AttributeValue` cannot hold.
    public func attribute(_ name: String) throws -> HDF5AttributeValue {
        try HDF5Library.sync {
            guard H5Aexists(id, name) > 0 else {
                _ = HDF5Library.takeErrorDetail()
                throw HDF5Error.missingAttribute(name: name, object: objectDescription, available: try attributeNames())
            }
            let what = "read attribute '\(name)' on"
            let attribute = try HDF5Library.check(H5Aopen(id, name, HDF5Library.defaultPropertyList), what, objectDescription)
            defer { H5Aclose(attribute) }
            let type = try HDF5Library.check(H5Aget_type(attribute), what, objectDescription)
            defer { H5Tclose(type) }
            let space = try HDF5Library.check(H5Aget_space(attribute), what, objectDescription)
            defer { H5Sclose(space) }
            let isScalar = H5Sget_simple_extent_type(space) == H5S_SCALAR
            let rank = H5Sget_simple_extent_ndims(space)
            let count = Int(H5Sget_simple_extent_npoints(space))
            let typeClass = H5Tget_class(type)
            let unsupported = { (found: String) in
                HDF5Error.unsupportedAttributeType(name: name, object: self.objectDescription, found: found)
            }
            switch typeClass {
            case H5T_STRING:
                guard isScalar else { throw unsupported("array of strings") }
                return .string(try readString(attribute, type: type, what: what))
            case H5T_INTEGER, H5T_FLOAT:
                guard isScalar || rank == 1 else { throw unsupported("\(rank)-D array") }
                if typeClass == H5T_INTEGER {
                    var values = [Int64](repeating: 0, count: count)
                    try HDF5Library.check(H5Aread(attribute, neurop_H5T_NATIVE_INT64(), &values), what, objectDescription)
                    return isScalar ? .int64(values[0]) : .int64Array(values)
                } else {
                    var values = [Double](repeating: 0, count: count)
                    try HDF5Library.check(H5Aread(attribute, neurop_H5T_NATIVE_DOUBLE(), &values), what, objectDescription)
                    return isScalar ? .double(values[0]) : .doubleArray(values)
                }
            default:
                throw unsupported(HDF5ElementType(typeID: type).name)
            }
        }
    }

    /// Every attribute whose type `HDF5AttributeValue` can hold, by name; others (such as the
    /// reference lists of dimension scales) are left out. `attributeNames()` lists all of them.
    public func attributes() throws -> [String: HDF5AttributeValue] {
        var result: [String: HDF5AttributeValue] = [:]
        for name in try attributeNames() {
            do {
                result[name] = try attribute(name)
            } catch HDF5Error.unsupportedAttributeType {
                continue
            }
        }
        return result
    }

    /// Reads a string attribute; throws `wrongAttributeType` for any other kind.
    public func stringAttribute(_ name: String) throws -> String {
        let value = try attribute(name)
        guard case let .string(text) = value else { throw typeMismatch(name, expected: "string", found: value) }
        return text
    }

    /// Reads an integer attribute (any integer width); throws `wrongAttributeType` for any other kind.
    public func int64Attribute(_ name: String) throws -> Int64 {
        let value = try attribute(name)
        guard case let .int64(number) = value else { throw typeMismatch(name, expected: "int64", found: value) }
        return number
    }

    /// Reads a floating-point attribute (float32 or float64); throws `wrongAttributeType` otherwise.
    public func doubleAttribute(_ name: String) throws -> Double {
        let value = try attribute(name)
        guard case let .double(number) = value else { throw typeMismatch(name, expected: "float64", found: value) }
        return number
    }

    private func typeMismatch(_ name: String, expected: String, found: HDF5AttributeValue) -> HDF5Error {
        .wrongAttributeType(name: name, object: objectDescription, expected: expected, found: found.kindName)
    }

    private func createAttribute(_ name: String, type: hid_t, space: hid_t) throws -> hid_t {
        let list = HDF5Library.defaultPropertyList
        return try HDF5Library.check(H5Acreate2(id, name, type, space, list, list),
                                     "create attribute '\(name)' on", objectDescription)
    }

    private func writeNumbers<T>(_ numbers: [T], scalar: Bool, type: hid_t, name: String) throws {
        let what = "write attribute '\(name)' on"
        var dims = [hsize_t(numbers.count)]
        let space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dims, nil)
        try HDF5Library.check(space, what, objectDescription)
        defer { H5Sclose(space) }
        let attribute = try createAttribute(name, type: type, space: space)
        defer { H5Aclose(attribute) }
        try numbers.withUnsafeBufferPointer { buffer in
            _ = try HDF5Library.check(H5Awrite(attribute, type, buffer.baseAddress), what, objectDescription)
        }
    }

    /// Reads a scalar string attribute of either variable or fixed length.
    private func readString(_ attribute: hid_t, type: hid_t, what: String) throws -> String {
        if H5Tis_variable_str(type) > 0 {
            let memoryType = try HDF5Library.check(H5Tcopy(neurop_H5T_C_S1()), what, objectDescription)
            defer { H5Tclose(memoryType) }
            try HDF5Library.check(H5Tset_size(memoryType, neurop_H5T_VARIABLE()), what, objectDescription)
            try HDF5Library.check(H5Tset_cset(memoryType, H5Tget_cset(type)), what, objectDescription)
            var pointer: UnsafeMutablePointer<CChar>? = nil
            try HDF5Library.check(H5Aread(attribute, memoryType, &pointer), what, objectDescription)
            guard let pointer else { return "" }
            defer { H5free_memory(pointer) }
            return String(cString: pointer)
        }
        // Fixed length: read the raw bytes with the file's own string type, then strip padding.
        let size = H5Tget_size(type)
        let memoryType = try HDF5Library.check(H5Tcopy(type), what, objectDescription)
        defer { H5Tclose(memoryType) }
        var bytes = [UInt8](repeating: 0, count: max(size, 1))
        try HDF5Library.check(H5Aread(attribute, memoryType, &bytes), what, objectDescription)
        var text = bytes.prefix { $0 != 0 }
        if H5Tget_strpad(type) == H5T_STR_SPACEPAD {
            while text.last == UInt8(ascii: " ") { text = text.dropLast() }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
