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

    @Option(parsing: .unconditional, help: "Stored points n: one (1024) or several (256,1024,8192), each dividing --solver-points and written to FILE-<n>.h5.")
    var resolution: ResolutionList
    @Option(help: "Points of the grid the equation is solved on.") var solverPoints: Int = 8192
    @Option(help: "Viscosity ν (the FNO paper: 0.1; its script 0.001).") var viscosity: Double = 0.1
    @Option(help: "Final time T.") var time: Double = 1
    @Option(help: "Time step (ETDRK4 is stiffly stable; 1e-3 matches 1e-4 to 6e-11 at ν = 0.1, n = 8192).")
    var dt: Double = 1e-3
    @OptionGroup var common: GenerationOptions

    func validate() throws {
        guard solverPoints >= 8, solverPoints % 2 == 0 else { throw ValidationError("--solver-points must be an even number ≥ 8, got \(solverPoints).") }
        for n in resolution.values where n < 2 || solverPoints % n != 0 {
            throw ValidationError("--resolution must divide --solver-points (\(solverPoints)), got \(n).")
        }
        guard viscosity > 0 else { throw ValidationError("--viscosity must be positive, got \(viscosity).") }
        guard time > 0, dt > 0, dt <= time else { throw ValidationError("need --time > 0 and 0 < --dt ≤ --time.") }
        let steps = time / dt
        guard abs(steps - steps.rounded()) < 1e-9 * steps else {
            throw ValidationError("--time (\(time)) must be a whole number of --dt (\(dt)) steps.")
        }
    }

    func run() throws {
        let fine = solverPoints, stored = resolution.values
        let files = stored.map { n in
            GeneratedFile(
                path: common.path(forResolution: n, of: stored),
                options: [("resolution", n), ("solver_points", fine), ("viscosity", viscosity), ("time", time), ("dt", dt)],
                datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: ["u0"], grid: [n])),
                           GeneratedDataset(FieldFileFormat.outputs, FieldSampleLayout(channels: ["u"], grid: [n]))],
                coordinates: [("x", (0..<n).map { Double($0) / Double(n) })])
        }
        let pde = Burgers(points: fine, viscosity: viscosity)
        try generate("burgers", files: files, common: common, blockSize: 16) { index, out in
            var rng = RandomStream(seed: UInt64(common.seed), stream: UInt64(index))
            let u0 = Burgers.fnoInitialCondition(points: fine, using: &rng)
            // A stepper owns its scratch memory, so each sample gets its own.
            let u = try ETDRK4Stepper(pde: pde).evolve(u0, to: time, dt: dt)
            for (r, n) in stored.enumerated() {
                let stride = fine / n
                for k in 0..<n {
                    out[2 * r][k] = u0[k * stride]
                    out[2 * r + 1][k] = u[k * stride]
                }
            }
        }
        for n in stored {
            print("wrote \(common.samples) Burgers samples at \(n) points (solved at \(fine)) to \(common.path(forResolution: n, of: stored))")
        }
    }
}
