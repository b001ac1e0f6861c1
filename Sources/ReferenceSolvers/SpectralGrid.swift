import NeuropCore

/// A uniform periodic grid on the unit interval or unit square and its real-FFT half spectrum.
///
/// Grid: `x_j = j/n`, `j = 0…n−1` per axis, fields stored row-major (`[n]` or `[nx, ny]`, the last
/// axis fastest, x first). Spectrum: the layout of `RealFFT` — the last axis keeps `n/2 + 1`
/// frequencies, the first keeps all, in FFTW order `0, 1, …, n/2, −(n/2−1), …, −1`. Wavenumbers are
/// integers in cycles per unit length, so ∂_x ↔ multiplication by `i 2π k_x`.
///
/// Spectral coefficients in this module are *normalised* Fourier coefficients,
/// `û_k = (1/N) Σ_j u_j e^{−2πi k·x_j}`, so that `u_j = Σ_k û_k e^{2πi k·x_j}` (N = points per field).
public struct SpectralGrid: Sendable, Equatable {
    /// Points per axis (one or two axes).
    public let dims: [Int]
    /// Complex coefficients per field (`Π dims[..<last] × (dims.last/2 + 1)`).
    public let modeCount: Int
    /// Integer wavenumber of each mode along each axis: `wavenumbers[axis][mode]`.
    public let wavenumbers: [[Int]]
    /// 1 where every |k_axis| < n_axis/3 (Orszag's 2/3 rule), else 0. Quadratic products of fields
    /// restricted to these modes alias only onto modes outside them, which are then discarded.
    public let dealiasMask: [Double]

    public init(dims: [Int]) {
        precondition((1...2).contains(dims.count) && dims.allSatisfy { $0 >= 4 && $0 % 2 == 0 },
                     "a spectral grid needs 1 or 2 axes of even size ≥ 4, got \(dims)")
        self.dims = dims
        let half = dims.last! / 2 + 1
        let extents = dims.dropLast() + [half]
        modeCount = extents.reduce(1, *)
        var ks = [[Int]](repeating: [], count: dims.count)
        var mask = [Double]()
        mask.reserveCapacity(modeCount)
        for m in 0..<modeCount {
            var rest = m
            var keep = true
            for axis in stride(from: dims.count - 1, through: 0, by: -1) {
                let i = rest % extents[axis]
                rest /= extents[axis]
                let n = dims[axis]
                let k = axis == dims.count - 1 ? i : (i <= n / 2 ? i : i - n)
                ks[axis].append(k)
                // Strict 3|k| < n: with n divisible by 3, |k| = n/3 would alias onto −n/3.
                if 3 * abs(k) >= n { keep = false }
            }
            mask.append(keep ? 1 : 0)
        }
        wavenumbers = ks
        dealiasMask = mask
    }

    /// Points per field.
    public var pointCount: Int { dims.reduce(1, *) }

    /// Grid coordinates of point `index` (row-major) as `[x]` or `[x, y]`.
    public func coordinates(of index: Int) -> [Double] {
        var rest = index
        var c = [Double](repeating: 0, count: dims.count)
        for axis in stride(from: dims.count - 1, through: 0, by: -1) {
            c[axis] = Double(rest % dims[axis]) / Double(dims[axis])
            rest /= dims[axis]
        }
        return c
    }

    /// The grid values of `f(x)` or `f(x, y)` (row-major).
    public func sample(_ f: ([Double]) -> Double) -> [Double] {
        (0..<pointCount).map { f(coordinates(of: $0)) }
    }

    /// A per-mode complex multiplier, interleaved `(re, im)`, built from the integer wavenumbers.
    public func multiplier(_ symbol: ([Int]) -> (re: Double, im: Double)) -> [Double] {
        var out = [Double](repeating: 0, count: 2 * modeCount)
        for m in 0..<modeCount {
            let s = symbol(wavenumbers.map { $0[m] })
            out[2 * m] = s.re
            out[2 * m + 1] = s.im
        }
        return out
    }
}
