/// A dense Float32 array: contiguous, row-major, channel-first (`[batch, channels, n1, n2, …]`).
///
/// `Tensor` is a value: copies share storage until one of them is written (copy-on-write), so
/// passing tensors around is cheap and never aliases by surprise. Shape errors are programming
/// errors and stop the program with a message naming both shapes.
public struct Tensor: Sendable {
    public internal(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage<Float>

    /// Number of elements.
    @inlinable public var count: Int { storage.count }
    /// Number of axes.
    public var rank: Int { shape.count }

    /// A tensor filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        Tensor.checkShape(shape)
        self.shape = shape
        storage = TensorStorage(repeating: value, count: Tensor.elementCount(shape))
    }

    /// A tensor holding `values` in row-major order.
    public init(shape: [Int], values: [Float]) {
        Tensor.checkShape(shape)
        let n = Tensor.elementCount(shape)
        precondition(values.count == n, "\(values.count) values do not fill shape \(shape) (\(n) elements)")
        self.shape = shape
        storage = TensorStorage(uninitializedCount: n)
        values.withUnsafeBufferPointer { storage.pointer.initialize(from: $0.baseAddress!, count: n) }
    }

    /// A tensor whose elements are `body(flatIndex)`.
    public init(shape: [Int], generator body: (Int) -> Float) {
        Tensor.checkShape(shape)
        self.shape = shape
        let n = Tensor.elementCount(shape)
        storage = TensorStorage(uninitializedCount: n)
        for i in 0..<n { (storage.pointer + i).initialize(to: body(i)) }
    }

    /// A tensor with uninitialised contents, for kernels that overwrite every element.
    public init(uninitializedShape shape: [Int]) {
        Tensor.checkShape(shape)
        self.shape = shape
        storage = TensorStorage(uninitializedCount: Tensor.elementCount(shape))
    }

    /// A scalar (rank-0) tensor.
    public init(_ scalar: Float) {
        self.init(shape: [], repeating: scalar)
    }

    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    /// The elements in row-major order.
    public var values: [Float] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// The single element of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar of a tensor with shape \(shape)")
        return storage.pointer[0]
    }

    /// Element at a flat (row-major) index.
    @inlinable public subscript(flat index: Int) -> Float {
        get { storage.pointer[index] }
        set {
            makeUnique()
            storage.pointer[index] = newValue
        }
    }

    /// Element at a multi-index.
    public subscript(_ index: Int...) -> Float {
        get { storage.pointer[flatIndex(index)] }
        set {
            let i = flatIndex(index)
            makeUnique()
            storage.pointer[i] = newValue
        }
    }

    /// Row-major strides of `shape` in elements.
    public static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = s
            s *= shape[axis]
        }
        return strides
    }

    public static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    static func checkShape(_ shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
    }

    func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) does not match rank of shape \(shape)")
        var flat = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "index \(index) out of range for shape \(shape)")
            flat = flat * shape[axis] + i
        }
        return flat
    }

    /// Copies the storage if it is shared, so that a write touches only this value.
    @inlinable public mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = values.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), values: [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

extension Tensor: Equatable {
    /// Exact equality of shape and every element (bitwise for non-NaN values).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        if lhs.storage === rhs.storage { return true }
        for i in 0..<lhs.count where lhs.storage.pointer[i] != rhs.storage.pointer[i] { return false }
        return true
    }
}
