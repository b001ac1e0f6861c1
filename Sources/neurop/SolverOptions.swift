import ArgumentParser
import Fields
import ReferenceSolvers
import Yams

/// The reference solver's parameters as options, shared by `neurop solve` and `neurop compare`:
/// each overrides the recipe stored in the data file, which overrides the generators' defaults.
struct SolverOptions: ParsableArguments {
    @Option(help: "Darcy/Poisson: relative residual (default: the recipe's, else 1e-8).") var tolerance: Double?
    @Option(help: "Darcy: the constant source f (default 1).") var source: Double?
    @Option(help: "Burgers/Navier–Stokes: viscosity ν (default: the recipe's).") var viscosity: Double?
    @Option(help: "Heat: diffusivity κ (default: the recipe's).") var diffusivity: Double?
    @Option(help: "Burgers/heat: final time T (default: the recipe's; trajectories use the file's t).") var time: Double?
    @Option(help: "Burgers/Navier–Stokes: time step (default: the recipe's).") var dt: Double?

    func validate() throws {
        for (value, name) in [(tolerance, "--tolerance"), (viscosity, "--viscosity"), (diffusivity, "--diffusivity"),
                              (time, "--time"), (dt, "--dt")] {
            if let value, !(value > 0) { throw ValidationError("\(name) must be positive, got \(value).") }
        }
    }

    var parameters: SolverParameters {
        SolverParameters(tolerance: tolerance, source: source, viscosity: viscosity, diffusivity: diffusivity, time: time, dt: dt)
    }

    /// The solver of `pde` for the inputs of the file `reader` reads, parameters from these
    /// options and the file's recipe, trajectories recorded at the file's `t` (or `times`).
    func solver(_ pde: ReferencePDE, for reader: FieldFileReader, inputShape: [Int]? = nil, times: [Double]? = nil) throws -> SampleSolver {
        let shape = try inputShape ?? reader.shape(of: FieldFileFormat.inputs)
        let recorded = try times ?? (reader.coordinateNames.contains(FieldFileFormat.timeAxis) ? reader.coordinate(FieldFileFormat.timeAxis) : nil)
        do {
            return try SampleSolver(pde, inputShape: shape, file: reader.path, recipe: SolverOptions.recipe(of: reader),
                                    given: parameters, times: recorded)
        } catch let error as SampleSolverError {
            throw CLIError(error.description)
        }
    }

    /// Numeric entries of the recipe a neurop file stores (empty for PDEBench files).
    static func recipe(of reader: FieldFileReader) -> [String: Double] {
        guard let text = reader.metadata?.recipe, let map = try? Yams.load(yaml: text) as? [String: Any] else { return [:] }
        return map.compactMapValues { ($0 as? Double) ?? ($0 as? Int).map(Double.init) }
    }
}

extension ReferencePDE: ExpressibleByArgument {}
