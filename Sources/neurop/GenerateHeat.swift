import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers

/// `neurop generate heat`: `u_t = κΔu` on the periodic unit interval or square from GRF initial
/// data, solved exactly in Fourier space; inputs u0 and outputs u(T), or the trajectory
/// u(Δ), u(2Δ), …, u(T) with `--record-every Δ`.
struct GenerateHeat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heat",
        abstract: "Heat equation u_t = κΔu, periodic, 1D or 2D, exact in Fourier space from GRF initial data.")

    @Option(help: "Spatial dimension: 1 or 2.") var dimension: Int = 1
    @Option(parsing: .unconditional, help: "Grid points per axis n (grid x_j = j/n).") var resolution: Int
    @Option(help: "Diffusivity κ.") var diffusivity: Double = 0.01
    @Option(help: "Final time T.") var time: Double = 1
    @Option(help: "Record a trajectory at Δ, 2Δ, …, T instead of u(T) only.") var recordEvery: Double?
    @Option(help: "GRF smoothness α of u0.") var alpha: Double = 2.5
    @Option(help: "GRF inverse length scale τ of u0.") var tau: Double = 7
    @Option(help: "GRF amplitude σ of u0. Default τ^(α−1).") var sigma: Double?
    @OptionGroup var common: GenerationOptions

    func validate() throws {
        guard dimension == 1 || dimension == 2 else { throw ValidationError("--dimension must be 1 or 2, got \(dimension).") }
        guard resolution >= 4 else { throw ValidationError("--resolution must be at least 4, got \(resolution).") }
        guard diffusivity > 0 else { throw ValidationError("--diffusivity must be positive, got \(diffusivity).") }
        guard time > 0 else { throw ValidationError("--time must be positive, got \(time).") }
        if let recordEvery {
            let records = time / recordEvery
            guard recordEvery > 0, abs(records - records.rounded()) < 1e-9 * records else {
                throw ValidationError("--time (\(time)) must be a positive whole number of --record-every (\(recordEvery)).")
            }
        }
        guard alpha > 0, tau > 0 else { throw ValidationError("--alpha and --tau must be positive.") }
        if let sigma, sigma <= 0 { throw ValidationError("--sigma must be positive, got \(sigma).") }
    }

    func run() throws {
        let n = resolution, dims = [Int](repeating: n, count: dimension)
        let times = recordEvery.map { step in (1...Int((time / step).rounded())).map { Double($0) * step } } ?? [time]
        let amplitude = sigma ?? pow(tau, alpha - 1)
        let field = GaussianRandomField(shape: dims, alpha: alpha, tau: tau, sigma: amplitude, boundary: .periodic)
        let pde = Heat(dims: dims, diffusivity: diffusivity)
        let nodes = (0..<n).map { Double($0) / Double(n) }
        var options: [(String, Any)] = [("dimension", dimension), ("resolution", n), ("diffusivity", diffusivity), ("time", time)]
        if let recordEvery { options.append(("record_every", recordEvery)) }
        options += [("alpha", alpha), ("tau", tau), ("sigma", amplitude)]
        let file = GeneratedFile(
            path: common.output, options: options,
            datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: ["u0"], grid: dims)),
                       GeneratedDataset(FieldFileFormat.outputs, FieldSampleLayout(channels: ["u"], grid: dims,
                                                                   timeSteps: recordEvery == nil ? nil : times.count))],
            coordinates: FieldFileFormat.spatialAxes.prefix(dimension).map { (axis: $0, values: nodes) } + (recordEvery == nil ? [] : [("t", times)]))
        let points = field.pointCount
        try generate("heat", files: [file], common: common) { index, out in
            var rng = RandomStream(seed: UInt64(common.seed), stream: UInt64(index))
            let u0 = field.sample(using: &rng)
            u0.withUnsafeBufferPointer { out[0].update(from: $0.baseAddress!, count: points) }
            for (k, t) in times.enumerated() {
                pde.solution(u0, at: t).withUnsafeBufferPointer { (out[1] + k * points).update(from: $0.baseAddress!, count: points) }
            }
        }
        print("wrote \(common.samples) heat samples on \(dims.map(String.init).joined(separator: "×")) points to \(common.output)")
    }
}
