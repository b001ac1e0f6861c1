/// A dense array of complex Float32 numbers, stored interleaved (re, im) — FFTW's `fftwf_complex`
/// layout — contiguous and row-major like `Tensor`.
public struct ComplexTensor: Sendable {
    /// The complex shape (each element is one complex number, two floats).
    public internal(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage<Float>

    public var count: Int { storage.count / 2 }

    public init(shape: [Int], repeating value: (re: Float, im: Float) = (0, 0)) {
        Tensor.checkShape(shape)
        self.shape = shape
        let n = Tensor.elementCount(shape)
        storage = TensorStorage(uninitializedCount: 2 * n)
        for i in 0..<n {
            (storage.pointer + 2 * i).initialize(to: value.re)
            (storage.pointer + 2 * i + 1).initialize(to: value.im)
        }
    }

    public init(uninitializedShape shape: [Int]) {
        Tensor.checkShape(shape)
        self.shape = shape
        storage = TensorStorage(uninitializedCount: 2 * Tensor.elementCount(shape))
    }

    /// A complex tensor from separate real and imaginary parts of equal shape.
    public init(real: Tensor, imaginary: Tensor) {
        precondition(real.shape == imaginary.shape, "real \(real.shape) and imaginary \(imaginary.shape) shapes differ")
        self.init(uninitializedShape: real.shape)
        for i in 0..<real.count {
            storage.pointer[2 * i] = real.storage.pointer[i]
            storage.pointer[2 * i + 1] = imaginary.storage.pointer[i]
        }
    }

    public var real: Tensor { part(0) }
    public var imaginary: Tensor { part(1) }

    private func part(_ offset: Int) -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        for i in 0..<count { t.storage.pointer[i] = storage.pointer[2 * i + offset] }
        return t
    }

    /// Element at a flat index as (re, im).
    public subscript(flat index: Int) -> (re: Float, im: Float) {
        get { (storage.pointer[2 * index], storage.pointer[2 * index + 1]) }
        set {
            makeUnique()
            storage.pointer[2 * index] = newValue.re
            storage.pointer[2 * index + 1] = newValue.im
        }
    }

    public mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// The interleaved (re, im) floats, `2 × count` of them.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }
}
