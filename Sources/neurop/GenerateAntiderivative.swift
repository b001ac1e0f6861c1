import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers

/// `neurop generate antiderivative`: DeepONet's first operator, u(x) = ∫₀ˣ v, v ~ GP(0, RBF(ℓ)).
struct GenerateAntiderivative: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "antiderivative",
        abstract: "Sample v ~ GP(0, RBF(ℓ)) on [0, 1] and its antiderivative u(x) = ∫₀ˣ v at m sensors.")

    @Option(help: "Number of sensors m (≥ 4); inputs and outputs are stored at the same sensors.")
    var sensors: Int = 100
    @Option(help: "RBF length scale ℓ (> 0).") var lengthScale: Double = 0.2
    @OptionGroup var common: GenerationOptions

    func validate() throws {
        guard sensors >= 4 else { throw ValidationError("--sensors must be at least 4, got \(sensors).") }
        guard lengthScale > 0 else { throw ValidationError("--length-scale must be positive, got \(lengthScale).") }
    }

    func run() throws {
        let dataset = AntiderivativeDataset(sensors: sensors, lengthScale: lengthScale)
        let m = sensors
        let file = GeneratedFile(
            path: common.output, options: [("sensors", m), ("length_scale", lengthScale)],
            datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: ["v"], grid: [m])),
                       GeneratedDataset(FieldFileFormat.outputs, FieldSampleLayout(channels: ["u"], grid: [m]))],
            coordinates: [("x", dataset.coordinates)])
        try generate("antiderivative", files: [file], common: common) { index, out in
            var rng = RandomStream(seed: UInt64(common.seed), stream: UInt64(index))
            let s = dataset.sample(using: &rng)
            for k in 0..<m {
                out[0][k] = s.v[k]
                out[1][k] = s.u[k]
            }
        }
        print("wrote \(common.samples) samples of v and u at \(m) sensors to \(common.output)")
    }
}
