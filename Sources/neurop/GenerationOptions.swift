import ArgumentParser
import Fields

/// The options every generator shares: how many samples, the seed, the output file, the stored
/// element type and whether to continue an interrupted run.
struct GenerationOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Number of samples.") var samples: Int
    @Option(help: "Seed: sample i depends only on (seed, i).") var seed: Int64 = 0
    @Option(help: "Element type of the stored fields (solvers compute in float64): float32 or float64.")
    var dtype: StoredType = .float32
    @Flag(help: "Continue the FILE.partial an interrupted run of the same recipe left, instead of starting again.")
    var resume = false
    @Option(name: .shortAndLong, help: "Output field file (.h5); written as FILE.partial and renamed when complete.")
    var output: String

    func validate() throws {
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples).") }
        guard seed >= 0 else { throw ValidationError("--seed must be non-negative, got \(seed).") }
    }

    /// Recipe entries of these options (the output path and `--resume` describe the run, not the data).
    var recipeEntries: [(String, Any)] {
        [("samples", samples), ("seed", seed)] + (dtype == .float32 ? [] : [("dtype", dtype.rawValue)])
    }

    /// The file for `resolution` when a run writes one file per resolution: `stem-<resolution>.h5`.
    func path(forResolution resolution: Int, of resolutions: [Int]) -> String {
        guard resolutions.count > 1 else { return output }
        let ext = output.hasSuffix(".h5") ? ".h5" : ""
        return String(output.dropLast(ext.count)) + "-\(resolution)" + ext
    }
}

/// The element type of stored fields, as `--dtype` names it.
enum StoredType: String, ExpressibleByArgument, CaseIterable {
    case float32, float64

    var precision: FieldPrecision { self == .float32 ? .float32 : .float64 }
}

/// `--resolution 85` or `--resolution 85,141,421`: the grids a generator stores the same samples on.
struct ResolutionList: ExpressibleByArgument, CustomStringConvertible {
    let values: [Int]

    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        values = Array(Set(parts.map { $0! })).sorted()
    }

    var description: String { values.map(String.init).joined(separator: ",") }
    var finest: Int { values.last! }
}
