/// The reference-counted buffer behind `Tensor` and `ComplexTensor`.
///
/// Memory is 64-byte aligned so that FFTW's and OpenBLAS's SIMD paths apply to every tensor, and
/// left uninitialised by `init(count:)`: callers that do not overwrite it fill it first.
public final class TensorStorage<Element>: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Element>

    public init(uninitializedCount count: Int) {
        precondition(count >= 0, "negative element count \(count)")
        self.count = count
        let bytes = max(1, count) * MemoryLayout<Element>.stride
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        pointer = raw.bindMemory(to: Element.self, capacity: max(1, count))
    }

    public convenience init(repeating value: Element, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    public func copy() -> TensorStorage {
        let result = TensorStorage(uninitializedCount: count)
        result.pointer.initialize(from: pointer, count: count)
        return result
    }

    deinit {
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}
