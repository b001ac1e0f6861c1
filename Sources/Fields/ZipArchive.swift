import CZlib
import Foundation

/// The members of a zip file, read whole into memory: what a NumPy `.npz` archive is (`np.savez`
/// stores its arrays uncompressed, `np.savez_compressed` deflates them).
///
/// Members are found through the central directory at the end of the file (the local headers of
/// streamed members hold no sizes), ZIP64 records included; each member is checked against its
/// CRC-32. Only the two methods zip files of arrays use are read: stored (0) and deflate (8), the
/// latter with zlib.
public struct ZipArchive {
    public let path: String
    /// Member names in the order of the central directory.
    public let names: [String]
    private let entries: [String: Entry]
    private let bytes: [UInt8]

    private struct Entry {
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    /// Reads the archive at `path` and its directory.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NumpyFileError(path: path, problem: "cannot be read (no such file, or no permission)")
        }
        try self.init(bytes: [UInt8](data), path: path)
    }

    init(bytes: [UInt8], path: String) throws {
        self.path = path
        self.bytes = bytes
        let reader = ByteReader(bytes: bytes)
        // The end-of-central-directory record: its signature within the last 64 KiB + 22 bytes
        // (the record ends in a comment of at most 65535 bytes).
        guard bytes.count >= 22,
              let end = stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 65535), by: -1)
                .first(where: { reader.u32($0) == 0x0605_4b50 }) else {
            throw NumpyFileError(path: path, problem: "is not a zip archive (no end-of-central-directory record); an .npz file is one")
        }
        var count = Int(reader.u16(end + 10))
        var directorySize = Int(reader.u32(end + 12))
        var directoryOffset = Int(reader.u32(end + 16))
        // ZIP64: the locator just before the record points to the ZIP64 end record.
        if end >= 20, reader.u32(end - 20) == 0x0706_4b50 {
            let record = Int(reader.u64(end - 12))
            guard record + 56 <= bytes.count, reader.u32(record) == 0x0606_4b50 else {
                throw NumpyFileError(path: path, problem: "has a ZIP64 locator that points to no ZIP64 end record; the file is damaged")
            }
            count = Int(reader.u64(record + 32))
            directorySize = Int(reader.u64(record + 40))
            directoryOffset = Int(reader.u64(record + 48))
        }
        guard directoryOffset + directorySize <= bytes.count else {
            throw NumpyFileError(path: path, problem: "is truncated: its central directory lies past the end of the file")
        }
        var names: [String] = []
        var entries: [String: Entry] = [:]
        var p = directoryOffset
        for _ in 0..<count {
            guard p + 46 <= bytes.count, reader.u32(p) == 0x0201_4b50 else {
                throw NumpyFileError(path: path, problem: "has a damaged central directory (entry \(names.count + 1) of \(count))")
            }
            let (nameLength, extraLength, commentLength) = (Int(reader.u16(p + 28)), Int(reader.u16(p + 30)), Int(reader.u16(p + 32)))
            guard p + 46 + nameLength + extraLength <= bytes.count else {
                throw NumpyFileError(path: path, problem: "is truncated inside its central directory")
            }
            var entry = Entry(method: reader.u16(p + 10), crc: reader.u32(p + 16), compressedSize: Int(reader.u32(p + 20)),
                              size: Int(reader.u32(p + 24)), localHeaderOffset: Int(reader.u32(p + 42)))
            // ZIP64 extended information: 64-bit values for exactly the fields saturated at 0xFFFFFFFF.
            var q = p + 46 + nameLength
            while q + 4 <= p + 46 + nameLength + extraLength {
                let (tag, length) = (reader.u16(q), Int(reader.u16(q + 2)))
                if tag == 0x0001 {
                    var field = q + 4
                    func next() -> Int {
                        defer { field += 8 }
                        return field + 8 <= q + 4 + length ? Int(reader.u64(field)) : 0
                    }
                    if entry.size == 0xFFFF_FFFF { entry.size = next() }
                    if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = next() }
                    if entry.localHeaderOffset == 0xFFFF_FFFF { entry.localHeaderOffset = next() }
                }
                q += 4 + length
            }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            names.append(name)
            entries[name] = entry
            p += 46 + nameLength + extraLength + commentLength
        }
        self.names = names
        self.entries = entries
    }

    /// The uncompressed bytes of member `name`.
    public func member(_ name: String) throws -> [UInt8] {
        guard let entry = entries[name] else {
            throw NumpyFileError(path: path, problem: "has no member \(name) (it holds \(names.joined(separator: ", ")))")
        }
        let reader = ByteReader(bytes: bytes)
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, reader.u32(header) == 0x0403_4b50 else {
            throw NumpyFileError(path: path, problem: "has no local header where its directory puts member \(name)")
        }
        let start = header + 30 + Int(reader.u16(header + 26)) + Int(reader.u16(header + 28))
        guard start + entry.compressedSize <= bytes.count else {
            throw NumpyFileError(path: path, problem: "is truncated: member \(name) runs past the end of the file")
        }
        let stored = bytes[start..<(start + entry.compressedSize)]
        let data: [UInt8]
        switch entry.method {
        case 0: data = Array(stored)
        case 8: data = try inflate(stored, size: entry.size, member: name)
        default:
            throw NumpyFileError(path: path, problem: "compresses member \(name) with zip method \(entry.method); only stored (0) and deflate (8) are read, which is what np.savez and np.savez_compressed write")
        }
        guard data.count == entry.size else {
            throw NumpyFileError(path: path, problem: "member \(name) holds \(data.count) bytes where its directory says \(entry.size)")
        }
        let crc = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc else {
            throw NumpyFileError(path: path, problem: "member \(name) fails its CRC-32 check; the file is damaged")
        }
        return data
    }

    private func inflate(_ input: ArraySlice<UInt8>, size: Int, member: String) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        guard neurop_inflate_init_raw(&stream) == Z_OK else {
            throw NumpyFileError(path: path, problem: "member \(member): zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var input = Array(input)
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            throw NumpyFileError(path: path, problem: "member \(member) does not inflate to its \(size) bytes (zlib status \(status)); the file is damaged")
        }
        return output
    }
}

/// Little-endian reads from a byte array; offsets are checked by the caller.
struct ByteReader {
    let bytes: [UInt8]

    func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
    func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}

/// A NumPy file (`.npy`, `.npz`) neurop cannot read, in one sentence: the path and what is wrong.
public struct NumpyFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path) \(problem)" }
}
