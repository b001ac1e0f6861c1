import ArgumentParser
import Fields
import Foundation
import Plotting

/// `neurop plot FILE.h5 --sample K -o FIGURE.png`: one sample of a field file as a figure.
///
/// 2D fields become heatmaps with colour bars, one panel per channel of `inputs` and `outputs`
/// (x to the right, y up); a trajectory becomes a time-series strip of up to `--times` states
/// (or the one `--time` index asks for); 3D fields show their middle z slice. 1D fields become a
/// line plot over x, a trajectory one curve per shown time. Point estimates on grid queries
/// (`neurop generate wos --query grid`: `values`, `std_error`, `exact`, and `error` = values − exact)
/// are drawn on the grid of `inputs`, grey outside the domain mask. For a prediction file
/// (`neurop eval --output`), `error` draws outputs − targets.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Draw one sample of a field file (or prediction file) as a PNG figure.")

    @Argument(help: "A neurop field file or PDEBench file.") var file: String
    @Option(help: "Sample index.") var sample: Int = 0
    @Option(help: "Datasets to draw (comma-separated); default: inputs and outputs.") var datasets: String = "inputs,outputs"
    @Option(help: "Draw only this channel (name or index).") var channel: String?
    @Option(help: "For trajectories: draw only this time index.") var time: Int?
    @Option(help: "For trajectories: how many evenly spaced states the strip shows.") var times: Int = 5
    @Option(name: .shortAndLong, help: "Output PNG file.") var output: String

    func validate() throws {
        guard sample >= 0 else { throw ValidationError("--sample must be non-negative, got \(sample).") }
        guard times >= 1 else { throw ValidationError("--times must be at least 1, got \(times).") }
    }

    /// One drawable field: its title and values on the grid (x-first), or its 1D values.
    struct Field {
        let title: String
        let values: [Float]
    }

    func run() throws {
        let reader = try FieldFileReader(path: file)
        var grid: [Int]?
        var rows: [[Field]] = []
        var pointRow: Int?
        for name in datasets.split(separator: ",").map(String.init) {
            if let field = try pointField(name, reader) {
                if let grid, grid != field.grid { throw CLIError("datasets on different grids (\(grid) and \(field.grid)) cannot share a figure; choose one with --datasets") }
                grid = field.grid
                // Point estimates share one row: estimate, exact, error side by side.
                if pointRow == nil { pointRow = rows.count; rows.append([]) }
                rows[pointRow!].append(Field(title: name, values: field.values))
                continue
            }
            let isDifference = name == "error" && !reader.datasetNames.contains(name)
            let source = isDifference ? FieldFileFormat.outputs : name
            if isDifference, !(reader.datasetNames.contains(FieldFileFormat.outputs) && reader.datasetNames.contains("targets")) {
                throw CLIError("'error' draws outputs − targets of a prediction file (neurop eval --output); \(file) has \(reader.datasetNames.joined(separator: ", "))")
            }
            guard reader.datasetNames.contains(source) else {
                throw CLIError("\(file) has no dataset '\(name)'; it has \(reader.datasetNames.joined(separator: ", "))")
            }
            let shape = try reader.shape(of: source)
            let axes = try reader.axes(of: source) ?? []
            guard let channelAxis = axes.firstIndex(of: FieldFileFormat.channelAxis) else {
                throw CLIError("dataset '\(name)' of \(file) is not a gridded field (axes \(axes.joined(separator: ","))); plot draws gridded datasets")
            }
            guard sample < shape[0] else { throw CLIError("--sample \(sample) is out of range: \(file) holds \(shape[0]) samples") }
            let fieldGrid = Array(shape[(channelAxis + 1)...])
            if let grid, grid != fieldGrid { throw CLIError("datasets on different grids (\(grid) and \(fieldGrid)) cannot share a figure; choose one with --datasets") }
            grid = fieldGrid
            let names = try reader.channels(of: source) ?? (0..<shape[channelAxis]).map { "\($0)" }
            let read = { (d: String) in try reader.samples(d, sample..<sample + 1, convertingFloat64: true).withUnsafeBufferPointer(Array.init) }
            var values = try read(source)
            if isDifference { values = zip(values, try read("targets")).map { $0 - $1 } }
            let timeCount = axes.contains(FieldFileFormat.timeAxis) ? shape[1] : 1
            let shown: [Int]
            if let time {
                guard time >= 0, time < timeCount else { throw CLIError("--time \(time) is out of range: '\(name)' has \(timeCount) states") }
                shown = [time]
            } else {
                shown = timeCount == 1 ? [0] : Array(Set((0..<min(times, timeCount)).map { ($0 + 1) * timeCount / min(times, timeCount) - 1 })).sorted()
            }
            let t = reader.coordinateNames.contains("t") ? try reader.coordinate("t") : nil
            let size = fieldGrid.reduce(1, *), channels = names.count
            for (c, channelName) in names.enumerated() where channel == nil || channel == channelName || channel == "\(c)" {
                var row: [Field] = []
                for k in shown {
                    let start = (k * channels + c) * size
                    let when = timeCount > 1 ? (t.map { ", t = \(format($0[k]))" } ?? ", step \(k)") : ""
                    row.append(Field(title: "\(name) \(channelName)\(when)", values: Array(values[start..<start + size])))
                }
                rows.append(row)
            }
        }
        guard let grid, !rows.isEmpty else { throw CLIError("nothing to draw: no channel matches --channel \(channel ?? "")") }
        // Single fields (no trajectories) read best side by side: input, target, prediction, error.
        if grid.count > 1, rows.count <= 6, rows.allSatisfy({ $0.count == 1 }) { rows = [rows.flatMap { $0 }] }
        let label = "\((file as NSString).lastPathComponent), sample \(sample)"
        if grid.count == 1 {
            let x = reader.coordinateNames.contains("x") ? try reader.coordinate("x") : (0..<grid[0]).map(Double.init)
            let series = try rows.joined().map { try LineSeries($0.title, x: x, y: $0.values) }
            try LinePlot(title: label, xLabel: "x", yLabel: "value", series: series).write(to: output)
        } else {
            let (nx, ny) = (grid[0], grid[1])
            let slice = grid.count == 3 ? grid[2] / 2 : nil
            let panels = try rows.map { row in
                try row.map { field -> Heatmap in
                    let plane = slice.map { z in (0..<(nx * ny)).map { field.values[$0 * grid[2] + z] } } ?? field.values
                    // Signed differences get the diverging map centred on zero.
                    return try Heatmap(xFirst: plane, nx: nx, ny: ny, title: field.title + (slice.map { ", z index \($0)" } ?? ""),
                                       colorMap: field.title.hasPrefix("error") ? .redBlue : .viridis)
                }
            }
            try PanelFigure(title: label, rows: panels).write(to: output)
        }
        print("wrote \(output)")
    }

    private func format(_ value: Double) -> String { String(format: "%g", value) }

    /// A point dataset whose points are the nodes of the `inputs` grid, as that grid (NaN outside
    /// the `mask` channel); `error` is `values − exact`. Nil for anything else.
    private func pointField(_ name: String, _ reader: FieldFileReader) throws -> (grid: [Int], values: [Float])? {
        let names = reader.datasetNames
        let sources = name == "error" ? ["values", "exact"] : [name]
        guard sources.allSatisfy(names.contains), names.contains(FieldFileFormat.inputs),
              try reader.axes(of: sources[0]) == [FieldFileFormat.sampleAxis, FieldFileFormat.pointAxis] else { return nil }
        let inputShape = try reader.shape(of: FieldFileFormat.inputs)
        let grid = Array(inputShape.dropFirst(2)), points = try reader.shape(of: sources[0])[1]
        guard grid.count == 2, grid[0] * grid[1] == points else {
            throw CLIError("'\(name)' holds \(points) scattered points, not the \(grid.map(String.init).joined(separator: "×")) grid of inputs; plot draws point estimates made with --query grid")
        }
        guard sample < inputShape[0] else { throw CLIError("--sample \(sample) is out of range: \(file) holds \(inputShape[0]) samples") }
        let read = { (d: String) in try reader.samples(d, sample..<sample + 1, convertingFloat64: true).withUnsafeBufferPointer(Array.init) }
        var values = try read(sources[0])
        if name == "error" { values = zip(values, try read("exact")).map { $0 - $1 } }
        if let mask = try reader.channels(of: FieldFileFormat.inputs)?.firstIndex(of: "mask") {
            let inputs = try read(FieldFileFormat.inputs)
            for p in 0..<points where inputs[mask * points + p] <= 0.5 { values[p] = .nan }
        }
        return (grid, values)
    }
}
