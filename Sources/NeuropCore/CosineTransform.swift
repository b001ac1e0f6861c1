import CFFTW

/// A batched DCT-I (FFTW's REDFT00) over `dims`: the transform that evaluates cosine series on a
/// node grid that includes both end points.
///
/// Along each axis of extent n ≥ 2: `Y[j] = X[0] + (−1)^j X[n−1] + 2 Σ_{k=1}^{n−2} X[k] cos(π j k/(n−1))`,
/// unnormalised; applying it twice multiplies by `2(n−1)` per axis.
public struct CosineTransform<S: FFTScalar>: Sendable {
    public let dims: [Int]
    public let batch: Int
    public let threads: Int

    public init(dims: [Int], batch: Int = 1, threads: Int? = nil) {
        precondition((1...3).contains(dims.count) && dims.allSatisfy { $0 >= 2 } && batch >= 1,
                      "DCT-I needs 1–3 axes of extent ≥ 2, got \(dims) × \(batch)")
        self.dims = dims
        self.batch = batch
        self.threads = threads ?? FFTPlanner.defaultThreads(elements: dims.reduce(1, *) * batch)
    }

    /// Transforms `batch × Π dims` values from `input` to `output` (they may be the same array).
    public func apply(_ input: UnsafeMutablePointer<S>, _ output: UnsafeMutablePointer<S>) {
        let aligned = S.fftwAlignmentOf(input) == 0 && S.fftwAlignmentOf(output) == 0
        let kinds = [UInt32](repeating: FFTW_REDFT00.rawValue, count: dims.count)
        let plan = FFTPlanner.plan(.init(precision: ObjectIdentifier(S.self), kind: .r2r(kinds), dims: dims,
                                         batch: batch, threads: threads, rigor: .estimate, unaligned: !aligned),
                                   as: S.self)
        S.fftwExecuteR2R(plan, input, output)
    }
}
