import NeuropCore

/// Fills a sample dataset of a `FieldFileWriter` with samples computed in parallel.
///
/// Samples are produced in blocks of `blockSize` on `ThreadPool.shared` and appended in index
/// order, so memory holds one block at a time however many samples there are. Sample `i` is
/// computed by `produce(i, buffer)` alone; when `produce` draws its randomness from
/// `RandomStream(seed:, stream: i)` the file is bit-identical whatever the thread count.
public struct SampleProducer {
    public var blockSize: Int

    public init(blockSize: Int = 64) {
        precondition(blockSize >= 1, "a block holds at least one sample")
        self.blockSize = blockSize
    }

    /// Appends samples `first..<first+count` of `valuesPerSample` floats to `dataset`, calling
    /// `progress(done)` after each block.
    public func fill(_ writer: FieldFileWriter, dataset: String, samples range: Range<Int>, valuesPerSample: Int,
                     pool: ThreadPool = .shared, progress: (Int) -> Void = { _ in },
                     produce: @escaping (Int, UnsafeMutablePointer<Float>) -> Void) throws {
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: blockSize * valuesPerSample)
        defer { buffer.deallocate() }
        var start = range.lowerBound
        while start < range.upperBound {
            let n = min(blockSize, range.upperBound - start)
            let first = start
            pool.parallelFor(n) { j in produce(first + j, buffer + j * valuesPerSample) }
            try writer.appendSamples(dataset: dataset, UnsafeBufferPointer(start: buffer, count: n * valuesPerSample), count: n)
            start += n
            progress(start - range.lowerBound)
        }
    }
}
