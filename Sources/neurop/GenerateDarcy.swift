import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers

/// `neurop generate darcy`: the FNO paper's Darcy flow set, `−∇·(a∇u) = 1` on [0,1]², u = 0 on the
/// boundary, a = 12/3 thresholded Neumann GRF; inputs a and outputs u on the s×s node grid.
struct GenerateDarcy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "darcy",
        abstract: "Darcy flow −∇·(a∇u) = 1 with thresholded-GRF coefficients, solved by multigrid-preconditioned CG.")

    @Option(help: "Nodes per axis s, boundary included (≥ 16; the FNO sets use 85, 141, 211, 421).") var resolution: Int
    @Option(help: "Number of samples.") var samples: Int
    @Option(help: "Seed: sample i depends only on (seed, i).") var seed: Int64 = 0
    @Option(help: "GRF smoothness α of the coefficient.") var alpha: Double = 2
    @Option(help: "GRF inverse length scale τ.") var tau: Double = 3
    @Option(help: "Coefficient where the GRF is ≥ 0.") var high: Double = 12
    @Option(help: "Coefficient where the GRF is < 0.") var low: Double = 3
    @Option(help: "Relative residual the solver reaches.") var tolerance: Double = 1e-8
    @Option(name: .shortAndLong, help: "Output field file (.h5); written as FILE.partial and renamed when complete.")
    var output: String

    func validate() throws {
        guard resolution >= 16 else { throw ValidationError("--resolution must be at least 16, got \(resolution).") }
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples).") }
        guard seed >= 0 else { throw ValidationError("--seed must be non-negative, got \(seed).") }
        guard alpha > 0, tau > 0 else { throw ValidationError("--alpha and --tau must be positive.") }
        guard high > 0, low > 0 else { throw ValidationError("--high and --low must be positive (a is a diffusion coefficient).") }
        guard tolerance > 0, tolerance < 1 else { throw ValidationError("--tolerance must be in (0, 1), got \(tolerance).") }
    }

    func run() throws {
        let s = resolution
        let sampler = DarcyCoefficientSampler(size: s, configuration: .init(
            alpha: alpha, tau: tau, sigma: pow(tau, alpha - 1), high: high, low: low))
        let writer = try generatedFile(output, pde: "darcy", seed: seed,
            options: ["resolution": s, "samples": samples, "seed": seed, "alpha": alpha, "tau": tau,
                      "high": high, "low": low, "tolerance": tolerance])
        try writer.declareSamples(FieldFileFormat.inputs, layout: FieldSampleLayout(channels: ["a"], grid: [s, s]))
        try writer.declareSamples(FieldFileFormat.outputs, layout: FieldSampleLayout(channels: ["u"], grid: [s, s]))
        let nodes = (0..<s).map { Double($0) / Double(s - 1) }
        try writer.writeCoordinate("x", nodes)
        try writer.writeCoordinate("y", nodes)
        let progress = Progress(total: samples, label: "darcy")
        let solver = MultigridSolver.Configuration(tolerance: tolerance)
        // Samples run in parallel; OpenBLAS (the coarsest-level Cholesky) stays on one thread inside them.
        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        try SampleProducer().fill(writer, datasets: [(FieldFileFormat.inputs, s * s), (FieldFileFormat.outputs, s * s)],
                                  samples: 0..<samples, progress: progress.update) { index, out in
            var rng = RandomStream(seed: UInt64(seed), stream: UInt64(index))
            let a = sampler.sample(using: &rng)
            let discrete = DarcyDiscretisation(DarcyProblem(size: s, coefficient: a))
            let result = MultigridSolver(hierarchy: MultigridHierarchy(discrete.matrix), configuration: solver)
                .solve(discrete.rightHandSide)
            guard result.converged else {
                throw CLIError("sample \(index) did not reach the tolerance \(tolerance); nothing was written to \(output)")
            }
            for k in 0..<(s * s) {
                out[0][k] = Float(a[k])
                out[1][k] = Float(result.solution[k])
            }
        }
        try writer.finish()
        print("wrote \(samples) Darcy samples at \(s)×\(s) to \(output)")
    }
}
