import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers

/// `neurop generate poisson`: `−Δu = f` on [0,1]², u = 0 on the boundary, f a Neumann GRF; inputs f
/// and outputs u on s×s node grids, solved by multigrid-preconditioned CG on the solver grid and
/// subsampled to each stored grid (as `generate darcy`).
struct GeneratePoisson: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson",
        abstract: "Poisson −Δu = f with GRF sources and zero Dirichlet data, solved by multigrid-preconditioned CG.")

    @OptionGroup var grids: NodeGridOptions
    @Option(help: "GRF smoothness α of the source.") var alpha: Double = 2
    @Option(help: "GRF inverse length scale τ.") var tau: Double = 3
    @Option(help: "GRF amplitude σ. Default τ^(α−1).") var sigma: Double?
    @OptionGroup var common: GenerationOptions

    func validate() throws {
        guard alpha > 0, tau > 0 else { throw ValidationError("--alpha and --tau must be positive.") }
        if let sigma, sigma <= 0 { throw ValidationError("--sigma must be positive, got \(sigma).") }
    }

    func run() throws {
        let fine = grids.fine, stored = grids.stored, tolerance = grids.tolerance
        let amplitude = sigma ?? pow(tau, alpha - 1)
        let field = GaussianRandomField(shape: [fine, fine], alpha: alpha, tau: tau, sigma: amplitude, boundary: .neumann)
        let files = stored.map { s -> GeneratedFile in
            return GeneratedFile(
                path: common.path(forResolution: s, of: stored),
                options: [("resolution", s), ("solver_resolution", fine), ("alpha", alpha), ("tau", tau),
                          ("sigma", amplitude), ("tolerance", tolerance)],
                datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: ["f"], grid: [s, s])),
                           GeneratedDataset(FieldFileFormat.outputs, FieldSampleLayout(channels: ["u"], grid: [s, s]))],
                coordinates: [("x", grids.nodes(s)), ("y", grids.nodes(s))])
        }
        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        try generate("poisson", files: files, common: common) { index, out in
            var rng = RandomStream(seed: UInt64(common.seed), stream: UInt64(index))
            let f = field.sample(using: &rng)
            let result = DarcyProblem.poisson(size: fine, source: f).solve(configuration: .init(tolerance: tolerance))
            guard result.converged else {
                throw CLIError("Poisson sample \(index) did not reach the tolerance \(tolerance); the output is left as .partial")
            }
            for (r, s) in stored.enumerated() {
                grids.subsample(f, to: s, into: out[2 * r])
                grids.subsample(result.solution, to: s, into: out[2 * r + 1])
            }
        }
        for s in stored {
            print("wrote \(common.samples) Poisson samples at \(s)×\(s) to \(common.path(forResolution: s, of: stored))")
        }
    }
}
