import Plotting

/// `loss.png`: the training loss and the test relative L2 error per epoch on a log10 axis.
public enum LossCurve {
    public static func plot(_ history: [EpochRecord], name: String) throws -> LinePlot {
        let epochs = history.map { Double($0.epoch) }
        return LinePlot(title: name, xLabel: "epoch", yLabel: "error",
                        series: [try LineSeries("train loss", x: epochs, y: history.map(\.trainLoss)),
                                 try LineSeries("test relative L2", x: epochs, y: history.map(\.testRelativeL2))],
                        yScale: .log10)
    }
}
