import CChannelKernels
import NeuropCore

// Dimension letters: B batch, N cells per sample (spatial axes flattened), T cells of a tile,
// c_i the channels entering layer i (c_0 the input, c_L the output).

/// A channel MLP (`ChannelMLP`) forward and backward, fused over tiles of cells (see `CellTiling`):
/// each tile goes through every layer in cache, `z_i = W_i a_i + b_i`, `a_{i+1} = GELU(z_i)`
/// except after the last layer. Nothing is saved between forward and backward but the input:
/// the backward recomputes the tile's activations — the hidden layer is the widest tensor of an
/// FNO (2 × width channels), and recomputing it costs less than writing it out and reading it back.
struct ChannelMLPKernel {
    /// `[c_0, …, c_L]`.
    let widths: [Int]
    private let pack: FloatBuffer
    private let weightOffsets: [Int], transposeOffsets: [Int], biasOffsets: [Int]

    /// - Parameters: weights `[c_{i+1}, c_i]` and biases `[c_{i+1}]`, one per layer.
    init(weights: [Tensor], biases: [Tensor]) {
        precondition(!weights.isEmpty && weights.count == biases.count, "a channel MLP needs one bias per weight")
        var widths = [weights[0].shape[1]]
        for (w, b) in zip(weights, biases) {
            precondition(w.rank == 2 && w.shape[1] == widths.last! && b.shape == [w.shape[0]],
                         "layer weights \(w.shape) and bias \(b.shape) do not follow width \(widths.last!)")
            widths.append(w.shape[0])
        }
        self.widths = widths
        var offset = 0
        var (wo, to, bo) = ([Int](), [Int](), [Int]())
        for w in weights {
            wo.append(offset)
            to.append(offset + w.count)
            bo.append(offset + 2 * w.count)
            offset += 2 * w.count + w.shape[0]
        }
        (weightOffsets, transposeOffsets, biasOffsets) = (wo, to, bo)
        pack = FloatBuffer(count: offset)
        for (i, (w, b)) in zip(weights, biases).enumerated() {
            let (rows, cols) = (w.shape[0], w.shape[1])
            w.withUnsafeBufferPointer { src in
                for r in 0..<rows {
                    for c in 0..<cols {
                        pack[wo[i]][r * cols + c] = src[r * cols + c]
                        pack[to[i]][c * rows + r] = src[r * cols + c]
                    }
                }
            }
            b.withUnsafeBufferPointer { src in pack[bo[i]].update(from: src.baseAddress!, count: rows) }
        }
    }

    /// The kernel of `mlp` with its parameters' current values.
    init(_ mlp: ChannelMLP) {
        self.init(weights: mlp.layers.map(\.weight.value), biases: mlp.layers.map { $0.bias!.value })
    }

    /// `[w₀, b₀, w₁, b₁, …]`: gradients in `ChannelMLP.namedParameters` order.
    static func interleave(_ weights: [Tensor], _ biases: [Tensor]) -> [Tensor] {
        zip(weights, biases).flatMap { [$0, $1] }
    }

    var layerCount: Int { widths.count - 1 }
    private var maxWidth: Int { widths.max()! }

    /// `[B, c_0, n…]` → `[B, c_L, n…]`.
    func forward(_ x: Tensor) -> Tensor {
        precondition(x.rank >= 2 && x.shape[1] == widths[0], "channel MLP input \(x.shape) does not have \(widths[0]) channels")
        let tiling = CellTiling(shape: x.shape)
        var output = Tensor(uninitializedShape: [x.shape[0], widths.last!] + x.shape.dropFirst(2))
        let ld = CellTiling.tileCells
        let (widths, pack, maxWidth) = (self.widths, self.pack, self.maxWidth)
        let (wo, bo) = (weightOffsets, biasOffsets)
        x.withUnsafeBufferPointer { xp in
            output.withUnsafeMutableBufferPointer { op in
                let (src, dst) = (xp.baseAddress!, op.baseAddress!)
                tiling.forEachTask { _, sample, tiles in
                    let scratch = FloatBuffer(count: 2 * maxWidth * ld, zeroed: false)
                    for tile in tiles {
                        var (current, next) = (scratch[0], scratch[maxWidth * ld])
                        tiling.gather(src, rowsPerSample: widths[0], rows: 0..<widths[0], sample: sample, tile: tile, into: current)
                        for i in 0..<widths.count - 1 {
                            let (cin, cout) = (Int32(widths[i]), Int32(widths[i + 1]))
                            if i == widths.count - 2 {
                                // The last map writes straight into the output's rows: only its
                                // stores are strided, its reads stay in the tile.
                                neurop_mix(cout, cin, tile.count, pack[wo[i]], Int(cin), current, ld, pack[bo[i]],
                                           dst + sample * Int(cout) * tiling.cells + tile.lowerBound, tiling.cells, 0)
                                break
                            }
                            neurop_mix(cout, cin, tile.count, pack[wo[i]], Int(cin), current, ld, pack[bo[i]], next, ld, 0)
                            neurop_gelu(next, next, Int(cout) * ld)
                            swap(&current, &next)
                        }
                    }
                }
            }
        }
        return output
    }

    /// Gradients with respect to the input (when `needsInputGradient`), each weight and each bias,
    /// given `gradOutput`, the gradient with respect to `forward(input)`.
    func backward(_ gradOutput: Tensor, input x: Tensor, needsInputGradient: Bool)
        -> (input: Tensor?, weights: [Tensor], biases: [Tensor])
    {
        precondition(gradOutput.shape == [x.shape[0], widths.last!] + x.shape.dropFirst(2),
                     "channel MLP output gradient \(gradOutput.shape) does not match input \(x.shape)")
        let tiling = CellTiling(shape: x.shape)
        let ld = CellTiling.tileCells
        let (widths, pack, maxWidth, layers) = (self.widths, self.pack, self.maxWidth, layerCount)
        let (wo, to, bo) = (weightOffsets, transposeOffsets, biasOffsets)
        // Per task and layer: the lanes of dW_i (16 per entry), then db_i.
        var partialOffsets: [Int] = [], perTask = 0
        for i in 0..<layers {
            partialOffsets.append(perTask)
            perTask += widths[i + 1] * (16 * widths[i] + 1)
        }
        let partials = FloatBuffer(count: tiling.taskCount * perTask)
        // Scratch rows: a_0 … a_{L−1} (layer inputs), GELU'(z_0) … GELU'(z_{L−2}), g, da.
        let activationRows = widths.dropLast().reduce(0, +), derivativeRows = widths.dropFirst().dropLast().reduce(0, +)
        var gradInput = needsInputGradient ? Tensor(uninitializedShape: x.shape) : nil
        func run(_ src: UnsafePointer<Float>, _ grad: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>?) {
            tiling.forEachTask { task, sample, tiles in
                let scratch = FloatBuffer(count: (activationRows + derivativeRows + 2 * maxWidth) * ld)
                var a: [UnsafeMutablePointer<Float>] = [], d: [UnsafeMutablePointer<Float>] = []
                var offset = 0
                for i in 0..<layers {
                    a.append(scratch[offset])
                    offset += widths[i] * ld
                }
                for i in 1..<layers {
                    d.append(scratch[offset])
                    offset += widths[i] * ld
                }
                var (g, da) = (scratch[offset], scratch[offset + maxWidth * ld])
                let partial = partials[task * perTask]
                for tile in tiles {
                    let t = tile.count
                    tiling.gather(src, rowsPerSample: widths[0], rows: 0..<widths[0], sample: sample, tile: tile, into: a[0])
                    for i in 0..<layers - 1 {
                        let (cin, cout) = (Int32(widths[i]), Int32(widths[i + 1]))
                        neurop_mix(cout, cin, t, pack[wo[i]], Int(cin), a[i], ld, pack[bo[i]], a[i + 1], ld, 0)
                        neurop_gelu_and_derivative(a[i + 1], a[i + 1], d[i], Int(cout) * ld)
                    }
                    tiling.gather(grad, rowsPerSample: widths.last!, rows: 0..<widths.last!, sample: sample, tile: tile, into: g)
                    for i in stride(from: layers - 1, through: 0, by: -1) {
                        let (cin, cout) = (Int32(widths[i]), Int32(widths[i + 1]))
                        let dw = partial + partialOffsets[i]
                        neurop_mix_weight_gradient(cout, cin, t, g, ld, a[i], ld, dw)
                        neurop_rows_dot(cout, t, g, ld, nil, 0, dw + 16 * Int(cout * cin))
                        guard i > 0 || dx != nil else { continue }
                        neurop_mix(cin, cout, t, pack[to[i]], Int(cout), g, ld, nil, da, ld, 0)
                        if i > 0 {
                            neurop_multiply(da, d[i - 1], da, Int(cin) * ld)
                            swap(&g, &da)
                        } else {
                            tiling.scatter(da, into: dx!, rowsPerSample: widths[0], rows: 0..<widths[0], sample: sample, tile: tile)
                        }
                    }
                }
            }
        }
        x.withUnsafeBufferPointer { xp in
            gradOutput.withUnsafeBufferPointer { gp in
                if gradInput != nil {
                    gradInput!.withUnsafeMutableBufferPointer { run(xp.baseAddress!, gp.baseAddress!, $0.baseAddress!) }
                } else {
                    run(xp.baseAddress!, gp.baseAddress!, nil)
                }
            }
        }
        var weights: [Tensor] = [], biases: [Tensor] = []
        for i in 0..<layers {
            let (cin, cout) = (widths[i], widths[i + 1])
            weights.append(Tensor(shape: [cout, cin], values: partials.sumLanesOverTasks(
                tiling.taskCount, stride: perTask, offset: partialOffsets[i], count: cout * cin)))
            biases.append(Tensor(shape: [cout], values: partials.sumOverTasks(
                tiling.taskCount, stride: perTask, offset: partialOffsets[i] + 16 * cout * cin, count: cout)))
        }
        return (gradInput, weights, biases)
    }
}
