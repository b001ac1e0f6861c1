import Fields
import Foundation
import NeuropCore

/// One field file a generator writes: the datasets it declares, its coordinates and its recipe.
///
/// The `recipe` attribute is the run written as a recipe: `pde:` and then each option under its
/// recipe key (the option's name with `_` for `-`), so `neurop generate RECIPE.yaml` run on the
/// stored text regenerates the same samples. Keys must therefore be option names, nothing else.
struct GeneratedFile {
    var path: String
    /// Recipe entries of the generator's own options, in order (the shared ones are added).
    var options: [(String, Any)]
    var datasets: [GeneratedDataset]
    var coordinates: [(axis: String, values: [Double])]

    func recipe(pde: String, common: GenerationOptions) -> String {
        var lines = ["pde: \(pde)"]
        for (key, value) in options + common.recipeEntries {
            switch value {
            case let list as [Any]: lines.append("\(key): [\(list.map { "\($0)" }.joined(separator: ", "))]")
            default: lines.append("\(key): \(value)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One sample dataset of a generated file: `[N] + sampleShape`, its axis names (sample axis first),
/// channel names and an optional description (shown by `neurop inspect`).
struct GeneratedDataset {
    var name: String
    var sampleShape: [Int]
    var axes: [String]
    var channels: [String]?
    var description: String?

    init(name: String, sampleShape: [Int], axes: [String], channels: [String]? = nil, description: String? = nil) {
        self.name = name
        self.sampleShape = sampleShape
        self.axes = axes
        self.channels = channels
        self.description = description
    }

    /// A gridded field dataset (`inputs`, `outputs`).
    init(_ name: String, _ layout: FieldSampleLayout) {
        self.init(name: name, sampleShape: layout.sampleShape, axes: layout.axes, channels: layout.channels)
    }

    /// `points` `[N, P, d]`, `values` and `std_error` `[N, P]`: a point cloud of estimates, as
    /// `FieldFileWriter.declarePointCloud` lays it out.
    static func pointCloud(points: Int, dimension: Int) -> [GeneratedDataset] {
        let F = FieldFileFormat.self
        return [GeneratedDataset(name: F.points, sampleShape: [points, dimension], axes: [F.sampleAxis, F.pointAxis, F.componentAxis],
                                 channels: Array(F.spatialAxes.prefix(dimension))),
                GeneratedDataset(name: F.values, sampleShape: [points], axes: [F.sampleAxis, F.pointAxis]),
                GeneratedDataset(name: F.standardError, sampleShape: [points], axes: [F.sampleAxis, F.pointAxis])]
    }
}

/// Writes `files` (one per stored resolution) with samples from `produce`, which fills one Float64
/// buffer per dataset of every file, in order. Creates the files as `.partial`, or with `--resume`
/// continues them from the first sample that not all of them hold; finishes them all at the end.
///
/// Setting the environment variable `NEUROP_KILL_AFTER_SAMPLES=k` makes the process kill itself
/// (SIGKILL, no clean-up) once at least k samples are on disk: the tests use it to interrupt a run
/// at a known point.
func generate(_ pde: String, files: [GeneratedFile], common: GenerationOptions, blockSize: Int? = nil,
              produce: @escaping (Int, [UnsafeMutablePointer<Double>]) throws -> Void) throws {
    var writers: [FieldFileWriter] = []
    for file in files {
        let metadata = FieldFileMetadata(pde: pde, generator: NeuropVersion.generator, seed: common.seed,
                                         recipe: file.recipe(pde: pde, common: common))
        let writer = common.resume ? try FieldFileWriter(resuming: file.path, metadata: metadata)
                                   : try FieldFileWriter(path: file.path, metadata: metadata)
        for d in file.datasets {
            try writer.declareDataset(d.name, sampleShape: d.sampleShape, axes: d.axes, channels: d.channels,
                                      precision: common.dtype.precision)
            if let description = d.description { try writer.describe(d.name, description) }
        }
        for (axis, values) in file.coordinates { try writer.writeCoordinate(axis, values) }
        writers.append(writer)
    }
    var first = 0
    if common.resume {
        first = try writers.map { try $0.alignSampleCounts() }.min() ?? 0
        for writer in writers { try writer.alignSampleCounts(atMost: first) }
        FileHandle.standardError.write(Data("resuming \(pde) at sample \(first) of \(common.samples)\n".utf8))
    }
    let targets = zip(files, writers).flatMap { file, writer in
        file.datasets.map { SampleProducer.Target(writer, $0.name, valuesPerSample: $0.sampleShape.reduce(1, *)) }
    }
    let progress = Progress(total: common.samples, label: pde, alreadyDone: first)
    let killAfter = ProcessInfo.processInfo.environment["NEUROP_KILL_AFTER_SAMPLES"].flatMap(Int.init)
    try SampleProducer(blockSize: blockSize).fill(targets, samples: first..<common.samples, progress: { done in
        progress.update(first + done)
        if let killAfter, first + done >= killAfter { kill(getpid(), SIGKILL) }
    }, produce: produce)
    for writer in writers { try writer.finish() }
}
