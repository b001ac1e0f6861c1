import NeuropCore

/// Runs per-sample kernels on `ThreadPool.shared`, one sample (or one fixed group of samples) per
/// task, with OpenBLAS single-threaded inside.
///
/// Each task's GEMMs are small (e.g. 32 × 32 · 32 × 4222), too small for OpenBLAS to split well, and
/// OpenBLAS's pthread build contends when concurrent callers each ask for several threads. On the
/// `conv-bench` target layer, forward + backward took 55 ms this way, 91 ms with samples in series
/// and OpenBLAS on 2 threads, and 165 ms with samples in parallel and OpenBLAS left on 2 threads.
/// A single task keeps OpenBLAS's own threading, the only parallelism left for a batch of one.
enum SampleParallelism {
    /// Reductions over the batch (weight and bias gradients) sum this many partial results, each
    /// over a fixed contiguous group of samples, in group order. Fixing the grouping (instead of
    /// one partial per thread) makes the result independent of the thread count; it costs
    /// `groups × weight size` floats.
    static let reductionGroups = 8

    /// Runs `body(i)` for `i ∈ 0..<count`, in parallel when there is more than one.
    static func forEach(_ count: Int, _ body: @escaping (Int) -> Void) {
        let pool = ThreadPool.shared
        if count <= 1 || pool.threadCount == 1 || ThreadPool.isInsideParallelRegion {
            for i in 0..<count { body(i) }
            return
        }
        let saved = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(saved) }
        pool.parallelFor(count, body)
    }

    /// The sample ranges of the reduction groups of a batch: `min(batch, reductionGroups)`
    /// contiguous, nearly equal ranges.
    static func groups(batch: Int) -> [Range<Int>] {
        let g = min(batch, reductionGroups)
        return (0..<g).map { (batch * $0 / g)..<(batch * ($0 + 1) / g) }
    }
}
