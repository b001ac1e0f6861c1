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
/// - `prolongation` P: the transposed 3×3 stride-2 convolution with one cell cropped each side and
///   `1 − n mod 2` cells of output padding, which brings ⌈n/2⌉ cells back to exactly n (odd or even).
public final class MultigridLevel: Module {
    public let operatorA: Conv
    public let smoother: Conv
    public let restriction: Conv?
    public let projection: Conv?
    public let prolongation: Parameter?
    let spatialRank: Int

    public init(channels: Int, spatialRank: Int, padding: Tensor.PaddingMode, isCoarsest: Bool, rng: inout RandomStream) {
        let same = ConvolutionGeometry(spatialRank: spatialRank, kernel: 3, padding: 1)
        let down = ConvolutionGeometry(spatialRank: spatialRank, kernel: 3, stride: 2, padding: 1)
        self.spatialRank = spatialRank
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

    /// The coarse correction e (on ⌈n/2⌉ cells) prolongated to a grid of `extents` cells.
    func prolongate(_ e: Variable, to extents: [Int]) -> Variable {
        let geometry = ConvolutionGeometry(spatialRank: spatialRank, kernel: 3, stride: 2, padding: 1)
        let operation = TransposedConvolution(geometry: geometry, outputPadding: extents.map { 1 - $0 % 2 })
        return e.transposedConvolution(weight: e.use(prolongation!), operation)
    }
}
