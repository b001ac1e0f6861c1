import Plotting

/// `loss.png`: the training loss and the test relative L2 error per epoch on a log10 axis, and
/// the test MSE when the run minimises the MSE (then it is in the training loss's units).
public enum LossCurve {
    public static func plot(_ history: [EpochRecord], name: String, showTestMSE: Bool = false) throws -> LinePlot {
        let epochs = history.map { Double($0.epoch) }
        var series = [try LineSeries("train loss", x: epochs, y: history.map(\.trainLoss)),
                      try LineSeries("test relative L2", x: epochs, y: history.map(\.testRelativeL2))]
        if showTestMSE { series.append(try LineSeries("test MSE", x: epochs, y: history.map(\.testMSE))) }
        return LinePlot(title: name, xLabel: "epoch", yLabel: "error", series: series, yScale: .log10)
    }
}
