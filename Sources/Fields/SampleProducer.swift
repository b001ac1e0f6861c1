import Foundation
import NeuropCore

/// Fills sample datasets of a `FieldFileWriter` with samples computed in parallel.
///
/// Samples are produced in blocks of `blockSize` on a `ThreadPool` and appended in index order, so
/// memory holds one block at a time however many samples there are. Sample `i` is computed by
/// `produce(i, buffers)` alone — one buffer per dataset, in the order given — and when `produce`
/// draws its randomness from `RandomStream(seed:, stream: i)` the file is bit-identical whatever
/// the thread count. If any sample throws, the error of the lowest such index is rethrown before
/// its block is written.
public struct SampleProducer {
    public var blockSize: Int

    public init(blockSize: Int = 64) {
        precondition(blockSize >= 1, "a block holds at least one sample")
        self.blockSize = blockSize
    }

    /// Appends samples `range` to `datasets` (name and floats per sample each), calling
    /// `progress(done)` after each block.
    public func fill(_ writer: FieldFileWriter, datasets: [(name: String, valuesPerSample: Int)], samples range: Range<Int>,
                     pool: ThreadPool = .shared, progress: (Int) -> Void = { _ in },
                     produce: @escaping (Int, [UnsafeMutablePointer<Float>]) throws -> Void) throws {
        let buffers = datasets.map { UnsafeMutablePointer<Float>.allocate(capacity: blockSize * $0.valuesPerSample) }
        defer { for b in buffers { b.deallocate() } }
        var start = range.lowerBound
        while start < range.upperBound {
            let n = min(blockSize, range.upperBound - start)
            let first = start
            var failure: (index: Int, error: Error)?
            let lock = NSLock()
            pool.parallelFor(n) { j in
                do {
                    try produce(first + j, zip(buffers, datasets).map { $0 + j * $1.valuesPerSample })
                } catch {
                    lock.lock()
                    if failure == nil || first + j < failure!.index { failure = (first + j, error) }
                    lock.unlock()
                }
            }
            if let failure { throw failure.error }
            for (buffer, dataset) in zip(buffers, datasets) {
                try writer.appendSamples(dataset: dataset.name,
                                         UnsafeBufferPointer(start: buffer, count: n * dataset.valuesPerSample), count: n)
            }
            start += n
            progress(start - range.lowerBound)
        }
    }
}
