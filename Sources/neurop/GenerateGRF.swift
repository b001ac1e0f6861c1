import ArgumentParser
import Fields
import Foundation
import NeuropCore

/// `neurop generate grf`: samples of a Gaussian random field `N(0, σ²(−Δ + τ²I)^(−α))` — the input
/// functions of the FNO and PDEBench datasets — stored as `inputs` `[N, 1, n…]`.
struct GenerateGRF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grf",
        abstract: "Sample Gaussian random fields N(0, σ²(−Δ + τ²I)^(−α)) on a 1D–3D grid.")

    @Option(help: "Boundary condition of −Δ: periodic (grid j/n) or neumann (cosine series, node grid j/(n−1)).")
    var boundary: GaussianRandomField.Boundary = .periodic

    @Option(parsing: .unconditional, help: "Grid points per axis, e.g. 64 or 64,64 (1 to 3 axes, each ≥ 2).")
    var resolution: String

    @Option(help: "Smoothness exponent α (> 0).") var alpha: Double = 2
    @Option(help: "Inverse length scale τ (≥ 0).") var tau: Double = 3
    @Option(help: "Amplitude σ (≥ 0); default τ^(α−1), the FNO Darcy scaling.") var sigma: Double?

    @Flag(help: "Keep the constant mode (the FNO scripts remove it).") var keepMean = false

    @OptionGroup var common: GenerationOptions

    func grid() throws -> [Int] {
        let parts = resolution.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) >= 2 }) else {
            throw ValidationError("--resolution must be 1 to 3 comma-separated integers ≥ 2 (e.g. 64 or 64,64), got '\(resolution)'.")
        }
        return parts.map { $0! }
    }

    func validate() throws {
        _ = try grid()
        guard alpha > 0 else { throw ValidationError("--alpha must be positive, got \(alpha).") }
        guard tau >= 0 else { throw ValidationError("--tau must be non-negative, got \(tau).") }
        if let sigma, sigma < 0 { throw ValidationError("--sigma must be non-negative, got \(sigma).") }
        guard tau > 0 || !keepMean else { throw ValidationError("--keep-mean needs --tau > 0 (the constant mode has infinite variance at τ = 0).") }
    }

    func run() throws {
        let shape = try grid()
        let amplitude = sigma ?? pow(tau, alpha - 1)
        let field = GaussianRandomField(shape: shape, alpha: alpha, tau: tau, sigma: amplitude,
                                        boundary: boundary, zeroMean: !keepMean)
        let coordinates = zip(FieldFileFormat.spatialAxes, shape).map { axis, n in
            (axis, (0..<n).map { Double($0) * (boundary == .periodic ? 1 / Double(n) : 1 / Double(n - 1)) })
        }
        let file = GeneratedFile(
            path: common.output,
            options: [("boundary", boundary.rawValue), ("resolution", shape), ("alpha", alpha), ("tau", tau),
                      ("sigma", amplitude), ("keep_mean", keepMean)],
            datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: ["u"], grid: shape))],
            coordinates: coordinates)
        try generate("grf", files: [file], common: common) { index, out in
            var rng = RandomStream(seed: UInt64(common.seed), stream: UInt64(index))
            field.sample(into: out[0], using: &rng)
        }
        print("wrote \(common.samples) samples of shape [1, \(shape.map(String.init).joined(separator: ", "))] to \(common.output)")
    }
}

extension GaussianRandomField.Boundary: ExpressibleByArgument {}
