import ArgumentParser
import Fields
import Foundation
import NeuropCore

/// `neurop import FORMAT FILE`: converts other tools' datasets to neurop field files.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert another tool's dataset to a neurop field file.",
        subcommands: [ImportDeepXDE.self])
}

/// `neurop import deepxde FILE.npz`: DeepXDE's DeepONet data (`X` = (branch inputs, trunk points), `y`).
struct ImportDeepXDE: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deepxde",
        abstract: "Convert a DeepXDE operator dataset (.npz with X = (branch inputs, trunk points) and y) to a field file.",
        discussion: """
        Aligned data (y [N, P]) whose P query points are the m sensors, uniformly spaced on a line \
        (DeepXDE's antiderivative), becomes inputs [N, 1, m] and outputs [N, k, m] on that grid; any \
        other set becomes a point cloud (points, values) beside inputs on m sensors taken as uniform on [0, 1].
        """)

    @Argument(help: "The .npz file (np.savez or np.savez_compressed).")
    var file: String

    @Option(name: [.short, .long], help: "The field file to write (default: FILE with .h5 for .npz).")
    var output: String?

    func run() throws {
        let target = output ?? (file.hasSuffix(".npz") ? String(file.dropLast(4)) : file) + ".h5"
        let dataset = try DeepXDEDataset(path: file)
        try dataset.write(to: target, generator: NeuropVersion.generator)
        print("wrote \(dataset.summary) to \(target)")
    }
}
