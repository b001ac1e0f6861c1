import CFFTW
import Foundation

/// One loop of a batched transform: `count` transforms, `inStride` / `outStride` elements apart.
struct FFTLoop: Hashable, Sendable {
    var count: Int
    var inStride: Int
    var outStride: Int
}

/// A batched, strided 1-D FFTW transform (guru interface, Float32), planned once for aligned and
/// once for unaligned arrays, executable on any arrays of the planned layout from any thread.
///
/// Strides are in elements of each array's own type: floats for the real side of r2c/c2r, complex
/// numbers for the complex side. Transforms are unnormalised: forward `e^{−2πi jk/n}`, backward
/// `e^{+2πi jk/n}`. Plans are made with FFTW_ESTIMATE (the algorithm, hence every rounding, is the
/// same in every run) and for one thread: they run inside `ThreadPool` regions.
struct StridedFFT: @unchecked Sendable {
    enum Kind: Hashable, Sendable {
        /// real → half-spectrum (n/2 + 1 complex outputs per transform).
        case r2c
        /// half-spectrum → real; reads only the stored half and destroys its input.
        case c2r
        /// complex → complex, `e^{−2πi jk/n}`.
        case forward
        /// complex → complex, `e^{+2πi jk/n}`.
        case backward
    }

    struct Key: Hashable {
        var kind: Kind
        var n: Int
        var inStride: Int
        var outStride: Int
        var loops: [FFTLoop]
        var inPlace: Bool
    }

    let key: Key
    private let aligned: OpaquePointer
    private let unaligned: OpaquePointer

    /// Plans a transform of length `n` along a stride, repeated over `loops` (outermost first).
    /// In-place plans need equal input and output strides.
    init(_ kind: Kind, n: Int, inStride: Int, outStride: Int, loops: [FFTLoop], inPlace: Bool = false) {
        precondition(n >= 1, "transform length \(n) must be positive")
        precondition(!inPlace || (inStride == outStride && loops.allSatisfy { $0.inStride == $0.outStride }),
                     "an in-place transform needs equal input and output strides")
        key = Key(kind: kind, n: n, inStride: inStride, outStride: outStride,
                  loops: loops.filter { $0.count > 1 }, inPlace: inPlace)
        aligned = StridedFFTPlanner.plan(key, unaligned: false)
        unaligned = StridedFFTPlanner.plan(key, unaligned: true)
    }

    /// Runs the transform from `input` to `output` (the same pointer for an in-place plan).
    @inline(__always)
    func execute(_ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
        let isAligned = fftwf_alignment_of(input) == 0 && fftwf_alignment_of(output) == 0
        let plan = isAligned ? aligned : unaligned
        switch key.kind {
        case .r2c:
            fftwf_execute_dft_r2c(plan, input, UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftwf_complex.self))
        case .c2r:
            fftwf_execute_dft_c2r(plan, UnsafeMutableRawPointer(input).assumingMemoryBound(to: fftwf_complex.self), output)
        case .forward, .backward:
            fftwf_execute_dft(plan, UnsafeMutableRawPointer(input).assumingMemoryBound(to: fftwf_complex.self),
                              UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftwf_complex.self))
        }
    }
}

/// The plan cache behind `StridedFFT`.
///
/// FFTW's planner is not thread-safe and NeuropCore's `FFTPlanner` plans under its own lock, so
/// this cache also turns on FFTW's own planner lock (`fftwf_make_planner_thread_safe`), which
/// serialises planning across both caches. Plans live for the life of the process.
enum StridedFFTPlanner {
    private struct CacheKey: Hashable {
        var key: StridedFFT.Key
        var unaligned: Bool
    }

    nonisolated(unsafe) private static var plans: [CacheKey: OpaquePointer] = [:]
    nonisolated(unsafe) private static var initialised = false
    private static let lock = NSLock()

    static func plan(_ key: StridedFFT.Key, unaligned: Bool) -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        let cacheKey = CacheKey(key: key, unaligned: unaligned)
        if let plan = plans[cacheKey] { return plan }
        if !initialised {
            _ = fftwf_init_threads()
            fftwf_make_planner_thread_safe()
            initialised = true
        }
        fftwf_plan_with_nthreads(1)

        // Elements each side touches: 1 + Σ (count − 1)·stride over the transform and its loops;
        // the complex side of r2c / c2r has n/2 + 1 elements per transform.
        func extent(_ length: Int, _ stride: Int, _ loopStride: (FFTLoop) -> Int) -> Int {
            1 + (length - 1) * stride + key.loops.reduce(0) { $0 + ($1.count - 1) * loopStride($1) }
        }
        let inElements = extent(key.kind == .c2r ? key.n / 2 + 1 : key.n, key.inStride) { $0.inStride }
        let outElements = extent(key.kind == .r2c ? key.n / 2 + 1 : key.n, key.outStride) { $0.outStride }
        let inFloats = inElements * (key.kind == .r2c ? 1 : 2)
        let outFloats = outElements * (key.kind == .c2r ? 1 : 2)
        let shift = unaligned ? 1 : 0
        let inCount = (key.inPlace ? max(inFloats, outFloats) : inFloats) + 16
        let outCount = outFloats + 16
        let input = UnsafeMutableRawPointer.allocate(byteCount: inCount * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: inCount)
        let separate = UnsafeMutableRawPointer.allocate(byteCount: outCount * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: outCount)
        defer {
            UnsafeMutableRawPointer(input).deallocate()
            UnsafeMutableRawPointer(separate).deallocate()
        }
        let output = key.inPlace ? input : separate
        // Odd shifts of a float make every complex element misaligned for SIMD.
        let inp = input + shift, out = output + shift
        var flags = neurop_fftw_estimate()
        if unaligned { flags |= neurop_fftw_unaligned() }
        let dims = [fftwf_iodim(n: Int32(key.n), is: Int32(key.inStride), os: Int32(key.outStride))]
        let loops = key.loops.map { fftwf_iodim(n: Int32($0.count), is: Int32($0.inStride), os: Int32($0.outStride)) }
        let made: OpaquePointer? = dims.withUnsafeBufferPointer { d in
            loops.withUnsafeBufferPointer { l in
                let lp = l.count == 0 ? nil : l.baseAddress
                let complexIn = UnsafeMutableRawPointer(inp).assumingMemoryBound(to: fftwf_complex.self)
                let complexOut = UnsafeMutableRawPointer(out).assumingMemoryBound(to: fftwf_complex.self)
                switch key.kind {
                case .r2c:
                    return fftwf_plan_guru_dft_r2c(1, d.baseAddress, Int32(l.count), lp, inp, complexOut, flags)
                case .c2r:
                    return fftwf_plan_guru_dft_c2r(1, d.baseAddress, Int32(l.count), lp, complexIn, out,
                                                   flags | neurop_fftw_destroy_input())
                case .forward:
                    return fftwf_plan_guru_dft(1, d.baseAddress, Int32(l.count), lp, complexIn, complexOut, -1, flags)
                case .backward:
                    return fftwf_plan_guru_dft(1, d.baseAddress, Int32(l.count), lp, complexIn, complexOut, 1, flags)
                }
            }
        }
        guard let plan = made else {
            preconditionFailure("FFTW could not plan a strided \(key.kind) transform \(key)")
        }
        plans[cacheKey] = plan
        return plan
    }
}
