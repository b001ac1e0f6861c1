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
    @Option(help: "Number of samples.") var samples: Int
    @Option(help: "RBF length scale ℓ (> 0).") var lengthScale: Double = 0.2
    @Option(help: "Seed: sample i depends only on (seed, i).") var seed: Int64 = 0
    @Option(name: .shortAndLong, help: "Output field file (.h5); written as FILE.partial and renamed when complete.")
    var output: String

    func validate() throws {
        guard sensors >= 4 else { throw ValidationError("--sensors must be at least 4, got \(sensors).") }
        guard samples > 0 else { throw ValidationError("--samples must be positive, got \(samples).") }
        guard lengthScale > 0 else { throw ValidationError("--length-scale must be positive, got \(lengthScale).") }
        guard seed >= 0 else { throw ValidationError("--seed must be non-negative, got \(seed).") }
    }

    func run() throws {
        let dataset = AntiderivativeDataset(sensors: sensors, lengthScale: lengthScale)
        let writer = try generatedFile(output, pde: "antiderivative", seed: seed,
            options: ["sensors": sensors, "samples": samples, "length_scale": lengthScale, "seed": seed])
        try writer.declareSamples(FieldFileFormat.inputs, layout: FieldSampleLayout(channels: ["v"], grid: [sensors]))
        try writer.declareSamples(FieldFileFormat.outputs, layout: FieldSampleLayout(channels: ["u"], grid: [sensors]))
        try writer.writeCoordinate("x", dataset.coordinates)
        let progress = Progress(total: samples, label: "antiderivative")
        let m = sensors
        try SampleProducer().fill(writer, datasets: [(FieldFileFormat.inputs, m), (FieldFileFormat.outputs, m)],
                                  samples: 0..<samples, progress: progress.update) { index, out in
            var rng = RandomStream(seed: UInt64(seed), stream: UInt64(index))
            let s = dataset.sample(using: &rng)
            for k in 0..<m {
                out[0][k] = Float(s.v[k])
                out[1][k] = Float(s.u[k])
            }
        }
        try writer.finish()
        print("wrote \(samples) samples of v and u at \(sensors) sensors to \(output)")
    }
}
