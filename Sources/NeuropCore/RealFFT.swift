/// A batched real-to-complex discrete Fourier transform and its inverse over `dims` (1D, 2D, 3D).
///
/// Forward: `X[k] = Σ_j x[j] e^{−2πi j·k/n}` (unnormalised), returning the non-redundant half
/// spectrum — the last axis keeps `n_last/2 + 1` frequencies, all others keep every frequency in
/// FFTW order `0, 1, …, n/2, −(n/2−1), …, −1`. Inverse: `x[j] = Σ_k X[k] e^{+2πi j·k/n}` —
/// also unnormalised, so `inverse(forward(x)) = N x` with `N = Π dims`. Transforms are batched
/// over `batch` contiguous arrays (e.g. `batch × channels` planes of a `[B, C, n1, n2]` tensor).
///
/// Arrays may be any pointers; 64-byte aligned ones (every `Tensor`) use FFTW's SIMD plans,
/// others a plan made for unaligned data. Executing is thread-safe.
public struct RealFFT<S: FFTScalar>: Sendable {
    public let dims: [Int]
    public let batch: Int
    public let threads: Int
    public let rigor: FFTRigor

    /// Real elements of one transform (`Π dims`).
    public var realCount: Int { dims.reduce(1, *) }
    /// Complex elements of one transform (`Π dims[..<last] × (dims.last/2 + 1)`).
    public var complexCount: Int { dims.dropLast().reduce(1, *) * (dims.last! / 2 + 1) }

    /// - Parameters:
    ///   - threads: FFTW threads; by default all cores for large work outside a parallel region, else one.
    public init(dims: [Int], batch: Int = 1, threads: Int? = nil, rigor: FFTRigor = .estimate) {
        precondition((1...3).contains(dims.count), "FFT rank must be 1, 2 or 3, got extents \(dims)")
        precondition(dims.allSatisfy { $0 >= 1 } && batch >= 1, "FFT extents \(dims) and batch \(batch) must be positive")
        self.dims = dims
        self.batch = batch
        self.rigor = rigor
        self.threads = threads ?? FFTPlanner.defaultThreads(elements: dims.reduce(1, *) * batch)
        // Make the aligned plans now, so the first timed call does not pay for planning.
        _ = plan(.r2c, unaligned: false)
        _ = plan(.c2r, unaligned: false)
    }

    private func plan(_ kind: FFTPlanner.Key.Kind, unaligned: Bool) -> OpaquePointer {
        FFTPlanner.plan(.init(precision: ObjectIdentifier(S.self), kind: kind, dims: dims, batch: batch,
                              threads: threads, rigor: rigor, unaligned: unaligned), as: S.self)
    }

    private func isAligned(_ a: UnsafeMutablePointer<S>, _ b: UnsafeMutablePointer<S>) -> Bool {
        S.fftwAlignmentOf(a) == 0 && S.fftwAlignmentOf(b) == 0
    }

    /// Transforms `batch × realCount` reals at `input` into `batch × complexCount` interleaved
    /// complex values at `output`. The input is left unchanged.
    public func forward(_ input: UnsafePointer<S>, _ output: UnsafeMutablePointer<S>) {
        let inp = UnsafeMutablePointer(mutating: input)
        S.fftwExecuteR2C(plan(.r2c, unaligned: !isAligned(inp, output)), inp, output)
    }

    /// Transforms `batch × complexCount` interleaved complex values at `input` back into
    /// `batch × realCount` reals at `output`, unnormalised. The input is overwritten (FFTW's
    /// multi-dimensional c2r cannot preserve it); copy it first if it is still needed.
    public func inverse(_ input: UnsafeMutablePointer<S>, _ output: UnsafeMutablePointer<S>) {
        S.fftwExecuteC2R(plan(.c2r, unaligned: !isAligned(input, output)), input, output)
    }
}

extension Tensor {
    /// The real-to-complex FFT over the last `dimensions` axes (unnormalised, half spectrum on
    /// the last axis): `[…, n1, n2]` → `[…, n1, n2/2 + 1]` for `dimensions = 2`.
    public func rfft(dimensions: Int, rigor: FFTRigor = .estimate) -> ComplexTensor {
        precondition((1...3).contains(dimensions) && dimensions <= rank,
                     "rfft over \(dimensions) axes of a tensor of shape \(shape)")
        let dims = Array(shape.suffix(dimensions))
        let batch = shape.dropLast(dimensions).reduce(1, *)
        var outShape = shape
        outShape[rank - 1] = dims.last! / 2 + 1
        let result = ComplexTensor(uninitializedShape: outShape)
        if count == 0 { return result }
        RealFFT<Float>(dims: dims, batch: batch, rigor: rigor).forward(storage.pointer, result.storage.pointer)
        return result
    }
}

extension ComplexTensor {
    /// The inverse of `Tensor.rfft`, normalised by `1/N` so that `x.rfft(d).irfft(shape)` returns
    /// `x`: the last `extents.count` axes become `extents` (the last one must have
    /// `extents.last/2 + 1` frequencies here). This tensor is left unchanged.
    public func irfft(extents: [Int], rigor: FFTRigor = .estimate) -> Tensor {
        let d = extents.count
        precondition((1...3).contains(d) && d <= shape.count, "irfft to extents \(extents) of shape \(shape)")
        var expected = Array(shape.suffix(d))
        expected[d - 1] = extents[d - 1] / 2 + 1
        precondition(Array(shape.suffix(d)) == Array(extents.dropLast()) + [expected[d - 1]],
                     "irfft to extents \(extents) needs spectrum axes \(Array(extents.dropLast()) + [expected[d - 1]]), got \(Array(shape.suffix(d)))")
        let batch = shape.dropLast(d).reduce(1, *)
        var result = Tensor(uninitializedShape: Array(shape.dropLast(d)) + extents)
        if result.count == 0 { return result }
        let scratch = storage.copy()
        RealFFT<Float>(dims: extents, batch: batch, rigor: rigor).inverse(scratch.pointer, result.storage.pointer)
        result *= 1 / Float(extents.reduce(1, *))
        return result
    }
}
