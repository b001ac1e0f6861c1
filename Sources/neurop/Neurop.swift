import ArgumentParser
import NeuropCore

/// The `neurop` command: generate PDE datasets, train neural operators, compare with solvers.
@main
struct Neurop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neurop",
        abstract: "Neural operators in native code: generate PDE datasets, train operators, compare with solvers.",
        version: NeuropVersion.string,
        subcommands: [Generate.self, Inspect.self])
}
