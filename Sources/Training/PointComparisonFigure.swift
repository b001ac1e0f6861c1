import Foundation
import NeuropCore

/// The figure `neurop compare` draws for one sample of a point-cloud reference whose points are the
/// grid nodes (`PointComparison.pointsAreGridNodes`): an input channel, the reference, the
/// prediction and the error (prediction − reference), grey where a node is no target (outside the
/// domain). Reference and prediction share one colour scale; the error is on the diverging map.
public struct PointComparisonFigure {
    public var title: String
    public var input: [Float]
    public var reference: [Float]
    public var prediction: [Float]
    public var grid: [Int]
    public var inputTitle: String
    public var predictionTitle: String

    /// Sample `index` of `comparison`, drawn as `label`; `inputChannel` is shown as the input,
    /// named `inputName`; `model` names the operator.
    public init(_ comparison: PointComparison, sample index: Int, label: String, inputChannel: Int, inputName: String,
                model: String) {
        let data = comparison.data, targets = data.pointTargets!
        precondition(comparison.pointsAreGridNodes, "the figure draws references at the grid nodes")
        grid = data.gridShape
        let plane = grid[0] * grid[1]
        input = Array(data.inputs.gathering(samples: index..<index + 1).values[(inputChannel * plane)..<((inputChannel + 1) * plane)])
        reference = (0..<plane).map { targets.inside[index, $0] != 0 ? targets.values[index, $0] : .nan }
        prediction = (0..<plane).map { targets.inside[index, $0] != 0 ? comparison.predictions[index, 0, $0] : .nan }
        let domain = zip(["x", "y"], data.coordinates)
            .map { "\($0) ∈ [\(String(format: "%g", $1.first!)), \(String(format: "%g", $1.last!))]" }.joined(separator: ", ")
        title = "\((data.file as NSString).lastPathComponent), sample \(index) (\(label) of \(data.count)): relative L2 "
            + String(format: "%.3g", comparison.relativeL2[index]) + " (reference noise "
            + String(format: "%.2g", comparison.referenceNoise[index]) + "); \(domain)"
        inputTitle = "input \(inputName)"
        predictionTitle = "\(model) prediction"
    }

    /// Writes the figure as a PNG (through `PATH.partial`): `ComparisonFigure`'s four panels, the
    /// nodes without a target grey (NaN).
    public func write(to path: String) throws {
        try ComparisonFigure(title: title, input: input, reference: reference, prediction: prediction, grid: grid,
                             inputTitle: inputTitle, referenceTitle: "reference (Walk-on-Spheres)",
                             predictionTitle: predictionTitle).write(to: path)
    }
}
