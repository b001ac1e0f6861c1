import Foundation
import NeuropCore

/// An array in NumPy's `.npy` format (what `np.save` writes, and each member of an `.npz`): its
/// shape and its values in C order as Float64 — or, for an object array (dtype `|O`, whose data
/// NumPy stores as a pickle), its elements, which DeepXDE uses to keep a tuple of arrays of
/// different shapes in one entry.
///
/// Format: the magic `\x93NUMPY`, a version, the length of a header that is a Python dict literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (150, 100), }`, then the data.
public struct NumpyArray: Equatable, Sendable {
    public var shape: [Int]
    /// The values in C (row-major) order; empty for an object array.
    public var values: [Double]
    /// The elements of an object array in C order; nil for a numeric array.
    public var objects: [NumpyArray]?

    public init(shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
        objects = nil
    }

    public init(shape: [Int], objects: [NumpyArray]) {
        self.shape = shape
        values = []
        self.objects = objects
    }

    public var count: Int { shape.reduce(1, *) }

    /// Parses `.npy` bytes; `path` names the file (and member) in errors.
    public init(npy bytes: [UInt8], path: String) throws {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw NumpyFileError(path: path, problem: "is not in NumPy's .npy format (no \\x93NUMPY magic)")
        }
        let major = bytes[6]
        let reader = ByteReader(bytes: bytes)
        let (lengthBytes, headerLength): (Int, Int)
        switch major {
        case 1: (lengthBytes, headerLength) = (2, Int(reader.u16(8)))
        case 2, 3:
            guard bytes.count >= 12 else { throw NumpyFileError(path: path, problem: "is truncated in its .npy header") }
            (lengthBytes, headerLength) = (4, Int(reader.u32(8)))
        default:
            throw NumpyFileError(path: path, problem: "is .npy format version \(major).\(bytes[7]); versions 1 to 3 are read")
        }
        let dataStart = 8 + lengthBytes + headerLength
        guard dataStart <= bytes.count else { throw NumpyFileError(path: path, problem: "is truncated in its .npy header") }
        let header = String(decoding: bytes[(8 + lengthBytes)..<dataStart], as: UTF8.self)
        let description = try Self.headerValue("descr", in: header, path: path)
        let fortran = try Self.headerValue("fortran_order", in: header, path: path) == "True"
        let shapeText = try Self.headerValue("shape", in: header, path: path)
        let shape = try shapeText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
            guard let n = Int($0), n >= 0 else { throw NumpyFileError(path: path, problem: "has an unreadable shape (\(shapeText))") }
            return n
        }
        let dtype = try NumpyDType(description: description, path: path)
        let data = bytes[dataStart...]
        if dtype.kind == "O" {
            let pickled = try Unpickler(bytes: Array(data), path: path).load()
            let array = try pickled.numpyArray(path: path)
            guard let objects = array.objects, objects.count == shape.reduce(1, *) else {
                throw NumpyFileError(path: path, problem: "has an object array of shape \(shape) whose pickle does not hold \(shape.reduce(1, *)) elements")
            }
            self.init(shape: shape, objects: fortran ? Self.cOrder(objects, shape: shape) : objects)
        } else {
            let count = shape.reduce(1, *)
            guard data.count >= count * dtype.size else {
                throw NumpyFileError(path: path, problem: "is truncated: shape \(shape) of \(description) needs \(count * dtype.size) bytes of data, it holds \(data.count)")
            }
            let values = dtype.decode(Array(data), count: count)
            self.init(shape: shape, values: fortran ? Self.cOrder(values, shape: shape) : values)
        }
    }

    /// The text of `key`'s value in the header dict: a quoted string without quotes, a tuple
    /// without parentheses, or a bare word.
    private static func headerValue(_ key: String, in header: String, path: String) throws -> String {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\""),
              let colon = header[keyRange.upperBound...].firstIndex(of: ":") else {
            throw NumpyFileError(path: path, problem: "has a .npy header without '\(key)' (\(header.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        let rest = header[header.index(after: colon)...].drop(while: { $0 == " " })
        guard let first = rest.first else { throw NumpyFileError(path: path, problem: "has a .npy header that ends after '\(key)'") }
        switch first {
        case "'", "\"":
            let body = rest.dropFirst()
            guard let close = body.firstIndex(of: first) else { throw NumpyFileError(path: path, problem: "has an unterminated '\(key)' in its .npy header") }
            return String(body[..<close])
        case "(":
            guard let close = rest.firstIndex(of: ")") else { throw NumpyFileError(path: path, problem: "has an unterminated '\(key)' in its .npy header") }
            return String(rest.dropFirst()[..<close])
        case "[":
            throw NumpyFileError(path: path, problem: "holds a structured array ('\(key)' is a list of fields); only plain numeric and object arrays are read")
        default:
            return String(rest.prefix(while: { $0.isLetter || $0.isNumber }))
        }
    }

    /// Column-major (Fortran) order → row-major.
    static func cOrder<T>(_ values: [T], shape: [Int]) -> [T] {
        guard shape.count > 1, let first = values.first else { return values }
        var result = [T](repeating: first, count: values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<values.count {
            var f = 0, stride = 1
            for axis in 0..<shape.count {
                f += index[axis] * stride
                stride *= shape[axis]
            }
            result[c] = values[f]
            advance(&index, within: shape)
        }
        return result
    }
}

/// A NumPy element type from its description (`<f8`, `>i4`, `|b1`, `|O`, or `f8` with the byte
/// order given separately, as pickled dtypes are).
struct NumpyDType: Equatable {
    /// `f` float, `i` signed, `u` unsigned integer, `b` bool, `O` object.
    var kind: Character
    var size: Int
    var bigEndian: Bool

    init(description: String, byteOrder: Character? = nil, path: String) throws {
        var text = Substring(description)
        var order = byteOrder ?? "="
        if let c = text.first, "<>|=".contains(c) {
            order = c
            text = text.dropFirst()
        }
        guard let kind = text.first, let size = Int(text.dropFirst()) ?? (kind == "O" ? 8 : nil),
              (kind == "f" && [2, 4, 8].contains(size)) || ("iu".contains(kind) && [1, 2, 4, 8].contains(size))
                || (kind == "b" && size == 1) || kind == "O" else {
            throw NumpyFileError(path: path, problem: "holds elements of type \(description); float, integer, bool and object arrays are read")
        }
        self.kind = kind
        self.size = size
        bigEndian = order == ">"
    }

    /// The first `count` elements of `data` as Float64.
    func decode(_ data: [UInt8], count: Int) -> [Double] {
        var result = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var bits: UInt64 = 0
            for b in 0..<size {
                let byte = UInt64(data[i * size + (bigEndian ? size - 1 - b : b)])
                bits |= byte << (8 * UInt64(b))
            }
            switch (kind, size) {
            case ("f", 8): result[i] = Double(bitPattern: bits)
            case ("f", 4): result[i] = Double(Float(bitPattern: UInt32(bits)))
            case ("f", 2): result[i] = Double(halfPrecision(UInt16(bits)))
            case ("i", _):
                let shift = UInt64(64 - 8 * size)
                result[i] = Double(Int64(bitPattern: bits << shift) >> Int64(shift))
            default: result[i] = Double(bits)
            }
        }
        return result
    }
}

/// IEEE half precision to Float without relying on `Float16` (unavailable on some x86 targets).
private func halfPrecision(_ h: UInt16) -> Float {
    let sign: Float = h & 0x8000 != 0 ? -1 : 1
    let exponent = Int(h >> 10 & 0x1F), mantissa = Float(h & 0x3FF)
    switch exponent {
    case 0: return sign * mantissa * 0x1p-24
    case 31: return mantissa == 0 ? sign * .infinity : .nan
    default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}
