import NeuropCore

/// Convolution as one GEMM per tap on shifted views of the padded sample's stride phases (no im2col).
///
/// Split the padded sample x̃ (C × H̃ × W̃) by stride phase: phase (a, b) is the image
/// x̃_ab[c, u, v] = x̃[c, u·s_h + a, v·s_w + b], of extent H′ × W′ = ⌈H̃/s_h⌉ × ⌈W̃/s_w⌉ (zero where
/// that runs past x̃). With unit stride there is one phase, x̃ itself, and no copy. Tap (i, j) of
/// output cell (y, x) reads x̃[c, y·s_h + i·d_h, x·s_w + j·d_w]; writing i·d_h = q_h·s_h + a and
/// j·d_w = q_w·s_w + b, that is x̃_ab[c, y + q_h, x + q_w]: the phase image at the output's own
/// position, shifted by (q_h, q_w). Read each phase as C rows of H′·W′ contiguous cells; over the strip
/// of N = (out_h − 1)·W′ + out_w positions on the phase grid,
///
///     ŷ = Σ_{taps t} W_t · x̃_ab[:, shift_t ..< shift_t + N]     (W_t = W[:, :, i, j], O × C),
///
/// each term a GEMM whose B operand is the phase image itself (leading dimension H′·W′). Strip
/// positions with x ≥ out_w are gaps between output rows: computed and dropped in the forward, held
/// at zero in ȳ for the adjoints, g̃_ab[:, shift_t …] += W_tᵀ ŷ̄ and W̄_t += ŷ̄ · x̃_ab[:, shift_t …]ᵀ,
/// after which the gradient phases are interleaved back. Every read and write stays inside its
/// phase image: the last, (out_h − 1 + q_h)·W′ + out_w − 1 + q_w, is a cell of x̃ (or its zero rim).
///
/// It skips writing and re-reading the C·T × P column matrix of im2col, at the price of gap columns
/// (2 of every 66 for 64 × 64, 3 × 3) and of T GEMMs of inner dimension C instead of one of C·T, too
/// thin below about 16 channels (timings in `ConvolutionStrategy`). Stride 2 splits a row into its
/// two phases with 32-wide vector shuffles; scalar strided copies there cost 15 % of a stride-2
/// prolongation. A pointwise convolution is the case T = 1 without gaps: one GEMM on the sample.
struct ShiftedTaps: SampleProducts {
    let geometry: SampleGeometry
    let outChannels: Int
    /// Phase image extents H′, W′.
    private let phaseH: Int, phaseW: Int

    init(geometry: SampleGeometry, outChannels: Int) {
        self.geometry = geometry
        self.outChannels = outChannels
        phaseH = (geometry.paddedH + geometry.strideH - 1) / geometry.strideH
        phaseW = (geometry.paddedW + geometry.strideW - 1) / geometry.strideW
    }

    var tapMajorWeights: Bool { true }
    /// The strip ŷ or ŷ̄ (O × N) when it has gaps (otherwise it is y or ȳ itself), then the phases
    /// of x̃ and of g̃ when the stride is not 1 (otherwise they are x̃ and g̃ themselves).
    var scratchCount: Int { stripScratch + 2 * phaseScratch }

    private var stripScratch: Int { hasGaps ? outChannels * stripCells : 0 }
    private var phaseScratch: Int { isPhased ? geometry.channels * phaseCount * phasePlane : 0 }
    /// N = (out_h − 1)·W′ + out_w strip positions.
    private var stripCells: Int { (geometry.outH - 1) * phaseW + geometry.outW }
    private var hasGaps: Bool { geometry.outH > 1 && geometry.outW != phaseW }
    private var isPhased: Bool { !geometry.hasUnitStride }
    private var phaseCount: Int { geometry.strideH * geometry.strideW }
    private var phasePlane: Int { phaseH * phaseW }

    /// Where tap t = i·k_w + j reads: its phase's offset in the phase buffer plus its shift.
    private func tapOffset(_ t: Int) -> Int {
        let g = geometry
        let (i, j) = t.quotientAndRemainder(dividingBy: g.kernelW)
        let (qh, a) = (i * g.dilationH).quotientAndRemainder(dividingBy: g.strideH)
        let (qw, b) = (j * g.dilationW).quotientAndRemainder(dividingBy: g.strideW)
        return (a * g.strideW + b) * g.channels * phasePlane + qh * phaseW + qw
    }

    func forward(_ padded: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let g = geometry, (o, c, n) = (outChannels, geometry.channels, stripCells)
        let strip = hasGaps ? scratch : output
        let phases = split(padded, into: scratch + stripScratch)
        if let bias {
            for r in 0..<o { (strip + r * n).update(repeating: bias[r], count: n) }
        }
        for t in 0..<g.taps {
            BLAS.gemm(m: o, n: n, k: c, a: weight + t * o * c, b: phases + tapOffset(t), ldb: phasePlane,
                      beta: bias == nil && t == 0 ? 0 : 1, c: strip)
        }
        if hasGaps {
            for r in 0..<o {
                for y in 0..<g.outH {
                    (output + (r * g.outH + y) * g.outW).update(from: strip + r * n + y * phaseW, count: g.outW)
                }
            }
        }
    }

    func adjoint(_ gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                 addingInto gradPadded: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let strip = spread(gradOutput, into: scratch)
        let gradPhases = isPhased ? scratch + stripScratch + phaseScratch : gradPadded
        if isPhased { gradPhases.update(repeating: 0, count: phaseScratch) }
        for t in 0..<geometry.taps { addTapAdjoint(t, strip: strip, weight: weight, into: gradPhases) }
        if isPhased { merge(gradPhases, addingInto: gradPadded) }
    }

    func weightGradient(_ padded: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        addingInto gradWeight: UnsafeMutablePointer<Float>, gradPadded: UnsafeMutablePointer<Float>?,
                        scratch: UnsafeMutablePointer<Float>) {
        let (o, c, n) = (outChannels, geometry.channels, stripCells)
        let strip = spread(gradOutput, into: scratch)
        let phases = split(padded, into: scratch + stripScratch)
        let gradPhases = gradPadded.map { isPhased ? scratch + stripScratch + phaseScratch : $0 }
        if isPhased { gradPhases?.update(repeating: 0, count: phaseScratch) }
        for t in 0..<geometry.taps {
            BLAS.gemm(transposeB: true, m: o, n: c, k: n, a: strip, b: phases + tapOffset(t), ldb: phasePlane,
                      beta: 1, c: gradWeight + t * o * c)
            if let gradPhases { addTapAdjoint(t, strip: strip, weight: weight, into: gradPhases) }
        }
        if let gradPhases, let gradPadded, isPhased { merge(gradPhases, addingInto: gradPadded) }
    }

    /// g̃_ab[:, shift_t …] += W_tᵀ ŷ̄.
    private func addTapAdjoint(_ t: Int, strip: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               into gradPhases: UnsafeMutablePointer<Float>) {
        let (o, c) = (outChannels, geometry.channels)
        BLAS.gemm(transposeA: true, m: c, n: stripCells, k: o, a: weight + t * o * c, b: strip,
                  beta: 1, c: gradPhases + tapOffset(t), ldc: phasePlane)
    }

    /// ŷ̄: ȳ laid out on the strip with zero gaps (ȳ itself when there are none).
    private func spread(_ gradOutput: UnsafePointer<Float>, into scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        guard hasGaps else { return gradOutput }
        let g = geometry, n = stripCells
        for r in 0..<outChannels {
            let row = scratch + r * n
            for y in 0..<g.outH {
                let start = row + y * phaseW
                start.update(from: gradOutput + (r * g.outH + y) * g.outW, count: g.outW)
                if y + 1 < g.outH { (start + g.outW).update(repeating: 0, count: phaseW - g.outW) }
            }
        }
        return UnsafePointer(scratch)
    }

    /// The phase images of x̃, `[phase][C][H′][W′]` (x̃ itself for unit stride), zero past x̃.
    private func split(_ padded: UnsafePointer<Float>, into phases: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        guard isPhased else { return padded }
        let g = geometry, phaseStride = g.channels * phasePlane
        forEachPhaseRow(in: phases) { row, first in
            guard let row else {
                for b in 0..<g.strideW { (first + b * phaseStride).update(repeating: 0, count: phaseW) }
                return
            }
            let source = padded + row
            var j = 0
            if g.strideW == 2 {
                // Two phases per padded row: even and odd cells, 32 at a time.
                let raw = UnsafeRawPointer(source)
                while j + 32 <= g.paddedW {
                    let cells = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD32<Float>.self)
                    UnsafeMutableRawPointer(first + j / 2).storeBytes(of: cells.evenHalf, as: SIMD16<Float>.self)
                    UnsafeMutableRawPointer(first + phaseStride + j / 2).storeBytes(of: cells.oddHalf, as: SIMD16<Float>.self)
                    j += 32
                }
            }
            while j < g.paddedW {
                let (v, b) = j.quotientAndRemainder(dividingBy: g.strideW)
                first[b * phaseStride + v] = source[j]
                j += 1
            }
            for b in 0..<g.strideW {
                let count = (g.paddedW - b + g.strideW - 1) / g.strideW
                (first + b * phaseStride + count).update(repeating: 0, count: phaseW - count)
            }
        }
        return UnsafePointer(phases)
    }

    /// g̃ += the phase images `gradPhases` interleaved back (the adjoint of `split`; the rim is dropped).
    private func merge(_ gradPhases: UnsafeMutablePointer<Float>, addingInto gradPadded: UnsafeMutablePointer<Float>) {
        let g = geometry, phaseStride = g.channels * phasePlane
        forEachPhaseRow(in: gradPhases) { row, first in
            guard let row else { return }
            let target = gradPadded + row
            var j = 0
            if g.strideW == 2 {
                let raw = UnsafeMutableRawPointer(target)
                while j + 32 <= g.paddedW {
                    var cells = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD32<Float>.self)
                    cells.evenHalf += UnsafeRawPointer(first + j / 2).loadUnaligned(as: SIMD16<Float>.self)
                    cells.oddHalf += UnsafeRawPointer(first + phaseStride + j / 2).loadUnaligned(as: SIMD16<Float>.self)
                    raw.storeBytes(of: cells, toByteOffset: j * 4, as: SIMD32<Float>.self)
                    j += 32
                }
            }
            while j < g.paddedW {
                let (v, b) = j.quotientAndRemainder(dividingBy: g.strideW)
                target[j] += first[b * phaseStride + v]
                j += 1
            }
        }
    }

    /// Calls `body(row, first)` for every phase row: `first` is the row in phase (a, 0); phase (a, b)'s
    /// row follows at `b·C·H′·W′`. `row` is the offset of the padded row these phases hold, or nil
    /// for phase rows below x̃.
    private func forEachPhaseRow(in phases: UnsafeMutablePointer<Float>,
                                 _ body: (Int?, UnsafeMutablePointer<Float>) -> Void) {
        let g = geometry
        for c in 0..<g.channels {
            for padRow in 0..<(phaseH * g.strideH) {
                let (u, a) = padRow.quotientAndRemainder(dividingBy: g.strideH)
                let first = phases + ((a * g.strideW) * g.channels + c) * phasePlane + u * phaseW
                body(padRow < g.paddedH ? (c * g.paddedH + padRow) * g.paddedW : nil, first)
            }
        }
    }
}
