import CFFTW
import NeuropCore

/// neurop's FFT wrappers against raw FFTW calls on FNO-sized data: 32 samples × 32 channels of
/// 64×64 planes (1024 transforms), same planner flags and thread count on both sides.
func runFFT() {
    let batch = 32 * 32, dims = [64, 64]
    let n = 64 * 64, nc = 64 * 33
    let threads = ThreadPool.shared.threadCount
    let x = Tensor(shape: [32, 32, 64, 64], generator: { Float(($0 * 7919) % 1000) * 1e-3 - 0.5 })
    let wrapper = RealFFT<Float>(dims: dims, batch: batch, threads: threads)

    // The peer: FFTW's advanced interface planned once on its own arrays, executed in place of them.
    _ = fftwf_init_threads()
    fftwf_plan_with_nthreads(Int32(threads))
    let rin = fftwf_alloc_real(batch * n)!
    let cout = fftwf_alloc_complex(batch * nc)!
    let rback = fftwf_alloc_real(batch * n)!
    let cscratch = fftwf_alloc_complex(batch * nc)!
    defer { fftwf_free(rin); fftwf_free(cout); fftwf_free(rback); fftwf_free(cscratch) }
    var shape: [Int32] = [64, 64]
    let forward = fftwf_plan_many_dft_r2c(2, &shape, Int32(batch), rin, nil, 1, Int32(n), cout, nil, 1, Int32(nc),
                                          neurop_fftw_estimate())!
    let inverse = fftwf_plan_many_dft_c2r(2, &shape, Int32(batch), cscratch, nil, 1, Int32(nc), rback, nil, 1, Int32(n),
                                          neurop_fftw_estimate() | neurop_fftw_destroy_input())!
    x.withUnsafeBufferPointer { rin.update(from: $0.baseAddress!, count: batch * n) }
    print("  \(batch) transforms of 64×64, FFTW threads \(threads), FFTW_ESTIMATE on both sides")

    // Forward, pointer level: the plan lookup, alignment check and execution.
    var spectrum = ComplexTensor(uninitializedShape: [32, 32, 64, 33])
    var (tn, tp) = interleavedMedians(rounds: 31, {
        x.withUnsafeBufferPointer { xp in spectrum.withUnsafeMutableBufferPointer { wrapper.forward(xp.baseAddress!, $0.baseAddress!) } }
    }, { fftwf_execute(forward) })
    report("fft-r2c-64x64x1024", neurop: tn * 1e3, peer: tp * 1e3, unit: "ms", higherIsBetter: false)

    // Forward, tensor level: allocates the spectrum, as users call it.
    (tn, tp) = interleavedMedians(rounds: 31, { _ = x.rfft(dimensions: 2) }, { fftwf_execute(forward) })
    report("fft-rfft-tensor-64x64x1024", neurop: tn * 1e3, peer: tp * 1e3, unit: "ms", higherIsBetter: false)

    // Inverse: both sides first restore the spectrum they destroy, so each pays for one copy.
    let reference = x.rfft(dimensions: 2)
    var back = Tensor(uninitializedShape: [32, 32, 64, 64])
    var work = ComplexTensor(uninitializedShape: [32, 32, 64, 33])
    (tn, tp) = interleavedMedians(rounds: 31, {
        reference.withUnsafeBufferPointer { r in work.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: r.baseAddress!, count: r.count) } }
        work.withUnsafeMutableBufferPointer { w in back.withUnsafeMutableBufferPointer { wrapper.inverse(w.baseAddress!, $0.baseAddress!) } }
    }, {
        reference.withUnsafeBufferPointer { r in
            UnsafeMutableRawPointer(cscratch).assumingMemoryBound(to: Float.self).update(from: r.baseAddress!, count: r.count)
        }
        fftwf_execute(inverse)
    })
    report("fft-c2r-64x64x1024", neurop: tn * 1e3, peer: tp * 1e3, unit: "ms", higherIsBetter: false)
}
