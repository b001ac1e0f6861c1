import ArgumentParser
import Fields
import Foundation
import NeuropCore
import ReferenceSolvers

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

    @Argument(help: "The PDE: \(ReferencePDE.names).") var pde: ReferencePDE
    @Option(help: "Field file whose `inputs` are solved (neurop or PDEBench).") var inputs: String
    @Option(name: .shortAndLong, help: "Output field file (.h5) with the inputs and the solver's outputs.") var output: String
    @Option(help: "Solve only the first K samples.") var samples: Int?
    @Option(help: "Element type of the stored fields: float32 or float64.") var dtype: StoredType = .float32
    @OptionGroup var solverOptions: SolverOptions

    func validate() throws {
        if let samples, samples <= 0 { throw ValidationError("--samples must be positive, got \(samples).") }
    }

    func run() throws {
        let reader = try FieldFileReader(path: inputs)
        let shape = try reader.shape(of: FieldFileFormat.inputs)
        let count = min(samples ?? shape[0], shape[0])
        let grid = Array(shape.dropFirst(2))
        let hasOutputs = reader.datasetNames.contains(FieldFileFormat.outputs)
        let solver = try solverOptions.solver(pde, for: reader)
        let outputLayout = FieldSampleLayout(channels: [solver.outputChannel], grid: grid, timeSteps: solver.timeSteps)
        if hasOutputs {
            let stored = try reader.shape(of: FieldFileFormat.outputs)
            guard Array(stored.dropFirst()) == outputLayout.sampleShape else {
                throw CLIError("\(inputs) has outputs \(describe(stored)) but \(pde.rawValue) computes samples of shape \(describe(outputLayout.sampleShape)); check the PDE and --time")
            }
        }

        let recipeText = (["# neurop solve \(pde.rawValue) --inputs \(inputs)", "pde: \(pde.rawValue)", "samples: \(count)"]
            + solver.settings.map { "\($0.name): \($0.value)" }).joined(separator: "\n") + "\n"
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
                let solution = try solver.solve(values)
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
}

private func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
