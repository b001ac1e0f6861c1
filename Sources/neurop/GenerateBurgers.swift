import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers

/// `neurop generate burgers`: the FNO paper's Burgers set, `u_t + (u²/2)_x = ν u_xx` on the periodic
/// [0, 1), u0 ~ GRF(α 2.5, τ 7, σ 49), solved pseudo-spectrally (ETDRK4, 2/3 dealiasing) on a fine
/// grid and stored at `--resolution` points by taking every k-th fine point: inputs u0, outputs u(T).
struct GenerateBurgers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burgers",
        abstract: "Viscous Burgers on the periodic unit interval from GRF initial data, solved with ETDRK4.")

    @Option(help: "Stored points n (must divide --solver-points).") var resolution: Int
    @Option(help: "Points of the grid the equation is solved on.") var solverPoints: Int = 8192
    @Option(help: "Number of samples.") var samples: Int
    @Option(help: "Seed: sample i depends only on (seed, i).") var seed: Int64 = 0
    @Option(help: "Viscosity ν (the FNO paper: 0.1; its script 0.001).") var viscosity: Double = 0.1
    @Option(help: "Final time T.") var time: Double = 1
    @Option(help: "Time step (ETDRK4 is stiffly stable; 1e-3 matches 1e-4 to 6e-11 at ν = 0.1, n = 8192).")
    var dt: Double = 1e-3
    @Option(name: .shortAndLong, help: "Output field file (.h5); written as FILE.partial and renamed when complete.")
    var output: String

    func validate() throws {
        guard solverPoints >= 8, solverPoints % 2 == 0 else { throw ValidationError("--solver-points must be an even number ≥ 8, got \(solverPoints).") }
        guard resolution >= 2, solverPoints % resolution == 0 else {
            throw ValidationError("--resolution must divide --solver-points (\(solverPoints)), got \(resolution).")
        }
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples).") }
        guard seed >= 0 else { throw ValidationError("--seed must be non-negative, got \(seed).") }
        guard viscosity > 0 else { throw ValidationError("--viscosity must be positive, got \(viscosity).") }
        guard time > 0, dt > 0, dt <= time else { throw ValidationError("need --time > 0 and 0 < --dt ≤ --time.") }
        let steps = time / dt
        guard abs(steps - steps.rounded()) < 1e-9 * steps else {
            throw ValidationError("--time (\(time)) must be a whole number of --dt (\(dt)) steps.")
        }
    }

    func run() throws {
        let (n, fine) = (resolution, solverPoints)
        let stride = fine / n
        let writer = try generatedFile(output, pde: "burgers", seed: seed,
            options: ["resolution": n, "solver_points": fine, "samples": samples, "seed": seed,
                      "viscosity": viscosity, "time": time, "dt": dt])
        try writer.declareSamples(FieldFileFormat.inputs, layout: FieldSampleLayout(channels: ["u0"], grid: [n]))
        try writer.declareSamples(FieldFileFormat.outputs, layout: FieldSampleLayout(channels: ["u"], grid: [n]))
        try writer.writeCoordinate("x", (0..<n).map { Double($0) / Double(n) })
        let pde = Burgers(points: fine, viscosity: viscosity)
        let progress = Progress(total: samples, label: "burgers")
        try SampleProducer(blockSize: 16).fill(writer, datasets: [(FieldFileFormat.inputs, n), (FieldFileFormat.outputs, n)],
                                               samples: 0..<samples, progress: progress.update) { index, out in
            var rng = RandomStream(seed: UInt64(seed), stream: UInt64(index))
            let u0 = Burgers.fnoInitialCondition(points: fine, using: &rng)
            // A stepper owns its scratch memory, so each sample gets its own.
            let u = try ETDRK4Stepper(pde: pde).evolve(u0, to: time, dt: dt)
            for k in 0..<n {
                out[0][k] = Float(u0[k * stride])
                out[1][k] = Float(u[k * stride])
            }
        }
        try writer.finish()
        print("wrote \(samples) Burgers samples at \(n) points (solved at \(fine)) to \(output)")
    }
}
