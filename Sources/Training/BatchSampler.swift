import NeuropCore

/// The order in which an epoch visits the training samples, and the batches it cuts them into.
///
/// Epoch e (0-based) is shuffled by a Fisher–Yates pass drawing from `RandomStream(seed, stream: 1 + e)`
/// (stream 0 initialises the model), so the order depends only on (seed, epoch): a resumed run
/// replays exactly the batches an uninterrupted one would, with no generator state to carry. The
/// last batch is smaller when the batch size does not divide the sample count (PyTorch's
/// `drop_last=False`). Index j is drawn as `next() mod (i + 1)`: a bias below 2⁻⁴⁰ for any
/// realistic sample count, and stable across Swift releases (unlike `shuffle(using:)`).
public struct BatchSampler: Equatable, Sendable {
    public let sampleCount: Int
    public let batchSize: Int
    public let seed: UInt64

    public init(sampleCount: Int, batchSize: Int, seed: UInt64) {
        precondition(sampleCount >= 1 && batchSize >= 1)
        self.sampleCount = sampleCount
        self.batchSize = batchSize
        self.seed = seed
    }

    public var batchesPerEpoch: Int { (sampleCount + batchSize - 1) / batchSize }

    /// The shuffled sample indices of `epoch`.
    public func order(epoch: Int) -> [Int] {
        var rng = RandomStream(seed: seed, stream: 1 + UInt64(epoch))
        var order = Array(0..<sampleCount)
        for i in stride(from: sampleCount - 1, to: 0, by: -1) {
            order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        }
        return order
    }

    /// Sample indices of batch `batch` of `epoch`.
    public func batch(_ batch: Int, of order: [Int]) -> ArraySlice<Int> {
        order[(batch * batchSize)..<min((batch + 1) * batchSize, sampleCount)]
    }
}

extension Tensor {
    /// The samples at `indices` (first axis) stacked in that order.
    public func gathering(samples indices: some Collection<Int>) -> Tensor {
        let size = count / shape[0]
        var out = Tensor(shape: [indices.count] + shape.dropFirst())
        withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (k, index) in indices.enumerated() {
                    (dst.baseAddress! + k * size).update(from: src.baseAddress! + index * size, count: size)
                }
            }
        }
        return out
    }
}
