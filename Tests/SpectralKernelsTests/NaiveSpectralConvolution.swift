import Foundation
import NeuropCore

/// A spectral convolution written from its definition in Float64 with direct sums over the grid
/// (no FFT), as the independent reference for `SpectralConvolution`.
///
/// For every listed frequency vector `f` (last component `0 ≤ f_d ≤ n_d/2`) with its complex
/// `I × O` matrix `R_f`:
///   X[b,i,f] = Σ_j x[b,i,j] e^{−2πi j·f/n},  Y[b,o,f] = Σ_i X[b,i,f] R_f[i,o],
/// and the output is the real part of the inverse full-grid DFT (1/N) of the spectrum that holds
/// Y at f and — for last-axis frequencies that have a distinct unstored twin (0 < f_d, 2f_d ≠ n_d) —
/// conj(Y) at −f: what numpy/torch `irfftn` computes from a zero-filled half spectrum.
struct NaiveSpectralConvolution {
    var extents: [Int]
    var batch: Int
    var inChannels: Int
    var outChannels: Int
    /// Kept frequency vectors (signed on the two-ended axes).
    var frequencies: [[Int]]
    /// `weights[f][(i·O + o)]` as (re, im).
    var weights: [[(Double, Double)]]

    var points: Int { extents.reduce(1, *) }

    /// e^{−2πi Σ_a j_a f_a / n_a} for flat grid index `j`.
    func phase(_ j: Int, _ f: [Int]) -> (Double, Double) {
        var rest = j
        var turns = 0.0
        for a in stride(from: extents.count - 1, through: 0, by: -1) {
            let ja = rest % extents[a]
            rest /= extents[a]
            // Reduce the integer product first so the angle stays exact for large grids.
            let r = ((ja * f[a]) % extents[a] + extents[a]) % extents[a]
            turns += Double(r) / Double(extents[a])
        }
        let theta = -2 * Double.pi * turns
        return (cos(theta), sin(theta))
    }

    func callAsFunction(_ x: [Double]) -> [Double] {
        let n = points, nL = extents.last!
        let nf = frequencies.count
        // Phase table: table[f][j] = e^{−iθ}.
        let table = frequencies.map { f in (0..<n).map { phase($0, f) } }
        var spectrum = [(Double, Double)](repeating: (0, 0), count: batch * inChannels * nf)
        for bi in 0..<(batch * inChannels) {
            for (q, row) in table.enumerated() {
                var re = 0.0, im = 0.0
                for j in 0..<n {
                    re += x[bi * n + j] * row[j].0
                    im += x[bi * n + j] * row[j].1
                }
                spectrum[bi * nf + q] = (re, im)
            }
        }
        var y = [Double](repeating: 0, count: batch * outChannels * n)
        for b in 0..<batch {
            for o in 0..<outChannels {
                for (q, f) in frequencies.enumerated() {
                    var yr = 0.0, yi = 0.0
                    for i in 0..<inChannels {
                        let (xr, xi) = spectrum[(b * inChannels + i) * nf + q]
                        let (wr, wi) = weights[q][i * outChannels + o]
                        yr += xr * wr - xi * wi
                        yi += xr * wi + xi * wr
                    }
                    let fd = f.last!
                    let hasTwin = fd > 0 && 2 * fd != nL
                    for j in 0..<n {
                        // Re(Y e^{+iθ}) = yr cos θ − yi sin θ with table holding (cos θ, −sin θ).
                        let (c, s) = table[q][j]
                        let term = yr * c + yi * s
                        // The twin conj(Y) at −f contributes the same real part again.
                        y[(b * outChannels + o) * n + j] += (hasTwin ? 2 : 1) * term / Double(n)
                    }
                }
            }
        }
        return y
    }

    /// The kept frequency vectors of `modes` in this package's order (positive block first on the
    /// two-ended axes), written out independently of the library.
    static func keptFrequencies(modes: [Int]) -> [[Int]] {
        var axes: [[Int]] = []
        for (a, m) in modes.enumerated() {
            axes.append(a == modes.count - 1 ? Array(0..<m) : Array(0..<m) + Array(-m..<0))
        }
        var result: [[Int]] = [[]]
        for values in axes {
            result = result.flatMap { prefix in values.map { prefix + [$0] } }
        }
        return result
    }

    /// The reference for a `[K, I, O, 2]` weight tensor of this package's layout.
    init(extents: [Int], batch: Int, inChannels: Int, outChannels: Int, modes: [Int], weight: Tensor) {
        self.extents = extents
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        frequencies = NaiveSpectralConvolution.keptFrequencies(modes: modes)
        let pairs = inChannels * outChannels
        let w = weight.values
        weights = (0..<frequencies.count).map { k in
            (0..<pairs).map { (Double(w[2 * (k * pairs + $0)]), Double(w[2 * (k * pairs + $0) + 1])) }
        }
    }

    init(extents: [Int], batch: Int, inChannels: Int, outChannels: Int, frequencies: [[Int]],
         weights: [[(Double, Double)]]) {
        self.extents = extents
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.frequencies = frequencies
        self.weights = weights
    }
}
