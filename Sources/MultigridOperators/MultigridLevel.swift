import Autograd
import ConvolutionKernels
import NeuralNetworks
import NeuropCore

/// One grid of a learned V-cycle (PyAMG's `Level` record): the operator `A` and smoother `S` of
/// this grid, and, on every grid but the coarsest, the maps to and from the next coarser one.
///
/// All are C → C convolutions without bias (the cycle is linear in its right-hand side):
/// - `A`, `S`: 3×3 (3 in 1D), stride 1, "same" size, padding as configured;
/// - `restriction` R (residual to the coarse right-hand side) and `projection` Π (fine iterate to
///   the coarse initial iterate, the paper's Π): 3×3, stride 2, one cell of padding, so an axis
///   of n cells becomes ⌈n/2⌉ and coarse cell i sits on fine cell 2i;
/// - `prolongation` P: the transposed 3×3 stride-2 convolution (coarse node i spreads onto fine
///   cells 2i − 1, 2i, 2i + 1), cropped to exactly n cells (odd or even), with the padding mode
///   supplying the coarse node past the end (see `prolongate`).
public final class MultigridLevel: Module {
    public let operatorA: Conv
    public let smoother: Conv
    public let restriction: Conv?
    public let projection: Conv?
    public let prolongation: Parameter?
    let spatialRank: Int
    let padding: Tensor.PaddingMode

    public init(channels: Int, spatialRank: Int, padding: Tensor.PaddingMode, isCoarsest: Bool, rng: inout RandomStream) {
        let same = ConvolutionGeometry(spatialRank: spatialRank, kernel: 3, padding: 1)
        let down = ConvolutionGeometry(spatialRank: spatialRank, kernel: 3, stride: 2, padding: 1)
        self.spatialRank = spatialRank
        self.padding = padding
        operatorA = Conv(channels, channels, geometry: same, padding: padding, bias: false, rng: &rng)
        smoother = Conv(channels, channels, geometry: same, padding: padding, bias: false, rng: &rng)
        if isCoarsest {
            (restriction, projection, prolongation) = (nil, nil, nil)
        } else {
            restriction = Conv(channels, channels, geometry: down, padding: padding, bias: false, rng: &rng)
            projection = Conv(channels, channels, geometry: down, padding: padding, bias: false, rng: &rng)
            // PyTorch's ConvTranspose init, weight [in, out, 3…].
            let up = ConvTranspose(channels, channels, geometry: down, bias: false, rng: &rng)
            prolongation = up.weight
        }
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        var all = Self.nest([("A", operatorA), ("S", smoother)])
        if let restriction, let projection, let prolongation {
            all += Self.nest([("R", restriction), ("Pi", projection)]) + [("P.weight", prolongation)]
        }
        return all
    }

    /// One smoothing step u ← u + S(f − A u).
    func smooth(_ u: Variable, _ f: Variable) -> Variable {
        u + smoother(f - operatorA(u))
    }

    /// The coarse correction e (on ⌈n/2⌉ cells) prolongated to a grid of `extents` cells. The
    /// transposed convolution itself only crops; so that fine cells past the last coarse node are
    /// interpolated as the boundary condition says (periodic: from coarse node 0), the coarse
    /// field is first padded by one cell at the end in the level's padding mode.
    func prolongate(_ e: Variable, to extents: [Int]) -> Variable {
        let extended = padding == .zero ? e : e.padded(Array(repeating: (before: 0, after: 1), count: spatialRank), mode: padding)
        // Output (m − 1)·2 − p₋ − p₊ + 3 cells from m: crop one before, the rest after, to n.
        let axes = zip(extended.shape.dropFirst(2), extents).map { m, n in
            ConvolutionGeometry.Axis(kernel: 3, stride: 2, padBefore: 1, padAfter: 2 * m - n)
        }
        let operation = TransposedConvolution(geometry: ConvolutionGeometry(axes))
        return extended.transposedConvolution(weight: extended.use(prolongation!), operation)
    }
}
