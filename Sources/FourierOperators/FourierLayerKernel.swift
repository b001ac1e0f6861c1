import CChannelKernels
import NeuropCore

// Dimension letters: B batch, C width (channels in and out), H channel-MLP hidden channels,
// N cells per sample (spatial axes flattened), T cells of a tile.

/// Everything of a Fourier layer but the spectral transform-and-mix, forward and backward, fused
/// over tiles of cells (see `CellTiling`; `FourierLayer` for the maths): from the spectral
/// convolution's output without its bias, `s`, and the layer input `x`,
///
///     h₁ = s + b + W x,  m = W₁ σ(h₁) + b₁,  h₂ = W₂ σ(m) + b₂ + g ⊙ x,  y = σ(h₂)
///
/// (σ = GELU only where the layer activates; without the channel MLP `y = σ(σ(h₁))`, or `y = σ(h₁)`
/// without `repeatedActivation`).
/// The forward can save `h₁` (`[B, C, N]`), the one pre-activation the backward cannot get
/// from `x`: the backward recomputes `m` and `h₂` from it, which costs two small channel mixes
/// per cell and is faster than writing `m` and `h₂` out and reading them back (and the memory).
/// Adding the spectral bias here saves the convolution a pass over its output.
struct FourierLayerKernel {
    let width: Int
    /// H, nil without the channel MLP.
    let hidden: Int?
    let activates: Bool
    let repeatedActivation: Bool
    private let pack: FloatBuffer
    private let offsets: Offsets

    private struct Offsets {
        var skip = 0, skipT = 0, bias = 0, w1 = 0, w1T = 0, b1 = 0, w2 = 0, w2T = 0, b2 = 0, gate = 0, total = 0
    }

    /// Weights: spectral bias `[C]`, skip `[C, C]`, and with the channel MLP `w1 [H, C]`,
    /// `b1 [H]`, `w2 [C, H]`, `b2 [C]`, `gate [C]`.
    init(width: Int, activates: Bool, repeatedActivation: Bool = true, spectralBias: Tensor, skip: Tensor,
         mlp: (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, gate: Tensor)?) {
        precondition(skip.shape == [width, width] && spectralBias.shape == [width],
                     "skip weight \(skip.shape) and spectral bias \(spectralBias.shape) do not fit width \(width)")
        self.width = width
        self.activates = activates
        self.repeatedActivation = repeatedActivation
        hidden = mlp?.w1.shape[0]
        var o = Offsets()
        func place(_ count: Int) -> Int {
            defer { o.total += count }
            return o.total
        }
        o.skip = place(width * width)
        o.skipT = place(width * width)
        o.bias = place(width)
        if let mlp {
            let h = mlp.w1.shape[0]
            precondition(mlp.w1.shape == [h, width] && mlp.b1.shape == [h] && mlp.w2.shape == [width, h]
                         && mlp.b2.shape == [width] && mlp.gate.shape == [width],
                         "channel MLP weights \(mlp.w1.shape), \(mlp.b1.shape), \(mlp.w2.shape), \(mlp.b2.shape), gate \(mlp.gate.shape) do not fit width \(width)")
            o.w1 = place(h * width)
            o.w1T = place(h * width)
            o.b1 = place(h)
            o.w2 = place(h * width)
            o.w2T = place(h * width)
            o.b2 = place(width)
            o.gate = place(width)
        }
        offsets = o
        pack = FloatBuffer(count: o.total)
        func copy(_ t: Tensor, to offset: Int, transposeTo: Int? = nil) {
            t.withUnsafeBufferPointer { src in
                pack[offset].update(from: src.baseAddress!, count: t.count)
                guard let transposeTo else { return }
                let (rows, cols) = (t.shape[0], t.shape[1])
                for r in 0..<rows { for c in 0..<cols { pack[transposeTo][c * rows + r] = src[r * cols + c] } }
            }
        }
        copy(skip, to: o.skip, transposeTo: o.skipT)
        copy(spectralBias, to: o.bias)
        if let mlp {
            copy(mlp.w1, to: o.w1, transposeTo: o.w1T)
            copy(mlp.b1, to: o.b1)
            copy(mlp.w2, to: o.w2, transposeTo: o.w2T)
            copy(mlp.b2, to: o.b2)
            copy(mlp.gate, to: o.gate)
        }
    }

    /// Scratch rows of one task: x, h₁, σ(h₁), σ'(h₁), h₂, g, dx (C each), m, σ(m), σ'(m), dσ(m) (H each).
    private var scratchRows: Int { 7 * width + 4 * (hidden ?? 0) }

    /// h₂ (with the channel MLP) of one tile from x and h₁, with σ(h₁) in `a1` where the layer
    /// activates and m, σ(m) in `m`, `a2`; with `d1`, `d2` also σ'(h₁) and σ'(m) (for the backward).
    /// x and h₁ may be read in place, rows `xStride` and `h1Stride` apart; the rest are tile rows.
    /// Where the layer does not activate, an h₁ read in place is first copied into `a1`, since the
    /// channel MLP reads all of its rows at once (which alias in L1 at that stride, see `CellTiling`).
    /// Returns the rows (`ld` apart) the channel MLP read: σ(h₁) in `a1`, or h₁ (copied or in place).
    @discardableResult
    private func tail(_ t: Int, x: UnsafePointer<Float>, xStride: Int, h1: UnsafePointer<Float>, h1Stride: Int,
                      a1: UnsafeMutablePointer<Float>, d1: UnsafeMutablePointer<Float>?, m: UnsafeMutablePointer<Float>,
                      a2: UnsafeMutablePointer<Float>, d2: UnsafeMutablePointer<Float>?, h2: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        let (c, h, ld, o) = (Int32(width), Int32(hidden ?? 0), CellTiling.tileCells, offsets)
        if activates {
            if h1Stride == ld {
                if let d1 { neurop_gelu_and_derivative(h1, a1, d1, Int(c) * ld) } else { neurop_gelu(h1, a1, Int(c) * ld) }
            } else {
                for r in 0..<Int(c) {
                    if let d1 {
                        neurop_gelu_and_derivative(h1 + r * h1Stride, a1 + r * ld, d1 + r * ld, t)
                    } else {
                        neurop_gelu(h1 + r * h1Stride, a1 + r * ld, t)
                    }
                }
            }
        }
        guard hidden != nil else { return UnsafePointer(a1) }
        if !activates && h1Stride != ld {
            for r in 0..<Int(c) { (a1 + r * ld).update(from: h1 + r * h1Stride, count: t) }
        }
        let mlpInput = activates || h1Stride != ld ? UnsafePointer(a1) : h1
        neurop_mix(h, c, t, pack[o.w1], Int(c), mlpInput, ld, pack[o.b1], m, ld, 0)
        if let d2 { neurop_gelu_and_derivative(m, a2, d2, Int(h) * ld) } else { neurop_gelu(m, a2, Int(h) * ld) }
        neurop_rows_affine(c, t, pack[o.gate], x, xStride, pack[o.b2], h2, ld)
        neurop_mix(c, h, t, pack[o.w2], Int(h), a2, ld, nil, h2, ld, 1)
        return mlpInput
    }

    /// h₁ of one tile, rows `h1Stride` apart: s + b + W x, with s read in place from `[B, C, N]`.
    private func preactivation(_ tiling: CellTiling, _ tile: Range<Int>, sample: Int, s: UnsafePointer<Float>,
                               x: UnsafeMutablePointer<Float>, h1: UnsafeMutablePointer<Float>, h1Stride: Int) {
        let (c, ld, o) = (Int32(width), CellTiling.tileCells, offsets)
        neurop_rows_affine(c, tile.count, nil, s + sample * width * tiling.cells + tile.lowerBound, tiling.cells,
                           pack[o.bias], h1, h1Stride)
        neurop_mix(c, c, tile.count, pack[o.skip], width, x, ld, nil, h1, h1Stride, 1)
    }

    /// y from the spectral output (no bias) and the layer input, both `[B, C, n…]`, and h₁ when `saving`.
    func forward(spectral s: Tensor, input x: Tensor, saving: Bool) -> (output: Tensor, saved: Tensor?) {
        precondition(x.rank >= 3 && x.shape[1] == width && s.shape == x.shape,
                     "Fourier layer input \(x.shape) and spectral output \(s.shape) must both be [B, \(width), n…]")
        let tiling = CellTiling(shape: x.shape)
        var output = Tensor(uninitializedShape: x.shape)
        var saved = saving ? Tensor(uninitializedShape: x.shape) : nil
        let (c, h, ld, activates, mlp) = (width, hidden ?? 0, CellTiling.tileCells, self.activates, hidden != nil)
        let repeated = repeatedActivation
        let kernel = self
        func run(_ sp: UnsafePointer<Float>, _ xp: UnsafePointer<Float>, _ yp: UnsafeMutablePointer<Float>,
                 _ savedp: UnsafeMutablePointer<Float>?) {
            tiling.forEachTask { _, sample, tiles in
                let scratch = FloatBuffer(count: kernel.scratchRows * ld, zeroed: false)
                let (tx, th1, ta1, th2) = (scratch[0], scratch[c * ld], scratch[2 * c * ld], scratch[4 * c * ld])
                let (tm, ta2) = (scratch[7 * c * ld], scratch[(7 * c + h) * ld])
                for tile in tiles {
                    let rowOffset = sample * c * tiling.cells + tile.lowerBound
                    tiling.gather(xp, rowsPerSample: c, rows: 0..<c, sample: sample, tile: tile, into: tx)
                    // When saving, h₁ is computed straight into the saved tensor (a copy less);
                    // only four or eight of its rows are ever read or written at a time there.
                    let (h1, h1Stride) = savedp.map { ($0 + rowOffset, tiling.cells) } ?? (th1, ld)
                    kernel.preactivation(tiling, tile, sample: sample, s: sp, x: tx, h1: h1, h1Stride: h1Stride)
                    // The last activation (or copy) writes straight into y's rows (one pass less
                    // over y than activating in the tile and copying it out).
                    func activateInto(_ source: UnsafeMutablePointer<Float>, stride: Int = ld) {
                        for r in 0..<c { neurop_gelu(source + r * stride, yp + rowOffset + r * tiling.cells, tile.count) }
                    }
                    switch (mlp, activates) {
                    case (true, _):
                        kernel.tail(tile.count, x: tx, xStride: ld, h1: h1, h1Stride: h1Stride, a1: ta1, d1: nil, m: tm, a2: ta2, d2: nil, h2: th2)
                        if activates { activateInto(th2) } else {
                            tiling.scatter(th2, into: yp, rowsPerSample: c, rows: 0..<c, sample: sample, tile: tile)
                        }
                    case (false, true):
                        if repeated {
                            kernel.tail(tile.count, x: tx, xStride: ld, h1: h1, h1Stride: h1Stride, a1: ta1, d1: nil, m: tm, a2: ta2, d2: nil, h2: th2)
                            activateInto(ta1)
                        } else {
                            activateInto(h1, stride: h1Stride)
                        }
                    case (false, false):
                        for r in 0..<c { (yp + rowOffset + r * tiling.cells).update(from: h1 + r * h1Stride, count: tile.count) }
                    }
                }
            }
        }
        s.withUnsafeBufferPointer { sp in
            x.withUnsafeBufferPointer { xp in
                output.withUnsafeMutableBufferPointer { yp in
                    if saved != nil {
                        saved!.withUnsafeMutableBufferPointer { run(sp.baseAddress!, xp.baseAddress!, yp.baseAddress!, $0.baseAddress!) }
                    } else {
                        run(sp.baseAddress!, xp.baseAddress!, yp.baseAddress!, nil)
                    }
                }
            }
        }
        return (output, saved)
    }

    /// The gradients of the layer.
    struct Gradients {
        /// With respect to the spectral output s (the convolution's output before its bias).
        var spectral: Tensor
        var input: Tensor?
        var spectralBias: Tensor
        var skip: Tensor
        /// w1, b1, w2, b2, gate, with the channel MLP.
        var mlp: [Tensor]
    }

    /// Gradients given `gradOutput` (with respect to y), the layer input and the h₁ saved by `forward`.
    func backward(_ gradOutput: Tensor, input x: Tensor, saved: Tensor, needsInputGradient: Bool) -> Gradients {
        precondition(gradOutput.shape == x.shape && saved.shape == x.shape,
                     "Fourier layer output gradient \(gradOutput.shape) and saved h₁ \(saved.shape) do not match input \(x.shape)")
        let tiling = CellTiling(shape: x.shape)
        let (c, h, ld, activates, mlp) = (width, hidden ?? 0, CellTiling.tileCells, self.activates, hidden != nil)
        let (pack, o, kernel, repeated) = (self.pack, offsets, self, repeatedActivation)
        let c32 = Int32(c), h32 = Int32(h)
        // Per task: lanes of dW (16 per entry), db, then with the MLP lanes of dW₁, db₁, lanes of dW₂, db₂, dg.
        let pBias = 16 * c * c, pW1 = 16 * c * c + c
        let (pB1, pW2) = (pW1 + 16 * h * c, pW1 + 16 * h * c + h)
        let (pB2, pGate) = (pW2 + 16 * c * h, pW2 + 16 * c * h + c)
        let perTask = mlp ? pGate + c : pW1
        let partials = FloatBuffer(count: tiling.taskCount * perTask)
        var gradSpectral = Tensor(uninitializedShape: x.shape)
        var gradInput = needsInputGradient ? Tensor(uninitializedShape: x.shape) : nil
        let cells = tiling.cells
        func run(_ gp: UnsafePointer<Float>, _ xp: UnsafePointer<Float>, _ savedp: UnsafePointer<Float>,
                 _ dsp: UnsafeMutablePointer<Float>, _ dxp: UnsafeMutablePointer<Float>?) {
            tiling.forEachTask { task, sample, tiles in
                let scratch = FloatBuffer(count: kernel.scratchRows * ld, zeroed: false)
                let (ta1, td1) = (scratch[2 * c * ld], scratch[3 * c * ld])
                let (th2, tg, tdx) = (scratch[4 * c * ld], scratch[5 * c * ld], scratch[6 * c * ld])
                let (tm, ta2, td2, tda2) = (scratch[7 * c * ld], scratch[(7 * c + h) * ld], scratch[(7 * c + 2 * h) * ld],
                                            scratch[(7 * c + 3 * h) * ld])
                let partial = partials[task * perTask]
                for tile in tiles {
                    let t = tile.count
                    // x and h₁ are read in place: the backward reads at most four of their rows
                    // at a time (see `tail` for the exception), too few to alias in the L1 cache
                    // (see `CellTiling`), so copying them into the tile only cost passes over memory.
                    let rowOffset = sample * c * cells + tile.lowerBound
                    let (x, h1) = (xp + rowOffset, savedp + rowOffset)
                    let mlpInput = kernel.tail(t, x: x, xStride: cells, h1: h1, h1Stride: cells, a1: ta1, d1: td1, m: tm, a2: ta2, d2: td2, h2: th2)
                    // tg: dy, then dh₂, then dh₁.
                    if mlp && activates {
                        // dh₂ = σ'(h₂) dy, reading dy in place: one pass instead of a copy and a pass.
                        for r in 0..<c { neurop_gelu_backward(th2 + r * ld, gp + rowOffset + r * cells, tg + r * ld, t) }
                    } else {
                        tiling.gather(gp, rowsPerSample: c, rows: 0..<c, sample: sample, tile: tile, into: tg)
                    }
                    if mlp {
                        neurop_mix(h32, c32, t, pack[o.w2T], c, tg, ld, nil, tda2, ld, 0)
                        neurop_multiply(tda2, td2, tda2, h * ld)
                        neurop_mix_weight_gradient(c32, h32, t, tg, ld, ta2, ld, partial + pW2)
                        neurop_rows_dot(c32, t, tg, ld, nil, 0, partial + pB2)
                        neurop_rows_dot(c32, t, tg, ld, x, cells, partial + pGate)
                        neurop_rows_affine(c32, t, pack[o.gate], tg, ld, nil, tdx, ld)
                        // tda2 now holds dm.
                        neurop_mix(c32, h32, t, pack[o.w1T], h, tda2, ld, nil, tg, ld, 0)
                        // What the MLP read: σ(h₁), or h₁ where the layer does not activate, copied
                        // into ta1 unless its rows are already `ld` apart (a grid of one tile).
                        neurop_mix_weight_gradient(h32, c32, t, tda2, ld, mlpInput, ld, partial + pW1)
                        neurop_rows_dot(h32, t, tda2, ld, nil, 0, partial + pB1)
                        if activates { neurop_multiply(tg, td1, tg, c * ld) }
                    } else if activates {
                        // y = σ(σ(h₁)), or σ(h₁).
                        if repeated { neurop_gelu_backward(ta1, tg, tg, c * ld) }
                        neurop_multiply(tg, td1, tg, c * ld)
                    }
                    neurop_mix_weight_gradient(c32, c32, t, tg, ld, x, cells, partial)
                    neurop_rows_dot(c32, t, tg, ld, nil, 0, partial + pBias)
                    tiling.scatter(tg, into: dsp, rowsPerSample: c, rows: 0..<c, sample: sample, tile: tile)
                    if let dxp {
                        neurop_mix(c32, c32, t, pack[o.skipT], c, tg, ld, nil, tdx, ld, mlp ? 1 : 0)
                        tiling.scatter(tdx, into: dxp, rowsPerSample: c, rows: 0..<c, sample: sample, tile: tile)
                    }
                }
            }
        }
        gradOutput.withUnsafeBufferPointer { gp in
            x.withUnsafeBufferPointer { xp in
                saved.withUnsafeBufferPointer { savedp in
                    gradSpectral.withUnsafeMutableBufferPointer { dsp in
                        if gradInput != nil {
                            gradInput!.withUnsafeMutableBufferPointer {
                                run(gp.baseAddress!, xp.baseAddress!, savedp.baseAddress!, dsp.baseAddress!, $0.baseAddress!)
                            }
                        } else {
                            run(gp.baseAddress!, xp.baseAddress!, savedp.baseAddress!, dsp.baseAddress!, nil)
                        }
                    }
                }
            }
        }
        func weight(_ from: Int, _ shape: [Int]) -> Tensor {
            Tensor(shape: shape, values: partials.sumLanesOverTasks(tiling.taskCount, stride: perTask, offset: from,
                                                                   count: shape[0] * shape[1]))
        }
        func vector(_ from: Int, _ count: Int) -> Tensor {
            Tensor(shape: [count], values: partials.sumOverTasks(tiling.taskCount, stride: perTask, offset: from, count: count))
        }
        let mlpGradients = mlp ? [weight(pW1, [h, c]), vector(pB1, h), weight(pW2, [c, h]), vector(pB2, c), vector(pGate, c)] : []
        return Gradients(spectral: gradSpectral, input: gradInput, spectralBias: vector(pBias, c), skip: weight(0, [c, c]),
                         mlp: mlpGradients)
    }
}
