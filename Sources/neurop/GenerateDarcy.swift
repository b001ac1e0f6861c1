import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers

/// `neurop generate darcy`: the FNO paper's Darcy flow set, `−∇·(a∇u) = 1` on [0,1]², u = 0 on the
/// boundary, a = 12/3 thresholded Neumann GRF (or log-normal); inputs a and outputs u on s×s node grids.
///
/// As in the FNO data, the coefficient is sampled and the equation solved on one grid
/// (`--solver-resolution`, e.g. 421) and each stored grid takes every k-th node of it, so that
/// `--resolution 85,141,421` writes the same samples at three resolutions (one file each).
struct GenerateDarcy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "darcy",
        abstract: "Darcy flow −∇·(a∇u) = 1 with thresholded-GRF coefficients, solved by multigrid-preconditioned CG.")

    @OptionGroup var grids: NodeGridOptions
    @Option(help: "Coefficient a = ψ(GRF): threshold (high where ≥ 0, low where < 0) or lognormal (exp).")
    var coefficient: DarcyCoefficientSampler.Kind = .threshold
    @Option(help: "GRF smoothness α of the coefficient.") var alpha: Double = 2
    @Option(help: "GRF inverse length scale τ.") var tau: Double = 3
    @Option(help: "GRF amplitude σ (matters for lognormal only). Default τ^(α−1).") var sigma: Double?
    @Option(help: "Coefficient where the GRF is ≥ 0 (threshold).") var high: Double = 12
    @Option(help: "Coefficient where the GRF is < 0 (threshold).") var low: Double = 3
    @OptionGroup var common: GenerationOptions

    func validate() throws {
        guard alpha > 0, tau > 0 else { throw ValidationError("--alpha and --tau must be positive.") }
        if let sigma, sigma <= 0 { throw ValidationError("--sigma must be positive, got \(sigma).") }
        guard high > 0, low > 0 else { throw ValidationError("--high and --low must be positive (a is a diffusion coefficient).") }
    }

    func run() throws {
        let fine = grids.fine, stored = grids.stored, tolerance = grids.tolerance
        let amplitude = sigma ?? pow(tau, alpha - 1)
        let sampler = DarcyCoefficientSampler(size: fine, configuration: .init(
            kind: coefficient, alpha: alpha, tau: tau, sigma: amplitude, high: high, low: low))
        let files = stored.map { s -> GeneratedFile in
            var options: [(String, Any)] = [("resolution", s), ("solver_resolution", fine), ("coefficient", coefficient.rawValue),
                                            ("alpha", alpha), ("tau", tau), ("sigma", amplitude)]
            if coefficient == .threshold { options += [("high", high), ("low", low)] }
            options.append(("tolerance", tolerance))
            return GeneratedFile(
                path: common.path(forResolution: s, of: stored), options: options,
                datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: ["a"], grid: [s, s])),
                           GeneratedDataset(FieldFileFormat.outputs, FieldSampleLayout(channels: ["u"], grid: [s, s]))],
                coordinates: [("x", grids.nodes(s)), ("y", grids.nodes(s))])
        }
        let solver = MultigridSolver.Configuration(tolerance: tolerance)
        // Samples run in parallel; OpenBLAS (the coarsest-level Cholesky) stays on one thread inside them.
        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        try generate("darcy", files: files, common: common) { index, out in
            var rng = RandomStream(seed: UInt64(common.seed), stream: UInt64(index))
            let a = sampler.sample(using: &rng)
            let result = DarcyProblem(size: fine, coefficient: a).solve(configuration: solver)
            guard result.converged else {
                throw CLIError("Darcy sample \(index) did not reach the tolerance \(tolerance); the output is left as .partial")
            }
            for (r, s) in stored.enumerated() {
                grids.subsample(a, to: s, into: out[2 * r])
                grids.subsample(result.solution, to: s, into: out[2 * r + 1])
            }
        }
        for s in stored {
            print("wrote \(common.samples) Darcy samples at \(s)×\(s) (solved at \(fine)×\(fine)) to \(common.path(forResolution: s, of: stored))")
        }
    }
}

extension DarcyCoefficientSampler.Kind: ExpressibleByArgument {}
