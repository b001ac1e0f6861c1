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

    @Option(parsing: .unconditional, help: "Nodes per axis s of the stored grid, boundary included (≥ 16): one (85) or several (85,141,421), each written to FILE-<s>.h5.")
    var resolution: ResolutionList
    @Option(help: "Nodes per axis of the grid the coefficient is sampled and the equation solved on; every stored s must satisfy (solver − 1) = k·(s − 1). Default: the largest --resolution (the FNO sets: 421).")
    var solverResolution: Int?
    @Option(help: "Coefficient a = ψ(GRF): threshold (high where ≥ 0, low where < 0) or lognormal (exp).")
    var coefficient: DarcyCoefficientSampler.Kind = .threshold
    @Option(help: "GRF smoothness α of the coefficient.") var alpha: Double = 2
    @Option(help: "GRF inverse length scale τ.") var tau: Double = 3
    @Option(help: "GRF amplitude σ (matters for lognormal only). Default τ^(α−1).") var sigma: Double?
    @Option(help: "Coefficient where the GRF is ≥ 0 (threshold).") var high: Double = 12
    @Option(help: "Coefficient where the GRF is < 0 (threshold).") var low: Double = 3
    @Option(help: "Relative residual the solver reaches.") var tolerance: Double = 1e-8
    @OptionGroup var common: GenerationOptions

    var fine: Int { solverResolution ?? resolution.finest }

    func validate() throws {
        for s in resolution.values + [fine] where s < 16 {
            throw ValidationError("every resolution must be at least 16 nodes per axis, got \(s).")
        }
        for s in resolution.values where (fine - 1) % (s - 1) != 0 {
            throw ValidationError("--resolution \(s) is not a subsampling of the \(fine)-node solver grid: (\(fine) − 1)/(\(s) − 1) must be a whole number (for 421: 85, 106, 141, 211, 421).")
        }
        guard alpha > 0, tau > 0 else { throw ValidationError("--alpha and --tau must be positive.") }
        if let sigma, sigma <= 0 { throw ValidationError("--sigma must be positive, got \(sigma).") }
        guard high > 0, low > 0 else { throw ValidationError("--high and --low must be positive (a is a diffusion coefficient).") }
        guard tolerance > 0, tolerance < 1 else { throw ValidationError("--tolerance must be in (0, 1), got \(tolerance).") }
    }

    func run() throws {
        let fine = self.fine
        let amplitude = sigma ?? pow(tau, alpha - 1)
        let sampler = DarcyCoefficientSampler(size: fine, configuration: .init(
            kind: coefficient, alpha: alpha, tau: tau, sigma: amplitude, high: high, low: low))
        let files = resolution.values.map { s -> GeneratedFile in
            let nodes = (0..<s).map { Double($0) / Double(s - 1) }
            var options: [(String, Any)] = [("resolution", s), ("solver_resolution", fine), ("coefficient", coefficient.rawValue),
                                            ("alpha", alpha), ("tau", tau), ("sigma", amplitude)]
            if coefficient == .threshold { options += [("high", high), ("low", low)] }
            options.append(("tolerance", tolerance))
            return GeneratedFile(
                path: common.path(forResolution: s, of: resolution.values), options: options,
                datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: ["a"], grid: [s, s])),
                           GeneratedDataset(FieldFileFormat.outputs, FieldSampleLayout(channels: ["u"], grid: [s, s]))],
                coordinates: [("x", nodes), ("y", nodes)])
        }
        let solver = MultigridSolver.Configuration(tolerance: tolerance)
        let stored = resolution.values
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
                subsample(a, fine: fine, to: s, into: out[2 * r])
                subsample(result.solution, fine: fine, to: s, into: out[2 * r + 1])
            }
        }
        for s in stored {
            print("wrote \(common.samples) Darcy samples at \(s)×\(s) (solved at \(fine)×\(fine)) to \(common.path(forResolution: s, of: stored))")
        }
    }
}

/// Every k-th node of a fine s_f×s_f node grid, k = (s_f − 1)/(s − 1): the s×s grid on the same square.
func subsample(_ field: [Double], fine: Int, to s: Int, into out: UnsafeMutablePointer<Double>) {
    let k = (fine - 1) / (s - 1)
    for i in 0..<s { for j in 0..<s { out[i * s + j] = field[(i * k) * fine + j * k] } }
}

extension DarcyCoefficientSampler.Kind: ExpressibleByArgument {}
