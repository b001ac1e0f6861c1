import ArgumentParser

/// `neurop generate <kind>`: datasets of input functions and PDE solutions as field files.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a dataset as an HDF5 field file.",
        subcommands: [GenerateGRF.self, GenerateAntiderivative.self])
}
