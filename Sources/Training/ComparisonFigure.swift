import Foundation
import NeuropCore
import Plotting

/// The figure `neurop compare` draws for one sample: input, reference (the stored output),
/// prediction and error (prediction − reference), each with its title and colour bar.
///
/// 2D fields are heatmaps (x to the right, y up): viridis for the fields, reference and prediction
/// on one shared colour scale so they can be compared by eye, the error on the diverging map centred
/// on zero. With time as a grid axis (the FNO-3D layout) the last target time is shown, with the
/// input at its first; a 3D spatial grid shows its middle z slice. 1D fields are curves over x:
/// the input on one plot, reference, prediction and error beside it on another. Of several
/// channels the last is shown (for a trajectory window: the latest input state, the last target
/// state).
public struct ComparisonFigure {
    /// Overall title (file, sample, which one, its error).
    public var title: String
    public var input: [Float]
    public var reference: [Float]
    public var prediction: [Float]
    /// Shown grid: [n] or [nx, ny].
    public var grid: [Int]
    public var inputTitle: String
    public var referenceTitle: String
    public var predictionTitle: String
    /// x coordinates for 1D plots.
    public var x: [Double]

    /// Sample `index` of `comparison`, drawn as `label` ("best", …). `inputName` and `outputName`
    /// name the channels (e.g. `a` and `u`), `model` the operator kind.
    public init(_ comparison: SolverComparison, sample index: Int, label: String, pairing: SamplePairing,
                inputName: String, outputName: String, model: String) {
        let data = comparison.data
        var grid = data.gridShape
        var inputSlice: (axis: Int, index: Int)?, outputSlice: (axis: Int, index: Int)?
        var when = ""
        if case .window(let window) = pairing, window.layout == .axis, let times = data.targetTimes {
            // The last grid axis is time: the input repeats along it, the target evolves.
            inputSlice = (grid.count - 1, 0)
            outputSlice = (grid.count - 1, grid[grid.count - 1] - 1)
            when = String(format: ", t = %g", times.last!)
            grid.removeLast()
        } else if case .window = pairing, let times = data.targetTimes {
            when = String(format: ", t = %g", times.last!)
        } else if grid.count == 3 {
            inputSlice = (2, grid[2] / 2)
            outputSlice = inputSlice
            when = ", z index \(grid[2] / 2)"
            grid.removeLast()
        }
        func field(_ tensor: Tensor, _ slice: (axis: Int, index: Int)?) -> [Float] {
            var sample = tensor.gathering(samples: index..<index + 1)
            sample = sample.slice(axis: 1, sample.shape[1] - 1..<sample.shape[1])
            if let slice { sample = sample.slice(axis: slice.axis + 2, slice.index..<slice.index + 1) }
            return sample.values
        }
        input = field(data.inputs, inputSlice)
        reference = field(data.targets, outputSlice)
        prediction = field(comparison.evaluation.predictions, outputSlice)
        self.grid = grid
        x = data.coordinates.first ?? []
        let error = comparison.evaluation.relativeL2[index]
        let domain = zip(["x", "y", "z"], data.coordinates.prefix(grid.count))
            .map { "\($0) ∈ [\(String(format: "%g", $1.first!)), \(String(format: "%g", $1.last!))]" }.joined(separator: ", ")
        title = "\((data.file as NSString).lastPathComponent), sample \(index) (\(label) of \(data.count)): relative L2 "
            + String(format: "%.3g", error) + "; \(domain), dimensionless"
        inputTitle = "input \(inputName)"
        referenceTitle = "reference \(outputName)\(when)"
        predictionTitle = "\(model) prediction\(when)"
    }

    /// A figure of given fields (`PointComparisonFigure` draws its 2D panels through this).
    init(title: String, input: [Float], reference: [Float], prediction: [Float], grid: [Int], inputTitle: String,
         referenceTitle: String, predictionTitle: String, x: [Double] = []) {
        self.title = title
        self.input = input
        self.reference = reference
        self.prediction = prediction
        self.grid = grid
        self.inputTitle = inputTitle
        self.referenceTitle = referenceTitle
        self.predictionTitle = predictionTitle
        self.x = x
    }

    /// Writes the figure as a PNG (through `PATH.partial`).
    public func write(to path: String) throws {
        let error = zip(prediction, reference).map { $0 - $1 }
        if grid.count == 1 {
            // Input and output differ in scale (Burgers at T = 1 keeps 1% of u0): two plots, each
            // with its own value axis.
            let inputPlot = LinePlot(title: title, xLabel: "x", yLabel: "value", series: [try LineSeries(inputTitle, x: x, y: input)])
            let outputPlot = LinePlot(title: "output: reference, prediction and error", xLabel: "x", yLabel: "value", series: [
                try LineSeries(referenceTitle, x: x, y: reference), try LineSeries(predictionTitle, x: x, y: prediction),
                try LineSeries("error: prediction − reference", x: x, y: error)])
            try PNGImage.sideBySide([inputPlot.render(), outputPlot.render()]).write(to: path)
            return
        }
        let (nx, ny) = (grid[0], grid[1])
        let inputMap = try Heatmap(xFirst: input, nx: nx, ny: ny, title: inputTitle)
        var referenceMap = try Heatmap(xFirst: reference, nx: nx, ny: ny, title: referenceTitle)
        var predictionMap = try Heatmap(xFirst: prediction, nx: nx, ny: ny, title: predictionTitle)
        let shared = Heatmap.sharedRange([referenceMap, predictionMap])
        referenceMap.range = shared
        predictionMap.range = shared
        let errorMap = try Heatmap(xFirst: error, nx: nx, ny: ny, title: "error: prediction − reference", colorMap: .redBlue)
        try PanelFigure(title: title, rows: [[inputMap, referenceMap, predictionMap, errorMap]]).write(to: path)
    }
}
