import Foundation

/// An operator dataset in DeepXDE's `.npz` layout (`X` = (branch inputs, trunk points), `y`), as
/// its DeepONet examples load it, and its conversion to a neurop field file.
///
/// Two layouts exist (DeepXDE's `TripleCartesianProd` and `Triple` data):
/// - **aligned**: branch `[N, m]` (each input function at m sensors), trunk `[P, d]` (query points
///   shared by every function), `y` `[N, P]` (or `[N, P, k]` for k outputs);
/// - **pointwise**: branch `[M, m]`, trunk `[M, d]`, `y` `[M, 1]`: one (function, point) pair a row.
///
/// DeepXDE files do not store where the sensors are. An aligned set whose queries are m uniformly
/// spaced points on a line — DeepXDE's antiderivative, whose sensors are those same points — becomes
/// a gridded field file (`inputs` `[N, 1, m]`, `outputs` `[N, k, m]`, `x` the query points), which
/// every operator trains on. Any other set becomes a point cloud (`inputs` `[N, 1, m]` on m sensors
/// taken as uniform on [0, 1], `points` `[N, P, d]`, `values` `[N, P]`), grouping consecutive
/// pointwise rows of the same input function into one sample when every group has the same size.
public struct DeepXDEDataset {
    /// `[N, m]` (aligned) or `[M, m]` (pointwise).
    public let branch: NumpyArray
    /// `[P, d]` (aligned) or `[M, d]` (pointwise).
    public let trunk: NumpyArray
    /// `[N, P, k]` (aligned; k = 1 when `y` is `[N, P]`) or `[M, 1, 1]` (pointwise).
    public let outputs: NumpyArray
    public let isAligned: Bool
    public let path: String

    /// Reads `X` and `y` from the `.npz` at `path` and checks that their shapes fit one layout.
    public init(path: String) throws {
        let archive = try NumpyArchive(path: path)
        guard archive.keys.contains("X"), archive.keys.contains("y") else {
            throw NumpyFileError(path: path, problem: "is not a DeepXDE operator dataset: it holds \(archive.keys.joined(separator: ", ")), not X and y")
        }
        let x = try archive.array("X"), y = try archive.array("y")
        let parts: [NumpyArray]
        if let objects = x.objects {
            parts = objects
        } else if x.shape.first == 2, x.shape.count >= 2 {
            // X as one float array [2, …] when numpy could stack branch and trunk.
            let half = x.count / 2
            let shape = Array(x.shape.dropFirst())
            parts = [NumpyArray(shape: shape, values: Array(x.values[..<half])), NumpyArray(shape: shape, values: Array(x.values[half...]))]
        } else {
            parts = []
        }
        guard parts.count == 2, parts.allSatisfy({ $0.objects == nil && $0.shape.count == 2 }) else {
            throw NumpyFileError(path: path, problem: "has an X of shape \(x.shape) that is not (branch inputs [N, m], trunk points [P, d]) as DeepXDE's DeepONet data")
        }
        let (branch, trunk) = (parts[0], parts[1])
        let (n, m, p, d) = (branch.shape[0], branch.shape[1], trunk.shape[0], trunk.shape[1])
        guard n > 0, m > 0, p > 0, (1...3).contains(d) else {
            throw NumpyFileError(path: path, problem: "has branch inputs \(branch.shape) and trunk points \(trunk.shape); neurop needs at least one function, one sensor and one point of 1 to 3 coordinates")
        }
        if y.shape == [n, p] || (y.shape.count == 3 && Array(y.shape.prefix(2)) == [n, p]) {
            isAligned = true
            outputs = NumpyArray(shape: [n, p, y.shape.count == 3 ? y.shape[2] : 1], values: y.values)
        } else if n == p, y.shape == [n, 1] || y.shape == [n] {
            isAligned = false
            outputs = NumpyArray(shape: [n, 1, 1], values: y.values)
        } else {
            throw NumpyFileError(path: path, problem: "has branch inputs \(branch.shape), trunk points \(trunk.shape) and y \(y.shape), which fit neither DeepXDE layout: aligned needs y [\(n), \(p)], pointwise needs \(n) trunk points and y [\(n), 1]")
        }
        self.branch = branch
        self.trunk = trunk
        self.path = path
    }

    /// The query points, if they are m ≥ 2 uniformly spaced increasing points on a line (m the
    /// sensor count) — the case stored on a grid. Uniform within 1e-4 of the spacing: points stored
    /// in float32 are off by up to 6e-8 of their size.
    public var gridCoordinates: [Double]? {
        let (m, p) = (branch.shape[1], trunk.shape[0])
        guard isAligned, trunk.shape[1] == 1, p == m, m >= 2 else { return nil }
        let x = trunk.values
        let h = (x[m - 1] - x[0]) / Double(m - 1)
        guard h > 0, x.indices.allSatisfy({ abs(x[$0] - (x[0] + Double($0) * h)) <= 1e-4 * h }) else { return nil }
        return x
    }

    /// What `write` produces, in words (for the command's report).
    public var summary: String {
        let (n, m) = (branch.shape[0], branch.shape[1])
        if gridCoordinates != nil {
            return "\(n) functions at \(m) sensors, outputs at the same \(m) points (gridded)"
        }
        let (samples, points) = pointGrouping
        return "\(samples) functions at \(m) sensors, \(points) point\(points == 1 ? "" : "s") each in \(trunk.shape[1])-D (point cloud)"
    }

    /// Samples and points per sample of the point-cloud form.
    private var pointGrouping: (samples: Int, points: Int) {
        if isAligned { return (branch.shape[0], trunk.shape[0]) }
        let rows = branch.shape[0], m = branch.shape[1]
        var starts = [0]
        for r in 1..<max(rows, 1) where branch.values[(r * m)..<((r + 1) * m)] != branch.values[((r - 1) * m)..<(r * m)] {
            starts.append(r)
        }
        let size = rows / starts.count
        let equal = rows % starts.count == 0 && starts.enumerated().allSatisfy { $0.element == $0.offset * size }
        return equal ? (starts.count, size) : (rows, 1)
    }

    /// Writes the dataset as a field file at `output` (as `output.partial`, renamed when complete).
    public func write(to output: String, generator: String) throws {
        let (m, d) = (branch.shape[1], trunk.shape[1])
        let k = outputs.shape[2]
        // Checked before the writer exists, so a refusal leaves no .partial file behind.
        guard gridCoordinates != nil || k == 1 else {
            throw NumpyFileError(path: path, problem: "has \(k) outputs per point at scattered points; neurop's point clouds hold one value a point")
        }
        let recipe = "source: \(path)\nformat: deepxde\nlayout: \(isAligned ? "aligned" : "pointwise")\n"
        let writer = try FieldFileWriter(path: output, metadata: FieldFileMetadata(pde: "deepxde", generator: generator, seed: 0, recipe: recipe))
        if let x = gridCoordinates {
            let n = branch.shape[0]
            try writer.declareSamples(FieldFileFormat.inputs, layout: FieldSampleLayout(channels: ["v"], grid: [m]))
            try writer.declareSamples(FieldFileFormat.outputs, layout: FieldSampleLayout(channels: (0..<k).map { k == 1 ? "u" : "u\($0)" }, grid: [m]))
            try branch.values.withUnsafeBufferPointer { try writer.appendSamples(dataset: FieldFileFormat.inputs, $0, count: n) }
            // y is [N, P, k]; outputs are channel-first [N, k, P].
            var channelFirst = [Double](repeating: 0, count: outputs.count)
            for s in 0..<n { for j in 0..<m { for c in 0..<k { channelFirst[(s * k + c) * m + j] = outputs.values[(s * m + j) * k + c] } } }
            try channelFirst.withUnsafeBufferPointer { try writer.appendSamples(dataset: FieldFileFormat.outputs, $0, count: n) }
            try writer.writeCoordinate("x", x)
        } else {
            let (samples, points) = pointGrouping
            try writer.declareSamples(FieldFileFormat.inputs, layout: FieldSampleLayout(channels: ["v"], grid: [m]))
            try writer.declarePointCloud(pointsPerSample: points, dimension: d, withStandardError: false)
            var inputs = [Double](), coordinates = [Double](), values = [Double]()
            for s in 0..<samples {
                let row = isAligned ? s : s * points
                inputs += branch.values[(row * m)..<((row + 1) * m)]
                if isAligned {
                    coordinates += trunk.values
                    values += outputs.values[(s * points)..<((s + 1) * points)]
                } else {
                    coordinates += trunk.values[(row * d)..<((row + points) * d)]
                    values += outputs.values[row..<(row + points)]
                }
            }
            try inputs.withUnsafeBufferPointer { try writer.appendSamples(dataset: FieldFileFormat.inputs, $0, count: samples) }
            try coordinates.withUnsafeBufferPointer { try writer.appendSamples(dataset: FieldFileFormat.points, $0, count: samples) }
            try values.withUnsafeBufferPointer { try writer.appendSamples(dataset: FieldFileFormat.values, $0, count: samples) }
            try writer.writeCoordinate("x", (0..<m).map { Double($0) / Double(max(m - 1, 1)) })
        }
        try writer.finish()
    }
}
