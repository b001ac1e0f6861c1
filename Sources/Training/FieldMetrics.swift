import Autograd
import NeuropCore

/// Per-sample errors of predictions against targets, both decoded (physical units), `[B, C, grid]`.
///
/// - Relative L2: `‖p − t‖₂ / ‖t‖₂` over all channels and grid points of a sample (the FNO paper's
///   and neuraloperator's metric; their reported figure is its mean over the test set).
/// - MSE: `‖p − t‖₂² / n` per sample, n its number of values (channels × grid points); its mean
///   over equally sized samples is the MSE over all values, DeepXDE's loss and "test loss".
/// - Relative H1: the same in the norm `‖u‖² = Σ u² + Σ_axes Σ (D u)²`, D the central difference
///   with h = 1/n (wrapping when `periodic`) — the norm of `Loss.h1`.
public enum FieldMetrics {
    public static func relativeL2(_ prediction: Tensor, _ target: Tensor) -> [Double] {
        precondition(prediction.shape == target.shape, "prediction \(prediction.shape) and target \(target.shape) differ")
        let squaredError = perSample(prediction - target), squaredNorm = perSample(target)
        return zip(squaredError, squaredNorm).map { ($0 / $1).squareRoot() }
    }

    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) -> [Double] {
        precondition(prediction.shape == target.shape, "prediction \(prediction.shape) and target \(target.shape) differ")
        let size = Double(target.count / target.shape[0])
        return perSample(prediction - target).map { $0 / size }
    }

    public static func relativeH1(_ prediction: Tensor, _ target: Tensor, periodic: Bool) -> [Double] {
        precondition(prediction.shape == target.shape, "prediction \(prediction.shape) and target \(target.shape) differ")
        func h1Squared(_ u: Tensor) -> [Double] {
            var total = perSample(u)
            for axis in 2..<u.rank {
                for (b, v) in perSample(FiniteDifference.central(u, axis: axis, periodic: periodic)).enumerated() { total[b] += v }
            }
            return total
        }
        return zip(h1Squared(prediction - target), h1Squared(target)).map { ($0 / $1).squareRoot() }
    }

    /// Σ u² per sample (first axis), in double precision.
    static func perSample(_ u: Tensor) -> [Double] {
        let batch = u.shape[0], size = u.count / batch
        return u.withUnsafeBufferPointer { p in
            (0..<batch).map { b in
                var s = 0.0
                for i in (b * size)..<((b + 1) * size) { s += Double(p[i]) * Double(p[i]) }
                return s
            }
        }
    }
}

/// Mean, median and worst of per-sample errors.
public struct ErrorSummary: Equatable, Sendable {
    public var mean: Double
    public var median: Double
    public var worst: Double
    /// Index (within the evaluated samples) of the worst one.
    public var worstIndex: Int

    public init(_ errors: [Double]) {
        precondition(!errors.isEmpty, "no errors to summarise")
        mean = errors.reduce(0, +) / Double(errors.count)
        let sorted = errors.sorted()
        let mid = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        worstIndex = errors.indices.max { errors[$0] < errors[$1] }!
        worst = errors[worstIndex]
    }
}
