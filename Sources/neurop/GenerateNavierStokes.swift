import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers

/// `neurop generate navier-stokes`: the FNO paper's 2D Navier–Stokes set, vorticity form on the unit
/// torus with forcing 0.1(sin 2π(x+y) + cos 2π(x+y)), w0 ~ GRF(α 2.5, τ 7, σ 7^{3/2}); inputs w0,
/// outputs the trajectory w(t) at t = Δ, 2Δ, …, T (`[N, T, 1, n, n]` with a `t` coordinate).
struct GenerateNavierStokes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "navier-stokes",
        abstract: "2D Navier–Stokes vorticity on the unit torus from GRF initial data, pseudo-spectral ETDRK4.")

    @Option(help: "Stored points per axis n (must divide --solver-points).") var resolution: Int = 64
    @Option(help: "Points per axis of the grid the equation is solved on (the FNO data: 256); default: --resolution.")
    var solverPoints: Int?
    @Option(help: "Number of samples.") var samples: Int
    @Option(help: "Seed: sample i depends only on (seed, i).") var seed: Int64 = 0
    @Option(help: "Viscosity ν (FNO: 1e-3, 1e-4, 1e-5).") var viscosity: Double = 1e-3
    @Option(help: "Final time T.") var time: Double = 50
    @Option(help: "Interval between recorded states.") var recordEvery: Double = 1
    @Option(help: "Time step.") var dt: Double = 1e-3
    @Option(name: .shortAndLong, help: "Output field file (.h5); written as FILE.partial and renamed when complete.")
    var output: String

    var fine: Int { solverPoints ?? resolution }

    func validate() throws {
        guard resolution >= 4 else { throw ValidationError("--resolution must be at least 4, got \(resolution).") }
        guard fine % resolution == 0, fine % 2 == 0 else {
            throw ValidationError("--resolution (\(resolution)) must divide an even --solver-points (\(fine)).")
        }
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples).") }
        guard seed >= 0 else { throw ValidationError("--seed must be non-negative, got \(seed).") }
        guard viscosity > 0 else { throw ValidationError("--viscosity must be positive, got \(viscosity).") }
        guard dt > 0, recordEvery >= dt, time >= recordEvery else {
            throw ValidationError("need 0 < --dt ≤ --record-every ≤ --time.")
        }
        for (value, name) in [(recordEvery, "--record-every"), (time, "--time")] {
            let steps = value / dt
            guard abs(steps - steps.rounded()) < 1e-9 * steps else {
                throw ValidationError("\(name) (\(value)) must be a whole number of --dt (\(dt)) steps.")
            }
        }
        let records = time / recordEvery
        guard abs(records - records.rounded()) < 1e-9 * records else {
            throw ValidationError("--time (\(time)) must be a whole number of --record-every (\(recordEvery)).")
        }
    }

    func run() throws {
        let (n, fine) = (resolution, self.fine)
        let stride = fine / n
        let times = (1...Int((time / recordEvery).rounded())).map { Double($0) * recordEvery }
        let writer = try generatedFile(output, pde: "navier-stokes", seed: seed,
            options: ["resolution": n, "solver_points": fine, "samples": samples, "seed": seed,
                      "viscosity": viscosity, "time": time, "record_every": recordEvery, "dt": dt])
        try writer.declareSamples(FieldFileFormat.inputs, layout: FieldSampleLayout(channels: ["w0"], grid: [n, n]))
        try writer.declareSamples(FieldFileFormat.outputs,
                                  layout: FieldSampleLayout(channels: ["w"], grid: [n, n], timeSteps: times.count))
        let nodes = (0..<n).map { Double($0) / Double(n) }
        try writer.writeCoordinate("x", nodes)
        try writer.writeCoordinate("y", nodes)
        try writer.writeCoordinate("t", times)
        let pde = NavierStokes2D(points: fine, viscosity: viscosity)
        let progress = Progress(total: samples, label: "navier-stokes")
        try SampleProducer(blockSize: 4).fill(
            writer, datasets: [(FieldFileFormat.inputs, n * n), (FieldFileFormat.outputs, times.count * n * n)],
            samples: 0..<samples, progress: progress.update
        ) { index, out in
            var rng = RandomStream(seed: UInt64(seed), stream: UInt64(index))
            let w0 = NavierStokes2D.fnoInitialVorticity(points: fine, using: &rng)
            func store(_ w: [Double], _ target: UnsafeMutablePointer<Float>) {
                for i in 0..<n { for j in 0..<n { target[i * n + j] = Float(w[(i * stride) * fine + j * stride]) } }
            }
            // A stepper owns its scratch memory, so each sample gets its own.
            let trajectory = try ETDRK4Stepper(pde: pde).evolve(w0, dt: dt, recordingAt: times)
            store(w0, out[0])
            for (k, w) in trajectory.enumerated() { store(w, out[1] + k * n * n) }
        }
        try writer.finish()
        print("wrote \(samples) Navier–Stokes trajectories of \(times.count) states at \(n)² to \(output)")
    }
}
