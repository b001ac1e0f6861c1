import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers
import Yams

/// `neurop solve <pde> --inputs FILE.h5 -o OUT.h5`: the reference solver run on the input functions
/// of a file (a test set's coefficients, say), with the time per sample and, when the file holds
/// outputs, the relative L2 difference to them.
///
/// The PDE's parameters (viscosity, final time, tolerance…) come from the recipe stored in a neurop
/// file, and options override them; a file without a recipe (PDEBench) needs them as options or
/// takes the generators' defaults. Each sample is solved on the grid it is stored on.
struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a reference solver on the inputs of a field file; report time per sample and the difference to stored outputs.")

    enum PDE: String, ExpressibleByArgument, CaseIterable {
        case darcy, poisson, heat, burgers, navierStokes = "navier-stokes"
    }

    @Argument(help: "The PDE: \(PDE.allCases.map(\.rawValue).joined(separator: ", ")).") var pde: PDE
    @Option(help: "Field file whose `inputs` are solved (neurop or PDEBench).") var inputs: String
    @Option(name: .shortAndLong, help: "Output field file (.h5) with the inputs and the solver's outputs.") var output: String
    @Option(help: "Solve only the first K samples.") var samples: Int?
    @Option(help: "Element type of the stored fields: float32 or float64.") var dtype: StoredType = .float32
    @Option(help: "Darcy/Poisson: relative residual (default: the recipe's, else 1e-8).") var tolerance: Double?
    @Option(help: "Darcy: the constant source f (default 1).") var source: Double?
    @Option(help: "Burgers/Navier–Stokes: viscosity ν (default: the recipe's).") var viscosity: Double?
    @Option(help: "Heat: diffusivity κ (default: the recipe's).") var diffusivity: Double?
    @Option(help: "Burgers/heat: final time T (default: the recipe's; trajectories use the file's t).") var time: Double?
    @Option(help: "Burgers/Navier–Stokes: time step (default: the recipe's).") var dt: Double?

    func validate() throws {
        if let samples, samples <= 0 { throw ValidationError("--samples must be positive, got \(samples).") }
        for (value, name) in [(tolerance, "--tolerance"), (viscosity, "--viscosity"), (diffusivity, "--diffusivity"),
                              (time, "--time"), (dt, "--dt")] {
            if let value, !(value > 0) { throw ValidationError("\(name) must be positive, got \(value).") }
        }
    }

    func run() throws {
        let reader = try FieldFileReader(path: inputs)
        let recipe = try Solve.recipe(of: reader)
        func parameter(_ key: String, _ given: Double?, default fallback: Double? = nil) throws -> Double {
            if let given { return given }
            if let value = recipe[key] { return value }
            if let fallback { return fallback }
            throw CLIError("\(inputs) has no recipe value '\(key)'; give it as --\(key.replacingOccurrences(of: "_", with: "-"))")
        }
        let shape = try reader.shape(of: FieldFileFormat.inputs)
        let count = min(samples ?? shape[0], shape[0])
        let grid = Array(shape.dropFirst(2))
        let hasOutputs = reader.datasetNames.contains(FieldFileFormat.outputs)
        func requireShape(_ ok: Bool, _ expected: String) throws {
            guard ok, shape[1] == 1 else {
                throw CLIError("\(pde.rawValue) needs inputs of shape \(expected), but \(inputs) has inputs \(describe(shape))")
            }
        }

        // What one sample needs: the stored input (one channel) → the output values, and the output layout.
        let solveOne: ([Double]) throws -> [Double]
        var outputLayout = FieldSampleLayout(channels: ["u"], grid: grid)
        var settings: [(String, Any)] = []
        let times = reader.coordinateNames.contains("t") ? try reader.coordinate("t") : nil
        switch pde {
        case .darcy, .poisson:
            try requireShape(grid.count == 2 && grid[0] == grid[1] && grid[0] >= 3, "[N, 1, s, s] (\(pde == .darcy ? "the coefficient a" : "the source f") on an s×s node grid)")
            let s = grid[0], tol = try parameter("tolerance", tolerance, default: 1e-8)
            let f = source ?? 1
            settings = [("tolerance", tol)] + (pde == .darcy ? [("source", f)] : [])
            let isDarcy = pde == .darcy
            solveOne = { input in
                if isDarcy, let bad = input.first(where: { !($0 > 0) }) {
                    throw CLIError("the Darcy coefficient must be positive, but \(inputs) holds \(bad)")
                }
                let problem = isDarcy ? DarcyProblem(size: s, coefficient: input, source: [Double](repeating: f, count: s * s))
                                      : DarcyProblem.poisson(size: s, source: input)
                let result = problem.solve(configuration: .init(tolerance: tol))
                guard result.converged else { throw CLIError("a sample did not reach the tolerance \(tol)") }
                return result.solution
            }
        case .heat:
            try requireShape((1...2).contains(grid.count) && Set(grid).count == 1, "[N, 1, n] or [N, 1, n, n] (u0 on a periodic grid)")
            let kappa = try parameter("diffusivity", diffusivity)
            let targets = try time.map { [$0] } ?? times ?? [parameter("time", nil)]
            settings = [("diffusivity", kappa), ("times", targets)]
            if times != nil, time == nil { outputLayout.timeSteps = targets.count }
            let heat = Heat(dims: grid, diffusivity: kappa)
            solveOne = { u0 in targets.flatMap { heat.solution(u0, at: $0) } }
        case .burgers:
            try requireShape(grid.count == 1 && grid[0] % 2 == 0, "[N, 1, n] with n even (u0 on the periodic unit interval)")
            let nu = try parameter("viscosity", viscosity, default: 0.1), T = try parameter("time", time, default: 1)
            let step = try parameter("dt", dt, default: 1e-3)
            settings = [("viscosity", nu), ("time", T), ("dt", step)]
            let burgers = Burgers(points: grid[0], viscosity: nu)
            solveOne = { u0 in try ETDRK4Stepper(pde: burgers).evolve(u0, to: T, dt: step) }
        case .navierStokes:
            try requireShape(grid.count == 2 && grid[0] == grid[1] && grid[0] % 2 == 0, "[N, 1, n, n] with n even (w0 on the periodic unit square)")
            guard let times else { throw CLIError("\(inputs) has no t coordinate: navier-stokes solves to the recorded times of the file") }
            let nu = try parameter("viscosity", viscosity, default: 1e-3), step = try parameter("dt", dt, default: 1e-3)
            settings = [("viscosity", nu), ("dt", step), ("times", times)]
            outputLayout = FieldSampleLayout(channels: ["w"], grid: grid, timeSteps: times.count)
            let ns = NavierStokes2D(points: grid[0], viscosity: nu)
            solveOne = { w0 in try ETDRK4Stepper(pde: ns).evolve(w0, dt: step, recordingAt: times).flatMap { $0 } }
        }
        if hasOutputs {
            let stored = try reader.shape(of: FieldFileFormat.outputs)
            guard Array(stored.dropFirst()) == outputLayout.sampleShape else {
                throw CLIError("\(inputs) has outputs \(describe(stored)) but \(pde.rawValue) computes samples of shape \(describe(outputLayout.sampleShape)); check the PDE and --time")
            }
        }

        let recipeText = (["# neurop solve \(pde.rawValue) --inputs \(inputs)", "pde: \(pde.rawValue)", "samples: \(count)"]
            + settings.map { "\($0.0): \($0.1)" }).joined(separator: "\n") + "\n"
        let writer = try FieldFileWriter(path: output, metadata: FieldFileMetadata(
            pde: pde.rawValue, generator: NeuropVersion.generator, seed: reader.metadata?.seed ?? 0, recipe: recipeText))
        let inputChannels = try reader.channels(of: FieldFileFormat.inputs) ?? ["in"]
        try writer.declareSamples(FieldFileFormat.inputs, layout: FieldSampleLayout(channels: inputChannels, grid: grid),
                                  precision: dtype.precision)
        try writer.declareSamples(FieldFileFormat.outputs, layout: outputLayout, precision: dtype.precision)
        for axis in reader.coordinateNames where axis != "t" || outputLayout.timeSteps != nil {
            try writer.writeCoordinate(axis, try reader.coordinate(axis))
        }

        let inputSize = grid.reduce(1, *), outputSize = outputLayout.sampleShape.reduce(1, *)
        var differences = [Double](repeating: .nan, count: count)
        let progress = Progress(total: count, label: "solve \(pde.rawValue)")
        let blasThreads = BLAS.threads
        BLAS.setThreads(1)
        defer { BLAS.setThreads(blasThreads) }
        let start = Date()
        try differences.withUnsafeMutableBufferPointer { diff in
            let diff = diff
            try SampleProducer().fill([SampleProducer.Target(writer, FieldFileFormat.inputs, valuesPerSample: inputSize),
                                       SampleProducer.Target(writer, FieldFileFormat.outputs, valuesPerSample: outputSize)],
                                      samples: 0..<count, progress: progress.update) { index, out in
                let input = try reader.samples(FieldFileFormat.inputs, index..<index + 1, convertingFloat64: true)
                let values = input.withUnsafeBufferPointer { $0.map(Double.init) }
                let solution = try solveOne(values)
                for k in 0..<inputSize { out[0][k] = values[k] }
                for k in 0..<outputSize { out[1][k] = solution[k] }
                if hasOutputs {
                    let stored = try reader.samples(FieldFileFormat.outputs, index..<index + 1, convertingFloat64: true)
                    var num = 0.0, den = 0.0
                    stored.withUnsafeBufferPointer { r in
                        for k in 0..<outputSize { let d = solution[k] - Double(r[k]); num += d * d; den += Double(r[k] * r[k]) }
                    }
                    diff[index] = (num / max(den, .leastNormalMagnitude)).squareRoot()
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        try writer.finish()
        let threads = ThreadPool.shared.threadCount
        print("solved \(count) \(pde.rawValue) samples on \(grid.map(String.init).joined(separator: "×")) in \(String(format: "%.2f", seconds)) s: \(String(format: "%.2f", 1000 * seconds / Double(count))) ms per sample (\(threads) thread\(threads == 1 ? "" : "s"), samples in parallel)")
        if hasOutputs {
            let sorted = differences.sorted()
            let worst = differences.indices.max { differences[$0] < differences[$1] }!
            print(String(format: "relative L2 difference to the stored outputs: mean %.3e, median %.3e, worst %.3e (sample %d)",
                         differences.reduce(0, +) / Double(count), sorted[count / 2], differences[worst], worst))
        }
        print("wrote \(output)")
    }

    /// Numeric entries of the recipe a neurop file stores (empty for PDEBench files).
    static func recipe(of reader: FieldFileReader) throws -> [String: Double] {
        guard let text = reader.metadata?.recipe, let map = try? Yams.load(yaml: text) as? [String: Any] else { return [:] }
        return map.compactMapValues { ($0 as? Double) ?? ($0 as? Int).map(Double.init) }
    }
}

private func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
