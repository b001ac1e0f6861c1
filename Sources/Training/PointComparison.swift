import Foundation
import NeuropCore

/// A trained operator against a point-cloud reference (high-walk-count Walk-on-Spheres estimates):
/// its decoded predictions at the file's points, per-sample relative L2 errors and MSEs over the
/// target points (`PointLoss.metrics`), the reference's own noise, and time per sample — the
/// operator's (batched and single, `OperatorTiming`'s protocol) beside the estimator's for the
/// same points and walks, when the caller can re-run it.
///
/// The reference noise is `√(Σ s²) / √(Σ v²)` per sample over the target points (s the standard
/// errors, v the values): the relative L2 error an exact operator would show against this
/// reference, so errors near it are at the reference's resolution, not the operator's.
public struct PointComparison {
    public var data: FieldDataset
    /// `[N, 1, P]`.
    public var predictions: Tensor
    public var relativeL2: [Double]
    public var meanSquaredError: [Double]
    public var referenceNoise: [Double]
    public var operatorTiming: OperatorTiming
    /// Seconds per sample of the estimator re-run on the first `solverSamples` samples (nil: not run).
    public var solverSeconds: Double?
    public var solverSamples: Int

    /// Measures `model` (trained on the grid `trainingGrid`) on `data`, a point-cloud set on the
    /// same grid; `solve(i)` re-estimates sample i (for `solverSamples` samples, one at a time).
    public init(_ model: NormalizedOperator, on data: FieldDataset, batchSize: Int, solverSamples: Int,
                solve: ((Int) throws -> Void)?) throws {
        guard let targets = data.pointTargets, let box = PlaneBox(coordinates: data.coordinates) else {
            preconditionFailure("a point comparison needs point targets on a 2D grid")
        }
        self.data = data
        let n = data.count, batch = min(batchSize, n)
        let predict = { (range: Range<Int>, size: Int) in
            model.predict(data.inputs.gathering(samples: range), at: targets.points.gathering(samples: range),
                          lower: box.lower, upper: box.upper, batchSize: size)
        }
        _ = predict(0..<batch, batch)
        let (predictions, batched) = Stopwatch.time { predict(0..<n, batch) }
        _ = predict(0..<1, 1)
        let (_, single) = Stopwatch.time { for i in 0..<n { _ = predict(i..<i + 1, 1) } }
        self.predictions = predictions
        operatorTiming = OperatorTiming(batchSize: batch, batched: batched / Double(n), single: single / Double(n))
        (relativeL2, meanSquaredError) = PointLoss.metrics(predictions, targets)
        referenceNoise = (0..<n).map { b in
            var s = 0.0, v = 0.0
            for p in 0..<targets.pointCount where targets.inside[b, p] != 0 {
                s += Double(targets.standardError[b, p]) * Double(targets.standardError[b, p])
                v += Double(targets.values[b, p]) * Double(targets.values[b, p])
            }
            return (s / v).squareRoot()
        }
        self.solverSamples = solve == nil ? 0 : min(solverSamples, n)
        if let solve {
            let (_, seconds) = try Stopwatch.time { for i in 0..<self.solverSamples { try solve(i) } }
            solverSeconds = seconds / Double(self.solverSamples)
        }
    }

    /// Whether the points are the grid's nodes in x-major order (`neurop generate wos --query grid`),
    /// so that the reference can be drawn as a field.
    public var pointsAreGridNodes: Bool {
        guard let targets = data.pointTargets, targets.pointCount == data.gridShape.reduce(1, *) else { return false }
        let (xs, ys) = (data.coordinates[0], data.coordinates[1])
        for (k, (i, j)) in [(0, 0), (xs.count - 1, ys.count - 1), (xs.count / 2, ys.count / 3)].map({ ($0.0 * ys.count + $0.1, $0) }) {
            guard abs(Double(targets.points[0, k, 0]) - xs[i]) < 1e-5, abs(Double(targets.points[0, k, 1]) - ys[j]) < 1e-5 else { return false }
        }
        return true
    }

    /// The best, median and worst sample by relative L2 error.
    public var showcase: [(label: String, index: Int)] {
        let order = relativeL2.indices.sorted { relativeL2[$0] < relativeL2[$1] }
        return [("best", order.first!), ("median", order[order.count / 2]), ("worst", order.last!)]
    }
}
