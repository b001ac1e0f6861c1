import ArgumentParser
import Fields
import Foundation
import Training

/// `neurop inspect FILE.h5`: what a field file (neurop or PDEBench), a checkpoint or any HDF5 file holds.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what an HDF5 field file or checkpoint holds: format, attributes, datasets, chunking, min/max/mean.")

    @Argument(help: "An HDF5 file: a neurop field file, a checkpoint, a PDEBench file or any other.")
    var file: String

    @Flag(name: .long, help: "Skip the min/max/mean pass over the data (fast on very large files).")
    var noStatistics = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: file) else { throw CLIError("no such file: \(file)") }
        let hdf5 = try HDF5File(openingAt: file)
        if Checkpoint.isCheckpoint(file) {
            try describeCheckpoint()
        }
        let kind = Checkpoint.isCheckpoint(file) ? "neurop checkpoint (\(Checkpoint.format) v\(Checkpoint.version))"
            : (try? FieldFileReader(path: file)).map { reader -> String in
            switch reader.kind {
            case .neurop: return "neurop field file (\(FieldFileFormat.name) v\(FieldFileFormat.version))"
            case .pdebench: return "PDEBench file (\(reader.pdebenchLayout.map { "\($0)" } ?? "unknown layout"))"
            }
        } ?? "HDF5 file"
        if !Checkpoint.isCheckpoint(file) { print("\(file): \(kind)") }
        if let reader = try? FieldFileReader(path: file), reader.kind == .pdebench {
            let mapped = try reader.datasetNames.map { "\($0) [\(try reader.shape(of: $0).map(String.init).joined(separator: ", "))]" }
            print("read as: \(mapped.joined(separator: ", "))")
        }

        let rootAttributes = try hdf5.root.attributes()
        if !rootAttributes.isEmpty {
            print("attributes:")
            for name in rootAttributes.keys.sorted() { print("  \(name) = \(show(rootAttributes[name]!))") }
        }
        print("datasets:")
        for path in try hdf5.datasetPaths() {
            let info = try hdf5.info(ofDataset: path)
            var line = "  \(path)  \(info.elementType.name) [\(info.shape.map(String.init).joined(separator: ", "))]"
            if let chunks = info.chunkShape { line += "  chunks [\(chunks.map(String.init).joined(separator: ", "))]" }
            var filters: [String] = []
            if info.filters.shuffle { filters.append("shuffle") }
            if let level = info.filters.deflateLevel { filters.append("deflate \(level)") }
            filters += info.filters.others
            if !filters.isEmpty { line += "  \(filters.joined(separator: "+"))" }
            print(line)
            var details: [String] = []
            for name in ["axes", "channels"] { if let v = info.attributes[name] { details.append("\(name): \(show(v))") } }
            if let scale = info.dimensionScaleName { details.append("dimension scale '\(scale)'") }
            let attached = info.attachedScales.enumerated().compactMap { axis, name in name.map { "\($0)→axis \(axis)" } }
            if !attached.isEmpty { details.append("scales: \(attached.joined(separator: ", "))") }
            if !details.isEmpty { print("      \(details.joined(separator: "; "))") }
            if case .string(let text)? = info.attributes[FieldFileFormat.Attribute.description] { print("      \(text)") }
            if !noStatistics, let stats = try DatasetStatistics.of(try hdf5.dataset(path)) {
                var s = "      min \(number(stats.minimum))  max \(number(stats.maximum))  mean \(number(stats.mean))"
                if stats.nonFinite > 0 { s += "  non-finite \(stats.nonFinite)" }
                print(s)
            }
        }
    }

    /// The run a checkpoint records: model, progress, best epoch, and the configuration it was trained with.
    private func describeCheckpoint() throws {
        let checkpoint = try Checkpoint(path: file)
        let c = checkpoint.configuration, state = checkpoint.state
        print("\(file): neurop checkpoint (\(Checkpoint.format) v\(Checkpoint.version)) of run \(c.name)")
        let parameters = checkpoint.parameters.values.reduce(0) { $0 + $1.count }
        print("model: \(c.model.kind.rawValue), \(parameters) parameters, \(c.model.inChannels ?? 0) → \(c.model.outChannels ?? 0) channels on grid \(checkpoint.coordinates.map(\.count))")
        print("progress: epoch \(state.epoch) of \(c.training.epochs)" + (state.batch > 0 ? " (+\(state.batch) batches)" : "")
              + ", \(checkpoint.optimizerSteps) optimizer steps")
        if let last = state.history.last, let best = state.best {
            print("test relative L2: \(number(last.testRelativeL2)) at epoch \(last.epoch), best \(number(best.testRelativeL2)) at epoch \(best.epoch)")
        }
        print("configuration:")
        for line in c.yaml.split(separator: "\n") { print("  \(line)") }
    }

    private func show(_ value: HDF5AttributeValue) -> String {
        switch value {
        case .string(let s):
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 1 {
                return "\"\(lines[0])\" … (\(lines.count) lines)"
            }
            return "\"\(s)\""
        case .int64(let v): return String(v)
        case .double(let v): return number(v)
        case .int64Array(let a): return "[\(a.map(String.init).joined(separator: ", "))]"
        case .doubleArray(let a): return "[\(a.prefix(8).map(number).joined(separator: ", "))\(a.count > 8 ? ", …" : "")]"
        }
    }

    private func number(_ x: Double) -> String { String(format: "%.6g", x) }
}
