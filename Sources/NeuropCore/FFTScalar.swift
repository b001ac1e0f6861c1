import CFFTW

/// A floating-point type FFTW transforms: `Float` (fftwf_*) or `Double` (fftw_*).
///
/// The requirements are the few FFTW entry points neurop uses, so that `RealFFT` and
/// `CosineTransform` are written once for both precisions.
public protocol FFTScalar: BinaryFloatingPoint, Sendable {
    static func fftwPlanR2C(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                            _ input: UnsafeMutablePointer<Self>, _ output: UnsafeMutablePointer<Self>,
                            _ flags: UInt32) -> OpaquePointer?
    static func fftwPlanC2R(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                            _ input: UnsafeMutablePointer<Self>, _ output: UnsafeMutablePointer<Self>,
                            _ flags: UInt32) -> OpaquePointer?
    static func fftwPlanR2R(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                            _ input: UnsafeMutablePointer<Self>, _ output: UnsafeMutablePointer<Self>,
                            _ kinds: UnsafePointer<fftw_r2r_kind>, _ flags: UInt32) -> OpaquePointer?
    static func fftwExecuteR2C(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Self>, _ output: UnsafeMutablePointer<Self>)
    static func fftwExecuteC2R(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Self>, _ output: UnsafeMutablePointer<Self>)
    static func fftwExecuteR2R(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Self>, _ output: UnsafeMutablePointer<Self>)
    static func fftwAlignmentOf(_ pointer: UnsafeMutablePointer<Self>) -> Int32
    static func fftwInitThreads()
    static func fftwPlanWithThreads(_ n: Int32)
}

extension Float: FFTScalar {
    public static func fftwPlanR2C(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                                   _ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                                   _ flags: UInt32) -> OpaquePointer? {
        let complexCount = complexElements(rank, n)
        let realCount = realElements(rank, n)
        return output.withMemoryRebound(to: fftwf_complex.self, capacity: Int(howmany) * complexCount) { out in
            fftwf_plan_many_dft_r2c(rank, n, howmany, input, nil, 1, Int32(realCount), out, nil, 1,
                                    Int32(complexCount), flags)
        }
    }
    public static func fftwPlanC2R(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                                   _ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                                   _ flags: UInt32) -> OpaquePointer? {
        let complexCount = complexElements(rank, n)
        let realCount = realElements(rank, n)
        return input.withMemoryRebound(to: fftwf_complex.self, capacity: Int(howmany) * complexCount) { inp in
            fftwf_plan_many_dft_c2r(rank, n, howmany, inp, nil, 1, Int32(complexCount), output, nil, 1,
                                    Int32(realCount), flags)
        }
    }
    public static func fftwPlanR2R(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                                   _ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>,
                                   _ kinds: UnsafePointer<fftw_r2r_kind>, _ flags: UInt32) -> OpaquePointer? {
        let realCount = Int32(realElements(rank, n))
        return fftwf_plan_many_r2r(rank, n, howmany, input, nil, 1, realCount, output, nil, 1, realCount, kinds, flags)
    }
    public static func fftwExecuteR2C(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
        fftwf_execute_dft_r2c(plan, input, UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftwf_complex.self))
    }
    public static func fftwExecuteC2R(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
        fftwf_execute_dft_c2r(plan, UnsafeMutableRawPointer(input).assumingMemoryBound(to: fftwf_complex.self), output)
    }
    public static func fftwExecuteR2R(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
        fftwf_execute_r2r(plan, input, output)
    }
    public static func fftwAlignmentOf(_ pointer: UnsafeMutablePointer<Float>) -> Int32 { fftwf_alignment_of(pointer) }
    public static func fftwInitThreads() { _ = fftwf_init_threads() }
    public static func fftwPlanWithThreads(_ n: Int32) { fftwf_plan_with_nthreads(n) }
}

extension Double: FFTScalar {
    public static func fftwPlanR2C(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                                   _ input: UnsafeMutablePointer<Double>, _ output: UnsafeMutablePointer<Double>,
                                   _ flags: UInt32) -> OpaquePointer? {
        let complexCount = complexElements(rank, n)
        let realCount = realElements(rank, n)
        return output.withMemoryRebound(to: fftw_complex.self, capacity: Int(howmany) * complexCount) { out in
            fftw_plan_many_dft_r2c(rank, n, howmany, input, nil, 1, Int32(realCount), out, nil, 1,
                                   Int32(complexCount), flags)
        }
    }
    public static func fftwPlanC2R(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                                   _ input: UnsafeMutablePointer<Double>, _ output: UnsafeMutablePointer<Double>,
                                   _ flags: UInt32) -> OpaquePointer? {
        let complexCount = complexElements(rank, n)
        let realCount = realElements(rank, n)
        return input.withMemoryRebound(to: fftw_complex.self, capacity: Int(howmany) * complexCount) { inp in
            fftw_plan_many_dft_c2r(rank, n, howmany, inp, nil, 1, Int32(complexCount), output, nil, 1,
                                   Int32(realCount), flags)
        }
    }
    public static func fftwPlanR2R(_ rank: Int32, _ n: UnsafePointer<Int32>, _ howmany: Int32,
                                   _ input: UnsafeMutablePointer<Double>, _ output: UnsafeMutablePointer<Double>,
                                   _ kinds: UnsafePointer<fftw_r2r_kind>, _ flags: UInt32) -> OpaquePointer? {
        let realCount = Int32(realElements(rank, n))
        return fftw_plan_many_r2r(rank, n, howmany, input, nil, 1, realCount, output, nil, 1, realCount, kinds, flags)
    }
    public static func fftwExecuteR2C(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Double>, _ output: UnsafeMutablePointer<Double>) {
        fftw_execute_dft_r2c(plan, input, UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftw_complex.self))
    }
    public static func fftwExecuteC2R(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Double>, _ output: UnsafeMutablePointer<Double>) {
        fftw_execute_dft_c2r(plan, UnsafeMutableRawPointer(input).assumingMemoryBound(to: fftw_complex.self), output)
    }
    public static func fftwExecuteR2R(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Double>, _ output: UnsafeMutablePointer<Double>) {
        fftw_execute_r2r(plan, input, output)
    }
    public static func fftwAlignmentOf(_ pointer: UnsafeMutablePointer<Double>) -> Int32 { fftw_alignment_of(pointer) }
    public static func fftwInitThreads() { _ = fftw_init_threads() }
    public static func fftwPlanWithThreads(_ n: Int32) { fftw_plan_with_nthreads(n) }
}

/// Complex elements of one r2c transform of extents `n`: the last extent halves to `n/2 + 1`.
func complexElements(_ rank: Int32, _ n: UnsafePointer<Int32>) -> Int {
    var c = 1
    for i in 0..<Int(rank) { c *= i == Int(rank) - 1 ? Int(n[i]) / 2 + 1 : Int(n[i]) }
    return c
}

func realElements(_ rank: Int32, _ n: UnsafePointer<Int32>) -> Int {
    var c = 1
    for i in 0..<Int(rank) { c *= Int(n[i]) }
    return c
}
