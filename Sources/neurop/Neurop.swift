import ArgumentParser
import NeuropCore

/// The `neurop` command: generate PDE datasets, train neural operators, compare with solvers.
@main
struct Neurop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neurop",
        abstract: "Neural operators in native code: generate PDE datasets, train operators, compare with solvers.",
        version: NeuropVersion.string,
        subcommands: [Generate.self, Solve.self, Train.self, Eval.self, Compare.self, Inspect.self, Plot.self, Import.self])

    /// Routes `neurop generate RECIPE.yaml [key=value …]` to the generator the recipe names (a
    /// positional argument beside subcommands would swallow the subcommands' options), and
    /// everything else through the parser.
    static func main() {
        // OpenBLAS's kernels for this CPU, before any BLAS call (`BLAS.chooseKernels`).
        BLAS.chooseKernels()
        HeapReuse.enable()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count >= 2, arguments[0] == "generate", !arguments[1].hasPrefix("-"), !Generate.isRecipe(arguments[1]),
           !Generate.generatorNames.contains(arguments[1]) {
            exit(withError: CLIError("unknown generator '\(arguments[1])'; choose one of \(Generate.generatorNames.joined(separator: ", ")) or give a recipe file (.yaml)"))
        }
        guard arguments.count >= 2, arguments[0] == "generate", Generate.isRecipe(arguments[1]) else {
            main(arguments)
            return
        }
        do {
            var command = try Generate.command(fromRecipe: arguments[1], overrides: Array(arguments.dropFirst(2)))
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
