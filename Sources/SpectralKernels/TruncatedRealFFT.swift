import CFFTW
import CLAPACK
import Foundation
import NeuropCore

/// How `TruncatedRealFFT` transforms the last (real-to-complex) axis.
public enum LastAxisMethod: String, Sendable, Hashable, CaseIterable {
    /// FFTW r2c / c2r of every row, of which the first `m` columns are kept (or filled).
    case fft
    /// A pruned DFT: OpenBLAS `sgemm`s of the rows with the `m` kept columns of the DFT matrix
    /// (cos and −sin interleaved). Cheaper than the FFT when few columns are kept (FNO's usual
    /// 7–16 of 33–65) and on extents with large prime factors.
    case dft

    /// The faster method for `m` kept columns of an `n`-point axis, from timings of forward +
    /// inverse on a 2-core AVX-512 machine (n = 32…1024, see the package README): the pruned DFT
    /// wins while `2m ≤ 8 log₂ n`, and by far for extents with a prime factor above 7 (FFTW's
    /// generic and Rader codelets are slow), where it is kept up to `2m ≤ 16 log₂ n`.
    public static func automatic(extent n: Int, keptColumns m: Int) -> LastAxisMethod {
        var rest = max(n, 1)
        for p in [2, 3, 5, 7] { while rest % p == 0 { rest /= p } }
        let factor: Double = rest == 1 ? 8 : 16
        return Double(2 * m) <= factor * max(1, log2(Double(n))) ? .dft : .fft
    }
}

/// The kept low-frequency block of the real FFT of many planes, computed without the rest, and
/// its inverse; both run on `ThreadPool.shared` over planes and may be called from any thread.
///
/// **Grid and modes.** A plane is a real array over `extents = [n₁, …, n_d]` (d = 1…3, row-major).
/// Its unnormalised half spectrum is `X[k] = Σ_j x[j] e^{−2πi Σ_a j_a k_a / n_a}` with
/// `k_d ∈ 0…n_d/2` on the last axis. Kept: `k_d ∈ 0..<m_d` on the last axis (`m_d ≤ n_d/2 + 1`) and,
/// on every other axis, the `m_a` lowest frequencies at both ends, grid indices `0..<m_a` and
/// `n_a−m_a..<n_a` (frequencies `0…m_a−1` and `−m_a…−1`; `2m_a ≤ n_a`). The kept block has extents
/// `keptExtents = [2m₁, …, 2m_{d−1}, m_d]`, row-major, positive block first on each axis.
///
/// **Layout.** Spectra are mode-major: complex value `(k, p)` of mode `k` and plane `p` is at floats
/// `2(k·planes + p)`, `2(k·planes + p) + 1`, so that for a fixed mode the planes `p = b·C + c` of a
/// `[B, C, …]` tensor form a row-major `B × C` complex matrix (what the channel mixing multiplies).
///
/// **Partial transforms.** `forward` transforms the last axis of every row (FFTW r2c, or a pruned
/// DFT as `sgemm`s on groups of planes; see `LastAxisMethod`), then runs 1-D complex FFTs along the other axes on the
/// kept columns only, keeping the two corner blocks after each axis. `inverse` runs the same
/// stages backwards on zero-filled data: `x[j] = Σ_k μ_k Re(X[k] e^{+2πi j·k/n})`, unnormalised,
/// where `μ_k = 1` on the DC column (`k_d = 0`) and, for even `n_d`, the Nyquist column
/// (`k_d = n_d/2`), and `μ_k = 2` on the other columns (which stand for conjugate pairs). This is
/// exactly what FFTW's and torch's c2r compute from a half spectrum whose other entries are zero:
/// the c2r discards the imaginary parts of the DC and Nyquist columns after the transforms along the
/// other axes, so `inverse` zeroes them explicitly before the last-axis c2r (the pruned DFT's matrix
/// has zero rows there) and the result does not depend on FFTW's treatment of non-Hermitian input.
public struct TruncatedRealFFT: Sendable {
    public let extents: [Int]
    public let modes: [Int]
    public let keptExtents: [Int]
    /// Number of kept modes, `Π keptExtents`.
    public let keptCount: Int
    public let lastAxisMethod: LastAxisMethod

    let rank: Int
    /// Π of all extents but the last (rows of the last axis per plane).
    let rows: Int
    let half: Int
    /// `keptRow[a][r]`: grid index of the `r`-th kept frequency on axis `a` (< rank − 1).
    let keptRow: [[Int]]
    /// Complex elements between rows after the last-axis stage: `n_d/2 + 1` (FFT) or `m_d` (DFT).
    let rowStride: Int
    let r2c: StridedFFT?
    let c2r: StridedFFT?
    /// Forward c2c stages, axis `rank − 2` down to 0.
    let analysis: [StridedFFT]
    /// Inverse c2c stages, axis 0 up to `rank − 2`.
    let synthesis: [StridedFFT]
    /// `[n_d, 2m_d]` real matrix: columns (cos, −sin) of each kept frequency.
    let dftForward: [Float]
    /// `[2m_d, n_d]` real matrix: rows μ(cos, −sin), the imaginary rows of DC and Nyquist zero.
    let dftInverse: [Float]

    /// - Parameters:
    ///   - extents: `[n₁, …, n_d]`, d = 1…3.
    ///   - modes: `[m₁, …, m_d]` with `1 ≤ m_a`, `2m_a ≤ n_a` (a < d) and `m_d ≤ n_d/2 + 1`.
    ///   - lastAxisMethod: `nil` picks `LastAxisMethod.automatic`.
    public init(extents: [Int], modes: [Int], lastAxisMethod: LastAxisMethod? = nil) {
        TruncatedRealFFT.validate(extents: extents, modes: modes)
        let d = extents.count
        self.extents = extents
        self.modes = modes
        rank = d
        let mL = modes[d - 1], nL = extents[d - 1]
        half = nL / 2 + 1
        keptExtents = (0..<d).map { $0 == d - 1 ? mL : 2 * modes[$0] }
        keptCount = keptExtents.reduce(1, *)
        rows = extents.dropLast().reduce(1, *)
        keptRow = (0..<(d - 1)).map { a in
            (0..<(2 * modes[a])).map { r in r < modes[a] ? r : extents[a] - 2 * modes[a] + r }
        }
        let method = lastAxisMethod ?? LastAxisMethod.automatic(extent: nL, keptColumns: mL)
        self.lastAxisMethod = method
        rowStride = method == .fft ? half : mL

        if method == .fft {
            r2c = StridedFFT(.r2c, n: nL, inStride: 1, outStride: 1,
                             loops: [FFTLoop(count: rows, inStride: nL, outStride: half)])
            c2r = StridedFFT(.c2r, n: nL, inStride: 1, outStride: 1,
                             loops: [FFTLoop(count: rows, inStride: half, outStride: nL)])
            dftForward = []
            dftInverse = []
        } else {
            r2c = nil
            c2r = nil
            var forward = [Float](repeating: 0, count: nL * 2 * mL)
            var inverse = [Float](repeating: 0, count: 2 * mL * nL)
            for j in 0..<nL {
                for c in 0..<mL {
                    let theta = 2 * Double.pi * Double((j * c) % nL) / Double(nL)
                    let isReal = c == 0 || (nL % 2 == 0 && c == nL / 2)
                    let mu: Double = isReal ? 1 : 2
                    forward[j * 2 * mL + 2 * c] = Float(cos(theta))
                    forward[j * 2 * mL + 2 * c + 1] = Float(-sin(theta))
                    inverse[2 * c * nL + j] = Float(mu * cos(theta))
                    inverse[(2 * c + 1) * nL + j] = isReal ? 0 : Float(-mu * sin(theta))
                }
            }
            dftForward = forward
            dftInverse = inverse
        }

        // c2c stages. Before the stage of axis a the data are [outer][n_a][inner] with
        // outer = Π_{b<a} n_b and inner = Π_{b>a} keptExtents[b].
        var analysis: [StridedFFT] = []
        var synthesis: [StridedFFT] = []
        if d >= 2 {
            for a in stride(from: d - 2, through: 0, by: -1) {
                let outer = extents[..<a].reduce(1, *)
                let inner = keptExtents[(a + 1)...].reduce(1, *)
                let n = extents[a]
                if a == d - 2 {
                    // Reads the first m_d columns of rows `rowStride` apart; writes them compactly.
                    analysis.append(StridedFFT(.forward, n: n, inStride: rowStride, outStride: mL, loops: [
                        FFTLoop(count: outer, inStride: n * rowStride, outStride: n * mL),
                        FFTLoop(count: mL, inStride: 1, outStride: 1),
                    ]))
                } else {
                    analysis.append(StridedFFT(.forward, n: n, inStride: inner, outStride: inner, loops: [
                        FFTLoop(count: outer, inStride: n * inner, outStride: n * inner),
                        FFTLoop(count: inner, inStride: 1, outStride: 1),
                    ], inPlace: true))
                }
            }
            for a in 0...(d - 2) {
                let outer = extents[..<a].reduce(1, *)
                let inner = keptExtents[(a + 1)...].reduce(1, *)
                let n = extents[a]
                if a == d - 2 {
                    synthesis.append(StridedFFT(.backward, n: n, inStride: mL, outStride: rowStride, loops: [
                        FFTLoop(count: outer, inStride: n * mL, outStride: n * rowStride),
                        FFTLoop(count: mL, inStride: 1, outStride: 1),
                    ]))
                } else {
                    synthesis.append(StridedFFT(.backward, n: n, inStride: inner, outStride: inner, loops: [
                        FFTLoop(count: outer, inStride: n * inner, outStride: n * inner),
                        FFTLoop(count: inner, inStride: 1, outStride: 1),
                    ], inPlace: true))
                }
            }
        }
        self.analysis = analysis
        self.synthesis = synthesis
    }

    static func validate(extents: [Int], modes: [Int]) {
        let d = extents.count
        precondition((1...3).contains(d), "spectral transforms need 1, 2 or 3 spatial axes, got extents \(extents)")
        precondition(modes.count == d, "modes \(modes) must name one count per spatial axis of \(extents)")
        precondition(extents.allSatisfy { $0 >= 1 }, "spatial extents \(extents) must be positive")
        for a in 0..<(d - 1) {
            precondition(modes[a] >= 1 && 2 * modes[a] <= extents[a],
                         "modes[\(a)] = \(modes[a]) keeps 0..<m and n−m..<n on an axis of \(extents[a]) points: needs 1 ≤ m ≤ \(extents[a] / 2)")
        }
        precondition(modes[d - 1] >= 1 && modes[d - 1] <= extents[d - 1] / 2 + 1,
                     "modes[\(d - 1)] = \(modes[d - 1]) on the rfft axis of \(extents[d - 1]) points: needs 1 ≤ m ≤ \(extents[d - 1] / 2 + 1)")
    }

    /// Real elements of one plane, `Π extents`.
    public var planeCount: Int { extents.reduce(1, *) }

    /// The signed frequency vector of kept mode `k` (flat index into `keptExtents`).
    public func frequency(ofKeptMode k: Int) -> [Int] {
        var rest = k
        var f = [Int](repeating: 0, count: rank)
        for a in stride(from: rank - 1, through: 0, by: -1) {
            let i = rest % keptExtents[a]
            rest /= keptExtents[a]
            f[a] = a == rank - 1 ? i : (i < modes[a] ? i : i - 2 * modes[a])
        }
        return f
    }

    /// How many spectrum entries kept mode `k` stands for: 1 on the DC column and (even `n_d`) the
    /// Nyquist column of the last axis, 2 elsewhere (the entry and its unstored conjugate twin).
    public func multiplicity(ofKeptMode k: Int) -> Int {
        let c = k % keptExtents[rank - 1]
        let nL = extents[rank - 1]
        return c == 0 || (nL % 2 == 0 && c == nL / 2) ? 1 : 2
    }

    // MARK: - Forward

    /// Planes whose kept spectra are staged plane-major before one transpose into (or out of)
    /// the mode-major spectrum: writes then fill whole cache lines instead of one float per line.
    static let stagingBlock = 64

    /// Kept spectrum of `planes` planes at `input` (`planes × planeCount` floats) into `spectrum`
    /// (`keptCount × planes` complex values, mode-major).
    public func forward(_ input: UnsafePointer<Float>, planes: Int, into spectrum: UnsafeMutablePointer<Float>) {
        if planes == 0 { return }
        let k = keptCount
        forEachChunk(planes) { range, work in
            var p0 = range.lowerBound
            while p0 < range.upperBound {
                let block = min(TruncatedRealFFT.stagingBlock, range.upperBound - p0)
                var q = 0
                while q < block {
                    if self.lastAxisMethod == .dft {
                        // Groups of planes small enough for one single-threaded sgemm, kept in cache.
                        let g = min(self.planesPerProduct, block - q)
                        self.dftRows(input + (p0 + q) * self.planeCount, count: g * self.rows, into: work.rows)
                        for r in 0..<g {
                            self.analyse(work.rows + 2 * r * self.rows * self.rowStride,
                                         into: work.staging + 2 * (q + r) * k, work: work)
                        }
                        q += g
                    } else {
                        self.r2c!.execute(UnsafeMutablePointer(mutating: input + (p0 + q) * self.planeCount), work.rows)
                        self.analyse(work.rows, into: work.staging + 2 * q * k, work: work)
                        q += 1
                    }
                }
                for mode in 0..<k {
                    let dst = spectrum + 2 * (mode * planes + p0)
                    for r in 0..<block {
                        dst[2 * r] = work.staging[2 * (r * k + mode)]
                        dst[2 * r + 1] = work.staging[2 * (r * k + mode) + 1]
                    }
                }
                p0 += block
            }
        }
    }

    /// Planes per pruned-DFT product: as many as keep m·n·k under OpenBLAS's threading threshold
    /// (2¹⁸), so that each product runs on the calling worker and its data stay in cache.
    var planesPerProduct: Int {
        max(1, (1 << 18) / max(1, rows * extents[rank - 1] * 2 * modes[rank - 1]))
    }

    /// `out[count × 2m] = x[count × n] · D[n × 2m]`, in row blocks of at most 2¹⁸ multiply-adds.
    private func dftRows(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        let nL = extents[rank - 1], width = 2 * modes[rank - 1]
        let block = max(1, (1 << 18) / (nL * width))
        dftForward.withUnsafeBufferPointer { dp in
            var r = 0
            while r < count {
                let m = min(block, count - r)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(width), Int32(nL),
                            1, x + r * nL, Int32(nL), dp.baseAddress, Int32(width), 0, out + r * width, Int32(width))
                r += m
            }
        }
    }

    /// `x[count × n] (+)= t[count × 2m] · E[2m × n]`, in row blocks of at most 2¹⁸ multiply-adds.
    private func idftRows(_ t: UnsafePointer<Float>, count: Int, into x: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let nL = extents[rank - 1], width = 2 * modes[rank - 1]
        let block = max(1, (1 << 18) / (nL * width))
        dftInverse.withUnsafeBufferPointer { ep in
            var r = 0
            while r < count {
                let m = min(block, count - r)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(nL), Int32(width),
                            1, t + r * width, Int32(width), ep.baseAddress, Int32(nL), accumulate ? 1 : 0, x + r * nL, Int32(nL))
                r += m
            }
        }
    }

    /// The c2c stages of one plane: `source` holds its last-axis spectrum, rows `rowStride` apart;
    /// the `keptCount` kept values go to `out` in kept-mode order.
    private func analyse(_ source: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>, work: Workspace) {
        if rank == 1 {
            out.update(from: source, count: 2 * modes[0])
            return
        }
        var current = source
        for (s, a) in stride(from: rank - 2, through: 0, by: -1).enumerated() {
            let outer = extents[..<a].reduce(1, *)
            let inner = keptExtents[(a + 1)...].reduce(1, *)
            let n = extents[a], e = keptExtents[a]
            let transformed = s == 0 ? work.a : current
            analysis[s].execute(current, transformed)
            // Keep the two corner blocks of axis a: [outer][n_a][inner] → [outer][e_a][inner].
            let compact = a == 0 ? out : (transformed == work.a ? work.b : work.a)
            keptRow[a].withUnsafeBufferPointer { map in
                for o in 0..<outer {
                    for r in 0..<e {
                        (compact + 2 * (o * e + r) * inner)
                            .update(from: transformed + 2 * (o * n + map[r]) * inner, count: 2 * inner)
                    }
                }
            }
            current = compact
        }
    }

    // MARK: - Inverse

    /// `planes` real planes into `output` from the kept spectrum (`keptCount × planes` complex,
    /// mode-major, left unchanged): `x[j] = Σ_k μ_k Re(X[k] e^{+2πi j·k/n})`, unnormalised.
    /// With `accumulate`, adds them to what `output` holds instead (what a gradient needs where
    /// two branches meet: one pass fewer over the planes than a separate sum).
    public func inverse(_ spectrum: UnsafePointer<Float>, planes: Int, into output: UnsafeMutablePointer<Float>,
                        accumulate: Bool = false) {
        if planes == 0 { return }
        let nL = extents[rank - 1], mL = modes[rank - 1]
        let k = keptCount
        let planeCount = self.planeCount
        forEachChunk(planes) { range, work in
            // FFTW's c2r cannot add to its output: with `accumulate` it writes here first.
            let plane: UnsafeMutablePointer<Float>? = accumulate && self.lastAxisMethod == .fft ? .allocate(capacity: planeCount) : nil
            defer { plane?.deallocate() }
            var p0 = range.lowerBound
            while p0 < range.upperBound {
                let block = min(TruncatedRealFFT.stagingBlock, range.upperBound - p0)
                for mode in 0..<k {
                    let src = spectrum + 2 * (mode * planes + p0)
                    for r in 0..<block {
                        work.staging[2 * (r * k + mode)] = src[2 * r]
                        work.staging[2 * (r * k + mode) + 1] = src[2 * r + 1]
                    }
                }
                var q = 0
                while q < block {
                    let p = p0 + q
                    if self.lastAxisMethod == .dft {
                        let g = min(self.planesPerProduct, block - q)
                        for r in 0..<g {
                            self.synthesise(work.staging + 2 * (q + r) * k,
                                            into: work.rows + 2 * r * self.rows * self.rowStride, work: work)
                        }
                        // E's rows carry μ and have zeros for the DC/Nyquist imaginary parts.
                        self.idftRows(work.rows, count: g * self.rows, into: output + p * self.planeCount, accumulate: accumulate)
                        q += g
                    } else {
                        let target = work.rows
                        self.synthesise(work.staging + 2 * q * k, into: target, work: work)
                        // Zero the columns past m_d and the imaginary parts c2r discards, then c2r.
                        let h = self.half
                        for row in 0..<self.rows {
                            let r = target + 2 * row * h
                            if mL < h { (r + 2 * mL).update(repeating: 0, count: 2 * (h - mL)) }
                            r[1] = 0
                            if nL % 2 == 0 { r[2 * (h - 1) + 1] = 0 }
                        }
                        if let plane {
                            self.c2r!.execute(target, plane)
                            let out = output + p * planeCount
                            for i in 0..<planeCount { out[i] += plane[i] }
                        } else {
                            self.c2r!.execute(target, output + p * planeCount)
                        }
                        q += 1
                    }
                }
                p0 += block
            }
        }
    }

    /// The inverse c2c stages of one plane from its `keptCount` values at `kept` (kept-mode
    /// order), ending in `target` with rows `rowStride` apart (the first m_d columns written).
    private func synthesise(_ kept: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, work: Workspace) {
        if rank == 1 {
            target.update(from: kept, count: 2 * modes[0])
            return
        }
        // Axis 0: the kept rows into a zero-filled [n₀][inner] array.
        var inner = keptExtents[1...].reduce(1, *)
        var current = work.a
        current.update(repeating: 0, count: 2 * extents[0] * inner)
        keptRow[0].withUnsafeBufferPointer { map in
            for r in 0..<keptExtents[0] {
                (current + 2 * map[r] * inner).update(from: kept + 2 * r * inner, count: 2 * inner)
            }
        }
        for a in 0...(rank - 2) {
            if a == rank - 2 {
                synthesis[a].execute(current, target)
            } else {
                synthesis[a].execute(current, current)
                // Expand axis a + 1: [outer·n_a][e_{a+1}][inner'] → [outer·n_a][n_{a+1}][inner'].
                let outer = extents[...a].reduce(1, *)
                let e = keptExtents[a + 1], n = extents[a + 1]
                inner /= e
                let expanded = current == work.a ? work.b : work.a
                expanded.update(repeating: 0, count: 2 * outer * n * inner)
                keptRow[a + 1].withUnsafeBufferPointer { map in
                    for o in 0..<outer {
                        for r in 0..<e {
                            (expanded + 2 * (o * n + map[r]) * inner)
                                .update(from: current + 2 * (o * e + r) * inner, count: 2 * inner)
                        }
                    }
                }
                current = expanded
            }
        }
    }

    // MARK: - Work distribution

    /// Scratch for one chunk of planes: `rows` holds last-axis spectra (one plane's half spectrum
    /// for the FFT method, a group of planes' kept columns for the DFT), `a` and `b` the
    /// intermediate arrays of the c2c stages, `staging` a block of planes' kept spectra.
    final class Workspace {
        let rows: UnsafeMutablePointer<Float>
        let a: UnsafeMutablePointer<Float>
        let b: UnsafeMutablePointer<Float>
        let staging: UnsafeMutablePointer<Float>
        private let base: UnsafeMutableRawPointer

        init(rowFloats: Int, stageFloats: Int, stagingFloats: Int) {
            // Each array starts on a 64-byte boundary so that FFTW's aligned plans apply.
            let r = (rowFloats + 15) / 16 * 16, s = (stageFloats + 15) / 16 * 16
            let total = r + 2 * s + stagingFloats
            base = .allocate(byteCount: 4 * total + 64, alignment: 64)
            let f = base.bindMemory(to: Float.self, capacity: total)
            rows = f
            a = f + r
            b = f + r + s
            staging = f + r + 2 * s
        }

        deinit { base.deallocate() }
    }

    /// Splits `0..<planes` into contiguous chunks run on `ThreadPool.shared`, one workspace each.
    private func forEachChunk(_ planes: Int, _ body: @escaping (Range<Int>, Workspace) -> Void) {
        let pool = ThreadPool.shared
        let chunks = min(planes, pool.threadCount * 4)
        let size = (planes + chunks - 1) / chunks
        let rowFloats = lastAxisMethod == .fft ? 2 * rows * half : 2 * planesPerProduct * rows * rowStride
        let stageFloats = 2 * rows * modes[rank - 1]
        pool.parallelFor(chunks) { c in
            let start = c * size, end = min(planes, start + size)
            if start >= end { return }
            body(start..<end, Workspace(rowFloats: rowFloats, stageFloats: stageFloats,
                                        stagingFloats: 2 * TruncatedRealFFT.stagingBlock * self.keptCount))
        }
    }
}
