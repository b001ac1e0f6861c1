import Foundation

/// Just enough of Python's pickle machine to read what `np.save` writes for an object array: the
/// array rebuilt by `numpy.core.multiarray._reconstruct` and `BUILD` with its state
/// `(version, shape, dtype, fortran_order, data)`, whose data is a list of objects — here NumPy
/// arrays pickled the same way with their raw bytes, or Python numbers.
///
/// Nothing is imported or executed: the only callables honoured are `_reconstruct`, `dtype` and
/// `_codecs.encode` (how protocol 2 spells bytes), matched by name; any other global, and any
/// opcode outside protocols 0–5's data opcodes, is an error naming it.
struct Unpickler {
    let bytes: [UInt8]
    let path: String

    /// A value on the pickle machine's stack.
    indirect enum Value {
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case bytes([UInt8])
        case tuple([Value])
        case list(ListBox)
        case global(module: String, name: String)
        case array(ArrayBox)
        case dtype(DTypeBox)
        case mark

        /// The NumPy array this value is (a Python number is a 0-d array).
        func numpyArray(path: String) throws -> NumpyArray {
            switch self {
            case let .int(v): return NumpyArray(shape: [], values: [Double(v)])
            case let .float(v): return NumpyArray(shape: [], values: [v])
            case let .bool(v): return NumpyArray(shape: [], values: [v ? 1 : 0])
            case let .array(box):
                guard let dtype = box.dtype, let shape = box.shape else {
                    throw NumpyFileError(path: path, problem: "holds a pickled array without its state (shape and dtype)")
                }
                switch box.data {
                case let .list(list)? where dtype.kind == "O":
                    return NumpyArray(shape: shape, objects: try list.items.map { try $0.numpyArray(path: path) })
                case let .bytes(raw)? where dtype.kind != "O":
                    let count = shape.reduce(1, *)
                    guard raw.count >= count * dtype.size else {
                        throw NumpyFileError(path: path, problem: "holds a pickled array of shape \(shape) with \(raw.count) bytes of data, too few")
                    }
                    let values = dtype.decode(raw, count: count)
                    return NumpyArray(shape: shape, values: box.fortran ? NumpyArray.cOrder(values, shape: shape) : values)
                default:
                    throw NumpyFileError(path: path, problem: "holds a pickled array whose data does not match its dtype")
                }
            default:
                throw NumpyFileError(path: path, problem: "holds a pickled object that is not an array or a number")
            }
        }
    }

    final class ListBox {
        var items: [Value] = []
    }

    /// An `ndarray` made by `_reconstruct` and filled by `BUILD`.
    final class ArrayBox {
        var shape: [Int]?
        var dtype: NumpyDType?
        var fortran = false
        var data: Value?
    }

    /// A `dtype` made by `dtype(descr, …)`, its byte order set by `BUILD`.
    final class DTypeBox {
        let description: String
        var byteOrder: Character = "="
        init(description: String) { self.description = description }
    }

    func load() throws -> Value {
        var stack: [Value] = []
        var memo: [Int: Value] = [:]
        var p = 0
        let reader = ByteReader(bytes: bytes)
        func need(_ n: Int) throws {
            guard p + n <= bytes.count else { throw NumpyFileError(path: path, problem: "ends inside its pickled data") }
        }
        func pop() throws -> Value {
            guard let v = stack.popLast() else { throw NumpyFileError(path: path, problem: "has a pickle that pops an empty stack") }
            return v
        }
        func popMark() throws -> [Value] {
            guard let m = stack.lastIndex(where: { if case .mark = $0 { return true } else { return false } }) else {
                throw NumpyFileError(path: path, problem: "has a pickle that closes a mark it never set")
            }
            let items = Array(stack[(m + 1)...])
            stack.removeSubrange(m...)
            return items
        }
        func take(_ n: Int) throws -> [UInt8] {
            try need(n)
            defer { p += n }
            return Array(bytes[p..<(p + n)])
        }
        func line() throws -> String {
            guard let end = bytes[p...].firstIndex(of: 0x0A) else { throw NumpyFileError(path: path, problem: "ends inside a pickled name") }
            defer { p = end + 1 }
            return String(decoding: bytes[p..<end], as: UTF8.self)
        }
        func length(_ n: Int) throws -> Int {
            try need(n)
            defer { p += n }
            switch n {
            case 1: return Int(bytes[p])
            case 4: return Int(reader.u32(p))
            default: return Int(reader.u64(p))
            }
        }
        while true {
            try need(1)
            let op = bytes[p]
            p += 1
            switch op {
            case 0x80: p += 1                                          // PROTO
            case 0x95: p += 8                                          // FRAME
            case 0x2E: return try pop()                                // STOP
            case 0x28: stack.append(.mark)                             // MARK
            case 0x4E: stack.append(.none)                             // NONE
            case 0x88: stack.append(.bool(true))                       // NEWTRUE
            case 0x89: stack.append(.bool(false))                      // NEWFALSE
            case 0x4B: stack.append(.int(try length(1)))               // BININT1
            case 0x4D:                                                 // BININT2
                try need(2)
                stack.append(.int(Int(reader.u16(p))))
                p += 2
            case 0x4A:                                                 // BININT
                try need(4)
                stack.append(.int(Int(Int32(bitPattern: reader.u32(p)))))
                p += 4
            case 0x8A:                                                 // LONG1
                let raw = try take(try length(1))
                var v = 0
                for (i, b) in raw.enumerated() where i < 8 { v |= Int(b) << (8 * i) }
                if let last = raw.last, last & 0x80 != 0, raw.count < 8 { v -= 1 << (8 * raw.count) }
                stack.append(.int(v))
            case 0x47:                                                 // BINFLOAT (big-endian)
                let raw = try take(8)
                stack.append(.float(Double(bitPattern: raw.reduce(0) { $0 << 8 | UInt64($1) })))
            case 0x58: stack.append(.string(String(decoding: try take(try length(4)), as: UTF8.self)))   // BINUNICODE
            case 0x8C: stack.append(.string(String(decoding: try take(try length(1)), as: UTF8.self)))   // SHORT_BINUNICODE
            case 0x8D: stack.append(.string(String(decoding: try take(try length(8)), as: UTF8.self)))   // BINUNICODE8
            case 0x43, 0x55: stack.append(.bytes(try take(try length(1))))                               // SHORT_BINBYTES, SHORT_BINSTRING
            case 0x42, 0x54: stack.append(.bytes(try take(try length(4))))                               // BINBYTES, BINSTRING
            case 0x8E, 0x96: stack.append(.bytes(try take(try length(8))))                               // BINBYTES8, BYTEARRAY8
            case 0x29: stack.append(.tuple([]))                        // EMPTY_TUPLE
            case 0x85: stack.append(.tuple([try pop()]))               // TUPLE1
            case 0x86:                                                 // TUPLE2
                let b = try pop(), a = try pop()
                stack.append(.tuple([a, b]))
            case 0x87:                                                 // TUPLE3
                let c = try pop(), b = try pop(), a = try pop()
                stack.append(.tuple([a, b, c]))
            case 0x74: stack.append(.tuple(try popMark()))             // TUPLE
            case 0x5D: stack.append(.list(ListBox()))                  // EMPTY_LIST
            case 0x6C:                                                 // LIST
                let list = ListBox()
                list.items = try popMark()
                stack.append(.list(list))
            case 0x61, 0x65:                                           // APPEND, APPENDS
                let items = op == 0x61 ? [try pop()] : try popMark()
                guard case let .list(list)? = stack.last else {
                    throw NumpyFileError(path: path, problem: "has a pickle that appends to something other than a list")
                }
                list.items += items
            case 0x71: memo[try length(1)] = stack.last                // BINPUT
            case 0x72: memo[try length(4)] = stack.last                // LONG_BINPUT
            case 0x94: memo[memo.count] = stack.last                   // MEMOIZE
            case 0x68, 0x6A:                                           // BINGET, LONG_BINGET
                let key = try length(op == 0x68 ? 1 : 4)
                guard let v = memo[key] else { throw NumpyFileError(path: path, problem: "has a pickle that recalls memo \(key) before storing it") }
                stack.append(v)
            case 0x63:                                                 // GLOBAL
                let module = try line()
                stack.append(.global(module: module, name: try line()))
            case 0x93:                                                 // STACK_GLOBAL
                guard case let .string(name) = try pop(), case let .string(module) = try pop() else {
                    throw NumpyFileError(path: path, problem: "has a pickle whose STACK_GLOBAL names are not strings")
                }
                stack.append(.global(module: module, name: name))
            case 0x52:                                                 // REDUCE
                let arguments = try pop(), callable = try pop()
                stack.append(try call(callable, arguments))
            case 0x62:                                                 // BUILD
                let state = try pop()
                guard let object = stack.last else { throw NumpyFileError(path: path, problem: "has a pickle that builds nothing") }
                try build(object, state)
            default:
                throw NumpyFileError(path: path, problem: "holds a pickle with opcode 0x\(String(op, radix: 16)) at byte \(p - 1), which is not part of a pickled NumPy array")
            }
        }
    }

    private func call(_ callable: Value, _ arguments: Value) throws -> Value {
        guard case let .global(module, name) = callable, case let .tuple(args) = arguments else {
            throw NumpyFileError(path: path, problem: "holds a pickle that calls something other than a named function")
        }
        switch (name, args.first) {
        case ("_reconstruct", _) where module.hasPrefix("numpy"):
            return .array(ArrayBox())
        case ("dtype", let .string(description)?) where module.hasPrefix("numpy"):
            return .dtype(DTypeBox(description: description))
        case ("encode", let .string(text)?) where module == "_codecs":
            // Protocol 2 spells bytes as _codecs.encode(text, 'latin1'): one byte per character.
            return .bytes(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        default:
            throw NumpyFileError(path: path, problem: "holds a pickle that calls \(module).\(name), which is not part of a pickled NumPy array")
        }
    }

    private func build(_ object: Value, _ state: Value) throws {
        switch (object, state) {
        case let (.array(box), .tuple(fields)) where fields.count == 5:
            guard case let .tuple(shape) = fields[1], case let .dtype(dtype) = fields[2], case let .bool(fortran) = fields[3] else {
                throw NumpyFileError(path: path, problem: "holds a pickled array whose state is not (version, shape, dtype, fortran_order, data)")
            }
            box.shape = try shape.map {
                guard case let .int(n) = $0, n >= 0 else { throw NumpyFileError(path: path, problem: "holds a pickled array with a non-integer shape") }
                return n
            }
            box.dtype = try NumpyDType(description: dtype.description, byteOrder: dtype.byteOrder, path: path)
            box.fortran = fortran
            box.data = fields[4]
        case let (.dtype(box), .tuple(fields)) where fields.count >= 2:
            if case let .string(order) = fields[1], let c = order.first { box.byteOrder = c }
        default:
            throw NumpyFileError(path: path, problem: "holds a pickle that sets the state of something other than an array or a dtype")
        }
    }
}
