import CFFTW
import Foundation

/// How hard FFTW searches for a fast algorithm when a plan is made.
///
/// `.estimate` picks by heuristics: planning is instant and the chosen algorithm — hence every
/// rounding — is the same in every run, which reproducible datasets and bit-identical resumed
/// training need. `.measure` times candidates (seconds for large batches) and may choose
/// differently from run to run; use it only where speed matters more than bit-reproducibility.
public enum FFTRigor: Hashable, Sendable {
    case estimate, measure, patient

    var flag: UInt32 {
        switch self {
        case .estimate: return neurop_fftw_estimate()
        case .measure: return neurop_fftw_measure()
        case .patient: return neurop_fftw_patient()
        }
    }
}

/// The one place FFTW plans are made and kept.
///
/// FFTW's planner is not thread-safe, so planning is serialised here; executing a plan on new
/// arrays (`fftw_execute_dft_r2c` and friends) is thread-safe and needs no lock. Plans are cached
/// for the life of the process under everything that determines them: transform kind, extents,
/// batch, thread count, rigor and whether the arrays are SIMD-aligned.
enum FFTPlanner {
    struct Key: Hashable {
        enum Kind: Hashable { case r2c, c2r, r2r([UInt32]) }
        var precision: ObjectIdentifier
        var kind: Kind
        var dims: [Int]
        var batch: Int
        var threads: Int
        var rigor: FFTRigor
        var unaligned: Bool
    }

    nonisolated(unsafe) private static var plans: [Key: OpaquePointer] = [:]
    nonisolated(unsafe) private static var threadsInitialised: Set<ObjectIdentifier> = []
    private static let lock = NSLock()

    /// The cached plan for `key`, made on scratch arrays on first use.
    static func plan<S: FFTScalar>(_ key: Key, as _: S.Type) -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        if let plan = plans[key] { return plan }
        if !threadsInitialised.contains(key.precision) {
            S.fftwInitThreads()
            threadsInitialised.insert(key.precision)
        }
        S.fftwPlanWithThreads(Int32(key.threads))
        let real = key.dims.reduce(1, *)
        let complex = key.dims.dropLast().reduce(1, *) * (key.dims.last! / 2 + 1)
        // Scratch arrays sized for the larger of the two layouts; planning with MEASURE writes them.
        let scratchCount = key.batch * max(real, 2 * complex) + 16
        let input = UnsafeMutableRawPointer.allocate(byteCount: scratchCount * MemoryLayout<S>.stride, alignment: 64)
            .bindMemory(to: S.self, capacity: scratchCount)
        let output = UnsafeMutableRawPointer.allocate(byteCount: scratchCount * MemoryLayout<S>.stride, alignment: 64)
            .bindMemory(to: S.self, capacity: scratchCount)
        defer {
            UnsafeMutableRawPointer(input).deallocate()
            UnsafeMutableRawPointer(output).deallocate()
        }
        // An unaligned plan is made on deliberately misaligned arrays so FFTW cannot assume alignment.
        let shift = key.unaligned ? 1 : 0
        var flags = key.rigor.flag
        if key.unaligned { flags |= neurop_fftw_unaligned() }
        let n = key.dims.map { Int32($0) }
        let made: OpaquePointer? = n.withUnsafeBufferPointer { nb in
            switch key.kind {
            case .r2c:
                return S.fftwPlanR2C(Int32(n.count), nb.baseAddress!, Int32(key.batch), input + shift, output + shift, flags)
            case .c2r:
                return S.fftwPlanC2R(Int32(n.count), nb.baseAddress!, Int32(key.batch), input + shift, output + shift,
                                     flags | neurop_fftw_destroy_input())
            case .r2r(let kinds):
                let k = kinds.map { fftw_r2r_kind(rawValue: $0) }
                return k.withUnsafeBufferPointer { kb in
                    S.fftwPlanR2R(Int32(n.count), nb.baseAddress!, Int32(key.batch), input + shift, output + shift,
                                  kb.baseAddress!, flags)
                }
            }
        }
        guard let plan = made else {
            preconditionFailure("FFTW could not plan a \(key.kind) transform of extents \(key.dims) × \(key.batch)")
        }
        plans[key] = plan
        return plan
    }

    /// Threads worth using for `elements` values of work: one inside a parallel region (the pool
    /// is already busy) or for small transforms, where thread start-up would dominate.
    static func defaultThreads(elements: Int) -> Int {
        if ThreadPool.isInsideParallelRegion || elements < (1 << 15) { return 1 }
        return ThreadPool.shared.threadCount
    }
}
