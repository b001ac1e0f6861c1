import Foundation
import NeuropCore

/// Time per sample of a reference solver on inputs already in memory, measured two ways, and how
/// far each solution is from the reference the data stores:
///
/// - **sequential**: one sample after another, each solve free to use the thread pool as its solver
///   does (Darcy's multigrid is parallel over grid rows; the spectral steppers are serial) — the
///   latency of one query, to set beside an operator's single-sample time;
/// - **parallel**: the samples spread over the pool, one per thread at a time, OpenBLAS on one
///   thread, as `neurop solve` and `neurop generate` run — the throughput, to set beside an
///   operator's batched time.
///
/// Sample 0 is solved once untimed first (FFT plans and other first-use work are not counted).
public struct SolverTiming: Equatable, Sendable {
    /// Samples solved (each twice: once in each measurement).
    public var samples: Int
    /// Threads of the pool the parallel measurement used.
    public var threads: Int
    /// Seconds per sample, one sample at a time.
    public var sequential: Double
    /// Wall-clock seconds of all samples solved concurrently, divided by their number.
    public var parallel: Double
    /// Relative L2 difference of each sample's solution to its reference (from the sequential pass).
    public var differences: [Double]

    public init(samples: Int, threads: Int, sequential: Double, parallel: Double, differences: [Double]) {
        self.samples = samples
        self.threads = threads
        self.sequential = sequential
        self.parallel = parallel
        self.differences = differences
    }

    /// Solves samples `0..<samples` with `solve` (safe to call from several threads), timing both
    /// ways; `reference(i)` is the solution sample i is compared with (same length and order).
    /// `progress(done)` counts solves out of `2 × samples`, from 0. The error of the lowest failing
    /// sample is rethrown.
    public static func measure(samples: Int, pool: ThreadPool = .shared, progress: (Int) -> Void = { _ in },
                               solve: @escaping (Int) throws -> [Double],
                               reference: (Int) -> [Double]) throws -> SolverTiming {
        precondition(samples >= 1, "timing needs at least one sample")
        progress(0)
        _ = try solve(0)
        var sequential = 0.0
        var differences: [Double] = []
        for i in 0..<samples {
            let (solution, seconds) = try Stopwatch.time { try solve(i) }
            sequential += seconds
            differences.append(relativeDifference(solution, reference(i)))
            progress(i + 1)
        }

        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        let lock = NSLock()
        var failure: (index: Int, error: Error)?
        let (_, parallel) = Stopwatch.time {
            pool.parallelFor(samples) { i in
                do {
                    _ = try solve(i)
                } catch {
                    lock.lock()
                    if failure == nil || i < failure!.index { failure = (i, error) }
                    lock.unlock()
                }
            }
        }
        if let failure { throw failure.error }
        progress(2 * samples)
        return SolverTiming(samples: samples, threads: pool.threadCount, sequential: sequential / Double(samples),
                            parallel: parallel / Double(samples), differences: differences)
    }

    /// ‖a − b‖₂ / ‖b‖₂ in double precision.
    static func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "solution and reference differ in length: \(a.count) vs \(b.count)")
        var num = 0.0, den = 0.0
        for (x, y) in zip(a, b) {
            num += (x - y) * (x - y)
            den += y * y
        }
        return (num / max(den, .leastNormalMagnitude)).squareRoot()
    }
}
