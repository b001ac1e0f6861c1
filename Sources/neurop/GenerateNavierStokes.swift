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

    @Option(parsing: .unconditional, help: "Stored points per axis n: one (64) or several (64,128), each dividing --solver-points and written to FILE-<n>.h5.")
    var resolution: ResolutionList = ResolutionList(argument: "64")!
    @Option(help: "Points per axis of the grid the equation is solved on (the FNO data: 256); default: the largest --resolution.")
    var solverPoints: Int?
    @Option(help: "Viscosity ν (FNO: 1e-3, 1e-4, 1e-5).") var viscosity: Double = 1e-3
    @Option(help: "Final time T.") var time: Double = 50
    @Option(help: "Interval between recorded states.") var recordEvery: Double = 1
    @Option(help: "Time step.") var dt: Double = 1e-3
    @OptionGroup var common: GenerationOptions

    var fine: Int { solverPoints ?? resolution.finest }

    func validate() throws {
        for n in resolution.values {
            guard n >= 4 else { throw ValidationError("--resolution must be at least 4, got \(n).") }
            guard fine % n == 0, fine % 2 == 0 else {
                throw ValidationError("--resolution (\(n)) must divide an even --solver-points (\(fine)).")
            }
        }
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
        let fine = self.fine, stored = resolution.values
        let times = (1...Int((time / recordEvery).rounded())).map { Double($0) * recordEvery }
        let files = stored.map { n -> GeneratedFile in
            let nodes = (0..<n).map { Double($0) / Double(n) }
            return GeneratedFile(
                path: common.path(forResolution: n, of: stored),
                options: [("resolution", n), ("solver_points", fine), ("viscosity", viscosity), ("time", time),
                          ("record_every", recordEvery), ("dt", dt)],
                datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: ["w0"], grid: [n, n])),
                           GeneratedDataset(FieldFileFormat.outputs, FieldSampleLayout(channels: ["w"], grid: [n, n], timeSteps: times.count))],
                coordinates: [("x", nodes), ("y", nodes), ("t", times)])
        }
        let pde = NavierStokes2D(points: fine, viscosity: viscosity)
        try generate("navier-stokes", files: files, common: common, blockSize: 4) { index, out in
            var rng = RandomStream(seed: UInt64(common.seed), stream: UInt64(index))
            let w0 = NavierStokes2D.fnoInitialVorticity(points: fine, using: &rng)
            // A stepper owns its scratch memory, so each sample gets its own.
            let trajectory = try ETDRK4Stepper(pde: pde).evolve(w0, dt: dt, recordingAt: times)
            for (r, n) in stored.enumerated() {
                let stride = fine / n
                func store(_ w: [Double], _ target: UnsafeMutablePointer<Double>) {
                    for i in 0..<n { for j in 0..<n { target[i * n + j] = w[(i * stride) * fine + j * stride] } }
                }
                store(w0, out[2 * r])
                for (k, w) in trajectory.enumerated() { store(w, out[2 * r + 1] + k * n * n) }
            }
        }
        for n in stored {
            print("wrote \(common.samples) Navier–Stokes trajectories of \(times.count) states at \(n)² to \(common.path(forResolution: n, of: stored))")
        }
    }
}
