import Foundation
import NeuropCore

/// Fills sample datasets of one or more `FieldFileWriter`s with samples computed in parallel.
///
/// Samples are produced in blocks on a `ThreadPool` and appended in index order, so memory holds one
/// block at a time however many samples there are. Sample `i` is computed by `produce(i, buffers)`
/// alone — one Float64 buffer per target, in the order given, converted to each dataset's element
/// type when written — and when `produce` draws its randomness from `RandomStream(seed:, stream: i)`
/// the files are bit-identical whatever the thread count. Every writer is flushed after each block,
/// so a run killed between blocks leaves `.partial` files that `FieldFileWriter(resuming:)` can
/// continue. If any sample throws, the error of the lowest such index is rethrown before its block
/// is written.
public struct SampleProducer {
    /// One dataset to fill: its writer, its name and the values of one sample.
    public struct Target {
        public let writer: FieldFileWriter
        public let dataset: String
        public let valuesPerSample: Int
        public init(_ writer: FieldFileWriter, _ dataset: String, valuesPerSample: Int) {
            self.writer = writer
            self.dataset = dataset
            self.valuesPerSample = valuesPerSample
        }
    }

    /// Samples per block; nil: as many as fit in `blockBytes` (at least one per thread, at most 64).
    public var blockSize: Int?
    /// Memory the buffers of one block may take when `blockSize` is nil.
    public var blockBytes: Int

    public init(blockSize: Int? = nil, blockBytes: Int = 64 << 20) {
        precondition(blockSize.map { $0 >= 1 } ?? true, "a block holds at least one sample")
        self.blockSize = blockSize
        self.blockBytes = blockBytes
    }

    /// Appends samples `range` to every target, calling `progress(done)` after each block is
    /// written and flushed (`done` counts from `range.lowerBound`).
    public func fill(_ targets: [Target], samples range: Range<Int>, pool: ThreadPool = .shared,
                     progress: (Int) -> Void = { _ in },
                     produce: @escaping (Int, [UnsafeMutablePointer<Double>]) throws -> Void) throws {
        let sampleBytes = max(1, targets.reduce(0) { $0 + $1.valuesPerSample } * MemoryLayout<Double>.stride)
        let block = blockSize ?? min(64, max(pool.threadCount, blockBytes / sampleBytes))
        let buffers = targets.map { UnsafeMutablePointer<Double>.allocate(capacity: block * $0.valuesPerSample) }
        defer { for b in buffers { b.deallocate() } }
        let writers = targets.reduce(into: [FieldFileWriter]()) { list, t in
            if !list.contains(where: { $0 === t.writer }) { list.append(t.writer) }
        }
        var start = range.lowerBound
        while start < range.upperBound {
            let n = min(block, range.upperBound - start)
            let first = start
            var failure: (index: Int, error: Error)?
            let lock = NSLock()
            pool.parallelFor(n) { j in
                do {
                    try produce(first + j, zip(buffers, targets).map { $0 + j * $1.valuesPerSample })
                } catch {
                    lock.lock()
                    if failure == nil || first + j < failure!.index { failure = (first + j, error) }
                    lock.unlock()
                }
            }
            if let failure { throw failure.error }
            for (buffer, target) in zip(buffers, targets) {
                try target.writer.appendSamples(dataset: target.dataset,
                                                UnsafeBufferPointer(start: buffer, count: n * target.valuesPerSample), count: n)
            }
            for writer in writers { try writer.flush() }
            start += n
            progress(start - range.lowerBound)
        }
    }
}
