import Foundation
import Synchronization

/// A fixed set of worker threads that runs data-parallel loops (`parallelFor`).
///
/// The pool is sized to the machine's cores (or `NEUROP_THREADS`), so numerical kernels never
/// oversubscribe the CPU. Work items are indices; the caller makes each index write only its own
/// output, which is what keeps results independent of the thread count. A `parallelFor` issued from
/// inside a worker runs serially on that worker instead of deadlocking on the busy pool.
public final class ThreadPool: @unchecked Sendable {
    /// The process-wide pool: `NEUROP_THREADS` threads if set, else one per active core.
    public static let shared: ThreadPool = {
        if let text = ProcessInfo.processInfo.environment["NEUROP_THREADS"], let n = Int(text), n > 0 {
            return ThreadPool(threads: n)
        }
        return ThreadPool(threads: ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Number of threads that execute a loop, the calling thread included.
    public let threadCount: Int

    private let condition = NSCondition()
    private var job: Job?
    /// Loops issued so far; changed under `condition`'s lock, read without it by spinning workers.
    private let generation = Atomic<Int>(0)
    /// Polls of `generation` (or of a job's completion) before a thread sleeps on a condition, a
    /// few microseconds: a training step issues loops microseconds apart, and waking a sleeping
    /// thread through the kernel costs more than that (FNO inference +13 % in the median of 12
    /// interleaved runs).
    static let spinPolls = 2000
    private var workers: [Thread] = []
    private let serialGate = NSLock()

    /// True on a thread that is currently executing a `parallelFor` body of some pool.
    public static var isInsideParallelRegion: Bool {
        Thread.current.threadDictionary[regionKey] != nil
    }
    private static let regionKey = "neurop.ThreadPool.region"

    private final class Job {
        let body: (Int) -> Void
        let count: Int
        let lock = NSLock()
        var next = 0
        /// Indices run so far; changed under `done`'s lock, read without it while the caller spins.
        let finished = Atomic<Int>(0)
        let done = NSCondition()
        init(count: Int, body: @escaping (Int) -> Void) {
            self.count = count
            self.body = body
        }
        /// Takes indices until none are left; returns how many this thread ran.
        func drain() {
            var ran = 0
            while true {
                lock.lock()
                let index = next
                next += 1
                lock.unlock()
                if index >= count { break }
                body(index)
                ran += 1
            }
            if ran > 0 {
                done.lock()
                if finished.wrappingAdd(ran, ordering: .releasing).newValue == count { done.broadcast() }
                done.unlock()
            }
        }
    }

    /// Creates a pool that runs loops on `threads` threads (the caller plus `threads − 1` workers).
    public init(threads: Int) {
        precondition(threads >= 1, "a thread pool needs at least one thread")
        threadCount = threads
        for _ in 1..<threads {
            // Workers keep the pool alive: a pool lives as long as the process.
            let thread = Thread { self.workerLoop() }
            thread.stackSize = 8 << 20
            thread.start()
            workers.append(thread)
        }
    }

    private func workerLoop() {
        var seen = 0
        Thread.current.threadDictionary[ThreadPool.regionKey] = true
        while true {
            var polls = 0
            while generation.load(ordering: .acquiring) == seen, polls < Self.spinPolls { polls += 1 }
            condition.lock()
            while generation.load(ordering: .acquiring) == seen { condition.wait() }
            seen = generation.load(ordering: .acquiring)
            let current = job
            condition.unlock()
            current?.drain()
        }
    }

    /// Runs `body(i)` for every `i` in `0..<count`, spread over the pool; returns when all are done.
    ///
    /// Indices are handed out dynamically, so bodies of uneven cost balance themselves. Bodies must
    /// not depend on which thread runs them or in which order.
    public func parallelFor(_ count: Int, _ body: @escaping (Int) -> Void) {
        if count <= 0 { return }
        if count == 1 || threadCount == 1 || ThreadPool.isInsideParallelRegion {
            for i in 0..<count { body(i) }
            return
        }
        // One loop at a time: a second caller waits rather than interleaving with the first.
        serialGate.lock()
        defer { serialGate.unlock() }
        let newJob = Job(count: count, body: body)
        condition.lock()
        job = newJob
        generation.wrappingAdd(1, ordering: .releasing)
        condition.broadcast()
        condition.unlock()

        Thread.current.threadDictionary[ThreadPool.regionKey] = true
        newJob.drain()
        Thread.current.threadDictionary[ThreadPool.regionKey] = nil
        var polls = 0
        while newJob.finished.load(ordering: .acquiring) < count, polls < Self.spinPolls { polls += 1 }
        newJob.done.lock()
        while newJob.finished.load(ordering: .acquiring) < count { newJob.done.wait() }
        newJob.done.unlock()
        condition.lock()
        if job === newJob { job = nil }
        condition.unlock()
    }

    /// Runs `body(i)` for every `i` in `0..<count` with whole bodies side by side: in rounds of up
    /// to `threadCount` indices, each body on one thread (its own loops run serially there), then
    /// `consume(i, result)` on the calling thread, in index order, after each round. A round of one
    /// index runs on the caller outside any region, so its loops use the whole pool.
    ///
    /// For independent pieces of work (micro-batches) whose inner loops are too short to keep every
    /// thread busy: one piece per thread keeps each piece's data in its core's cache, and no
    /// thread waits at the end of every loop. What is computed does not depend on the thread
    /// count as long as `body` does not, since `consume` sees the results in index order.
    public func forEachInRounds<Result>(_ count: Int, _ body: @escaping (Int) -> Result,
                                        consume: (Int, Result) -> Void) {
        var start = 0
        while start < count {
            let size = ThreadPool.isInsideParallelRegion ? 1 : min(threadCount, count - start)
            if size == 1 {
                consume(start, body(start))
            } else {
                let slots = UnsafeMutablePointer<Result?>.allocate(capacity: size)
                slots.initialize(repeating: nil, count: size)
                defer {
                    slots.deinitialize(count: size)
                    slots.deallocate()
                }
                let first = start
                parallelFor(size) { i in slots[i] = body(first + i) }
                for i in 0..<size { consume(start + i, slots[i]!) }
            }
            start += size
        }
    }

    /// Splits `0..<total` into at most `threadCount × 4` contiguous ranges of at least `grain`
    /// elements and runs `body` on each in parallel: the form elementwise kernels use.
    public func parallelRanges(_ total: Int, grain: Int = 1 << 15, _ body: @escaping (Range<Int>) -> Void) {
        if total <= 0 { return }
        let pieces = min(threadCount * 4, max(1, total / max(grain, 1)))
        if pieces <= 1 || ThreadPool.isInsideParallelRegion {
            body(0..<total)
            return
        }
        let size = (total + pieces - 1) / pieces
        parallelFor(pieces) { p in
            let start = p * size
            let end = min(total, start + size)
            if start < end { body(start..<end) }
        }
    }
}
