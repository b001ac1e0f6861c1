import Fields
import Foundation
import NeuropCore

/// Input–target pairs of one field file, in memory: `inputs` `[N, C_in, grid]` and either grid
/// `targets` `[N, C_out, grid]` or, for a point-cloud file (Walk-on-Spheres estimates), `pointTargets`
/// at scattered points; and the coordinates of each grid axis.
///
/// Only the requested samples are read, a block at a time, and each block is subsampled before the
/// next is read, so a 421² file costs the memory of the 85² set it becomes.
public struct FieldDataset {
    public var inputs: Tensor
    /// What the outputs are compared with: fields on the grid, or values at points.
    public enum Supervision {
        case grid(Tensor)
        case points(PointTargets)
    }

    public var supervision: Supervision
    /// Coordinates along each grid axis (spatial axes, then time for `TimeWindow.Layout.axis`).
    public var coordinates: [[Double]]
    /// The file the samples came from.
    public var file: String
    /// Stored output channels (per time step for trajectories), to write predictions back.
    public var storedOutputChannels: Int
    /// Times of the target states of a window (nil for direct pairs).
    public var targetTimes: [Double]?
    /// Time of the last input state of a window, when the file records times (`t`); nil for direct
    /// pairs and for files without times. A solver started from that state reaches the targets
    /// after `targetTimes − lastInputTime`.
    public var lastInputTime: Double?
    /// Names of the input channels, when the file records them.
    public var inputChannels: [String]?

    public var count: Int { inputs.shape[0] }
    public var inChannels: Int { inputs.shape[1] }
    public var outChannels: Int {
        switch supervision {
        case .grid(let t): return t.shape[1]
        case .points: return 1
        }
    }
    public var gridShape: [Int] { Array(inputs.shape.dropFirst(2)) }

    /// The grid targets `[N, C_out, grid]`. Only for gridded data: code that can meet point clouds
    /// asks `pointTargets` first (`Evaluation.check` and the trainer do).
    public var targets: Tensor {
        guard case .grid(let t) = supervision else {
            preconditionFailure("\(file) holds targets at points, not on the grid; use pointTargets")
        }
        return t
    }

    /// The targets at points, for a point-cloud file; nil for gridded data.
    public var pointTargets: PointTargets? {
        if case .points(let p) = supervision { return p }
        return nil
    }

    public init(inputs: Tensor, targets: Tensor, coordinates: [[Double]], file: String = "", storedOutputChannels: Int? = nil,
                targetTimes: [Double]? = nil, lastInputTime: Double? = nil) {
        precondition(inputs.shape[0] == targets.shape[0] && inputs.shape.dropFirst(2) == targets.shape.dropFirst(2),
                     "inputs \(inputs.shape) and targets \(targets.shape) must share samples and grid")
        precondition(coordinates.map(\.count) == Array(inputs.shape.dropFirst(2)), "one coordinate list per grid axis")
        self.inputs = inputs
        self.supervision = .grid(targets)
        self.coordinates = coordinates
        self.file = file
        self.storedOutputChannels = storedOutputChannels ?? targets.shape[1]
        self.targetTimes = targetTimes
        self.lastInputTime = lastInputTime
    }

    /// Inputs on a 2D grid with targets at points.
    public init(inputs: Tensor, pointTargets: PointTargets, coordinates: [[Double]], file: String = "") {
        precondition(inputs.rank == 4 && inputs.shape[0] == pointTargets.count,
                     "inputs \(inputs.shape) must be [N, C, n1, n2] for \(pointTargets.count) point-cloud samples")
        precondition(coordinates.map(\.count) == Array(inputs.shape.dropFirst(2)), "one coordinate list per grid axis")
        self.inputs = inputs
        self.supervision = .points(pointTargets)
        self.coordinates = coordinates
        self.file = file
        self.storedOutputChannels = 1
    }

    /// Number of samples a field file holds (of its `inputs`).
    public static func sampleCount(_ path: String) throws -> Int {
        try FieldFileReader(path: path).sampleCount(dataset: FieldFileFormat.inputs)
    }

    /// Reads samples `range` of the file at `path`, keeping every `subsample`-th point along each
    /// spatial axis, and pairs them.
    public static func load(_ path: String, samples range: Range<Int>, pairing: SamplePairing = .direct,
                            subsample: Int = 1, block: Int = 32) throws -> FieldDataset {
        precondition(subsample >= 1 && block >= 1)
        let reader = try FieldFileReader(path: path)
        let pointCloud = !reader.datasetNames.contains(FieldFileFormat.outputs) && PointTargets.present(in: reader)
        for name in [FieldFileFormat.inputs] + (pointCloud ? [] : [FieldFileFormat.outputs]) where !reader.datasetNames.contains(name) {
            throw ConfigurationError.inconsistent(
                detail: "\(path) has no '\(name)' dataset (it has \(reader.datasetNames.joined(separator: ", ")))",
                fix: "training needs a field file with inputs and outputs, or inputs with points and values")
        }
        let inShape = try reader.shape(of: FieldFileFormat.inputs)
        let spatialRank = inShape.count - 2
        guard (1...3).contains(spatialRank) else {
            throw ConfigurationError.inconsistent(detail: "the inputs of \(path) have shape \(inShape), not [N, C, grid] with 1 to 3 grid axes",
                                                  fix: "use a gridded field file")
        }
        let available = inShape[0]
        guard range.lowerBound >= 0, range.upperBound <= available else {
            throw ConfigurationError.inconsistent(detail: "samples \(range.lowerBound)..<\(range.upperBound) are needed but \(path) holds \(available)",
                                                  fix: "generate more samples or ask for fewer")
        }
        if pointCloud { return try loadPointCloud(reader, path: path, samples: range, subsample: subsample) }
        let times = reader.coordinateNames.contains(FieldFileFormat.timeAxis) ? try reader.coordinate(FieldFileFormat.timeAxis) : nil
        let outputsStartAtZero = times?.first == 0

        var inputs: Tensor?, targets: Tensor?, storedChannels = 0
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(start + block, range.upperBound)
            let x = try reader.samples(FieldFileFormat.inputs, start..<end, convertingFloat64: true)
            let y = try reader.samples(FieldFileFormat.outputs, start..<end, convertingFloat64: true)
            storedChannels = y.shape[y.rank - spatialRank - 1]
            let pair = try pairing.pair(inputs: x.subsampled(stride: subsample, trailingAxes: spatialRank),
                                        outputs: y.subsampled(stride: subsample, trailingAxes: spatialRank),
                                        outputsStartAtZero: outputsStartAtZero, file: path)
            if inputs == nil {
                inputs = Tensor(shape: [range.count] + pair.input.shape.dropFirst())
                targets = Tensor(shape: [range.count] + pair.target.shape.dropFirst())
            }
            inputs!.write(pair.input, atSample: start - range.lowerBound)
            targets!.write(pair.target, atSample: start - range.lowerBound)
            start = end
        }
        guard let inputs, let targets else {
            throw ConfigurationError.inconsistent(detail: "no samples were asked of \(path)", fix: "ask for at least one")
        }

        var coordinates = try gridCoordinates(reader, extents: Array(inShape.dropFirst(2)), subsample: subsample)
        var targetTimes: [Double]?, lastInputTime: Double?
        if case .window(let window) = pairing {
            // Times of the target states; the state index where the file has no time coordinate.
            let first = pairing.firstTargetState
            func time(ofState state: Int) -> Double? {
                guard let times else { return nil }
                return outputsStartAtZero ? times[state] : (state == 0 ? 0 : times[state - 1])
            }
            targetTimes = (first..<(first + window.outputSteps)).map { time(ofState: $0) ?? Double($0) }
            lastInputTime = time(ofState: first - 1)
            if window.layout == .axis { coordinates.append(targetTimes!) }
        }
        var dataset = FieldDataset(inputs: inputs, targets: targets, coordinates: coordinates, file: path,
                                   storedOutputChannels: storedChannels, targetTimes: targetTimes, lastInputTime: lastInputTime)
        dataset.inputChannels = try reader.channels(of: FieldFileFormat.inputs)
        return dataset
    }

    /// The stored coordinates of each grid axis (0…1 where the file has none), every `subsample`-th.
    private static func gridCoordinates(_ reader: FieldFileReader, extents: [Int], subsample: Int) throws -> [[Double]] {
        var coordinates: [[Double]] = []
        for (axis, n) in extents.enumerated() {
            let name = FieldFileFormat.spatialAxes[axis]
            var values = (0..<n).map { Double($0) / Double(max(n - 1, 1)) }
            if reader.coordinateNames.contains(name) {
                let stored = try reader.coordinate(name)
                if stored.count == n { values = stored }
            }
            coordinates.append(Swift.stride(from: 0, to: n, by: subsample).map { values[$0] })
        }
        return coordinates
    }

    /// Inputs on the grid and targets at points (a file with `points` and `values`, no `outputs`).
    private static func loadPointCloud(_ reader: FieldFileReader, path: String, samples range: Range<Int>,
                                       subsample: Int) throws -> FieldDataset {
        let inputs = try reader.samples(FieldFileFormat.inputs, range, convertingFloat64: true)
        guard inputs.rank == 4 else {
            throw ConfigurationError.inconsistent(detail: "the inputs of \(path) have shape \(inputs.shape), but targets at points need inputs on a 2D grid [N, C, n1, n2]",
                                                  fix: "use a point-cloud file with 2D inputs, such as one from `neurop generate wos`")
        }
        let targets = try PointTargets.load(reader, samples: range, path: path)
        var dataset = FieldDataset(inputs: inputs.subsampled(stride: subsample, trailingAxes: 2), pointTargets: targets,
                                   coordinates: try gridCoordinates(reader, extents: Array(inputs.shape.dropFirst(2)), subsample: subsample),
                                   file: path)
        dataset.inputChannels = try reader.channels(of: FieldFileFormat.inputs)
        return dataset
    }
}

extension Tensor {
    /// Every `stride`-th element (starting at 0) along each of the last `trailingAxes` axes.
    func subsampled(stride: Int, trailingAxes: Int) -> Tensor {
        guard stride > 1 else { return self }
        let lead = rank - trailingAxes
        var newShape = shape
        for axis in lead..<rank { newShape[axis] = (shape[axis] + stride - 1) / stride }
        let strides = Tensor.strides(of: shape)
        let trailing = Array(newShape[lead...])
        let outInner = trailing.reduce(1, *), inInner = shape[lead...].reduce(1, *)
        var result = Tensor(shape: newShape)
        withUnsafeBufferPointer { src in
            result.withUnsafeMutableBufferPointer { dst in
                for o in 0..<(count / Swift.max(inInner, 1)) {
                    for j in 0..<outInner {
                        var rem = j, offset = o * inInner
                        for axis in Swift.stride(from: trailing.count - 1, through: 0, by: -1) {
                            offset += (rem % trailing[axis]) * stride * strides[lead + axis]
                            rem /= trailing[axis]
                        }
                        dst[o * outInner + j] = src[offset]
                    }
                }
            }
        }
        return result
    }

    /// Copies `block` (`[k] + sampleShape`) into samples `index..<index + k` of this tensor.
    mutating func write(_ block: Tensor, atSample index: Int) {
        let size = count / shape[0]
        precondition(Array(block.shape.dropFirst()) == Array(shape.dropFirst()) && index + block.shape[0] <= shape[0])
        withUnsafeMutableBufferPointer { dst in
            block.withUnsafeBufferPointer { src in
                (dst.baseAddress! + index * size).update(from: src.baseAddress!, count: src.count)
            }
        }
    }
}
