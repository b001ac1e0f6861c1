import NeuropCore

/// FFTs and scratch memory for evaluating pseudo-spectral nonlinear terms on a batch of fields,
/// with Orszag's 2/3 dealiasing built into both transforms so that no PDE can forget it: `physical`
/// drops the modes outside the mask before transforming back, `spectral` drops them after
/// transforming forward, so a quadratic product computed in between is alias-free.
///
/// One workspace per stepper; it is not thread-safe (it owns mutable scratch buffers).
public final class NonlinearWorkspace {
    public let grid: SpectralGrid
    public let batch: Int
    let fft: RealFFT<Double>
    /// `batch × modeCount` complex scratch (FFTW's c2r destroys its input, so inputs are copied here).
    let spectrum: UnsafeMutablePointer<Double>
    private let scratch: [UnsafeMutablePointer<Double>]

    public init(grid: SpectralGrid, batch: Int, scratchFields: Int) {
        precondition(batch >= 1, "batch must be ≥ 1, got \(batch)")
        self.grid = grid
        self.batch = batch
        fft = RealFFT<Double>(dims: grid.dims, batch: batch, threads: 1)
        spectrum = .allocate(capacity: 2 * batch * grid.modeCount)
        scratch = (0..<max(scratchFields, 0)).map { _ in
            let p = UnsafeMutablePointer<Double>.allocate(capacity: batch * grid.pointCount)
            p.initialize(repeating: 0, count: batch * grid.pointCount)
            return p
        }
    }

    deinit {
        spectrum.deallocate()
        scratch.forEach { $0.deallocate() }
    }

    /// Real scratch field `i` (`batch × pointCount` values), valid until the workspace is freed.
    public func field(_ i: Int) -> UnsafeMutablePointer<Double> { scratch[i] }

    /// `real = F⁻¹[mask · multiplier · û]` for every batch member; `multiplier` is a per-mode
    /// interleaved complex array (e.g. `i2πk_x` for ∂_x) or nil for the identity. `uHat` is kept.
    public func physical(_ uHat: UnsafePointer<Double>, multiplier: [Double]? = nil,
                         into real: UnsafeMutablePointer<Double>) {
        applyMaskAndMultiplier(from: uHat, to: spectrum, multiplier: multiplier, scale: 1)
        fft.inverse(spectrum, real)
    }

    /// `û = mask · multiplier · F[real]` (normalised coefficients) for every batch member.
    public func spectral(_ real: UnsafePointer<Double>, multiplier: [Double]? = nil,
                         into uHat: UnsafeMutablePointer<Double>) {
        fft.forward(real, uHat)
        applyMaskAndMultiplier(from: uHat, to: uHat, multiplier: multiplier,
                               scale: 1 / Double(grid.pointCount))
    }

    private func applyMaskAndMultiplier(from src: UnsafePointer<Double>, to dst: UnsafeMutablePointer<Double>,
                                        multiplier: [Double]?, scale: Double) {
        let modes = grid.modeCount
        grid.dealiasMask.withUnsafeBufferPointer { mask in
            if let multiplier {
                multiplier.withUnsafeBufferPointer { w in
                    for b in 0..<batch {
                        let s = src + 2 * b * modes, d = dst + 2 * b * modes
                        for m in 0..<modes {
                            let f = mask[m] * scale
                            let re = s[2 * m], im = s[2 * m + 1]
                            d[2 * m] = f * (w[2 * m] * re - w[2 * m + 1] * im)
                            d[2 * m + 1] = f * (w[2 * m] * im + w[2 * m + 1] * re)
                        }
                    }
                }
            } else {
                for b in 0..<batch {
                    let s = src + 2 * b * modes, d = dst + 2 * b * modes
                    for m in 0..<modes {
                        let f = mask[m] * scale
                        d[2 * m] = f * s[2 * m]
                        d[2 * m + 1] = f * s[2 * m + 1]
                    }
                }
            }
        }
    }

    /// Normalised coefficients of `batch` real fields, without dealiasing (for initial data).
    public func transform(_ real: UnsafePointer<Double>, into uHat: UnsafeMutablePointer<Double>) {
        fft.forward(real, uHat)
        let scale = 1 / Double(grid.pointCount)
        for i in 0..<(2 * batch * grid.modeCount) { uHat[i] *= scale }
    }

    /// Real fields from normalised coefficients, without dealiasing (for output). `uHat` is kept.
    public func inverseTransform(_ uHat: UnsafePointer<Double>, into real: UnsafeMutablePointer<Double>) {
        spectrum.update(from: uHat, count: 2 * batch * grid.modeCount)
        fft.inverse(spectrum, real)
    }
}
