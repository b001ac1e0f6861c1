import Autograd
import NeuropCore

/// Per-point unit-Gaussian normalisation, as the FNO paper's `UnitGaussianNormalizer`:
/// `encode(x) = (x − μ) / (σ + ε)`, `decode(z) = z (σ + ε) + μ`, where μ and σ are the mean and
/// the sample standard deviation (divisor N − 1, as `torch.std`) over the training samples at
/// every channel and grid point, and ε = 1e-5 keeps points where every sample agrees (Darcy's
/// boundary, u = 0) finite.
///
/// Fitted on the training set only and stored with the model; on another grid (`resampled`) μ and
/// σ are interpolated, so a model can be evaluated at a resolution it was not trained at.
public struct GaussianNormalizer: Equatable, Sendable {
    /// μ, `[C, grid]`.
    public var mean: Tensor
    /// σ, `[C, grid]`.
    public var standardDeviation: Tensor
    public var epsilon: Float

    public init(mean: Tensor, standardDeviation: Tensor, epsilon: Float = 1e-5) {
        precondition(mean.shape == standardDeviation.shape, "mean \(mean.shape) and deviation \(standardDeviation.shape) differ")
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.epsilon = epsilon
    }

    /// Fits μ and σ to `samples` `[N, C, grid]` (accumulated in double precision).
    public init(fitting samples: Tensor, epsilon: Float = 1e-5) {
        let n = samples.shape[0], size = samples.count / n
        var mean = [Double](repeating: 0, count: size), squares = [Double](repeating: 0, count: size)
        samples.withUnsafeBufferPointer { x in
            for s in 0..<n { for i in 0..<size { mean[i] += Double(x[s * size + i]) } }
            for i in 0..<size { mean[i] /= Double(n) }
            for s in 0..<n {
                for i in 0..<size {
                    let d = Double(x[s * size + i]) - mean[i]
                    squares[i] += d * d
                }
            }
        }
        let shape = Array(samples.shape.dropFirst())
        self.init(mean: Tensor(shape: shape, values: mean.map { Float($0) }),
                  standardDeviation: Tensor(shape: shape, values: squares.map { Float(($0 / Double(max(n - 1, 1))).squareRoot()) }),
                  epsilon: epsilon)
    }

    /// σ + ε.
    private var scale: Tensor { standardDeviation + epsilon }

    /// `(x − μ) / (σ + ε)` for a batch `[B, C, grid]`.
    public func encode(_ x: Tensor) -> Tensor { (x - mean) / scale }

    /// `z (σ + ε) + μ` for a batch `[B, C, grid]`.
    public func decode(_ z: Tensor) -> Tensor { z * scale + mean }

    /// `decode` on a tape: the gradient flows to `z` (scaled by σ + ε).
    public func decode(_ z: Variable) -> Variable { z * Variable(scale) + Variable(mean) }

    /// `decode` of outputs at grid nodes only, `[B, C, K]` at the flat node indices `nodes`. The
    /// gradient flows to `z`.
    public func decode(_ z: Variable, atNodes nodes: [Int]) -> Variable {
        func atNodes(_ field: Tensor) -> Tensor { field.reshaped([1] + field.shape).gatheringNodes(nodes) }
        return z * Variable(atNodes(scale)) + Variable(atNodes(mean))
    }

    /// One μ and σ for every channel and node: the mean and sample deviation of all target
    /// `values` (for targets at points, which have no grid to vary over), on a grid of shape `grid`.
    public init(constant mean: Double, deviation: Double, channels: Int, grid: [Int], epsilon: Float = 1e-5) {
        self.init(mean: Tensor(shape: [channels] + grid, repeating: Float(mean)),
                  standardDeviation: Tensor(shape: [channels] + grid, repeating: Float(deviation)), epsilon: epsilon)
    }

    /// `decode` of outputs at points `[B, C, P]`: μ and σ interpolated bilinearly at the points
    /// `[B, P, 2]` of the box `lower`…`upper` (their 2D grid). The gradient flows to `z`.
    public func decode(_ z: Variable, at points: Tensor, lower: (Float, Float), upper: (Float, Float)) -> Variable {
        let batch = points.shape[0]
        func atPoints(_ field: Tensor) -> Tensor {
            let stacked = Tensor(shape: [batch] + field.shape) { field[flat: $0 % field.count] }
            return Variable(stacked).bilinear(at: points, lower: lower, upper: upper).value
        }
        return z * Variable(atPoints(scale)) + Variable(atPoints(mean))
    }

    /// The normaliser on another grid: μ and σ interpolated (multilinearly) from the grid with
    /// coordinates `source` to the one with coordinates `target` (see `GridInterpolation`).
    public func resampled(from source: [[Double]], to target: [[Double]]) -> GaussianNormalizer {
        if source == target { return self }
        return GaussianNormalizer(mean: GridInterpolation.resample(mean, from: source, to: target),
                                  standardDeviation: GridInterpolation.resample(standardDeviation, from: source, to: target),
                                  epsilon: epsilon)
    }
}
