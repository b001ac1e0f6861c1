import Autograd
import FourierOperators
import Foundation
import NeuralNetworks
import NeuropCore

// neurop's FNO beside neuraloperator's (PyTorch CPU, 2 threads): 64×64, batch 32, 1 → 1 channel,
// width 32, n_modes (12, 12), 4 layers, neuraloperator's defaults otherwise. Each side runs in its
// own process — neurop in `neurop-bench fno-worker`, the peer in Benchmarks/peers/fno.py — so that
// each process's peak resident memory (getrusage ru_maxrss) is that side's alone. The two alternate
// `fnoRepeats` times, every repeat is printed, and each side's throughput is its best repeat: on a
// shared machine other processes only ever slow a side down, and a median of three was decided by
// whichever side happened to be disturbed twice. Memory figures (load-independent) are medians.

let fnoRepeats = 3

/// The benchmark's model and data, the same shapes as the peer's.
struct FNOBenchmarkSetup {
    static let batch = 32, resolution = 64
    let model: FNO
    let input: Tensor
    let target: Tensor

    init() {
        var c = FNOConfiguration(modes: [12, 12])
        c.width = 32
        c.layers = 4
        var rng = RandomStream(seed: 0)
        model = FNO(c, rng: &rng)
        let shape = [Self.batch, 1, Self.resolution, Self.resolution]
        input = Tensor(shape: shape) { _ in Float(rng.normal()) }
        target = Tensor(shape: shape) { _ in Float(rng.normal()) }
    }
}

/// `neurop-bench fno-worker [TRAIN_ROUNDS INFER_ROUNDS]`: prints `worker NAME VALUE` lines —
/// parameter counts, median samples/s of a training step (forward, relative L2 loss, backward,
/// Adam) and of inference, and this process's peak resident memory in MiB.
func runFNOWorker(_ arguments: [String]) {
    let trainRounds = arguments.count > 0 ? Int(arguments[0]) ?? 10 : 10
    let inferRounds = arguments.count > 1 ? Int(arguments[1]) ?? 20 : 20
    let setup = FNOBenchmarkSetup()
    let model = setup.model
    print("worker parameters \(model.neuralOperatorParameterCount)")
    print("worker real-parameters \(model.parameterCount)")
    let optimizer = Optimizer(.adam(), parameters: model.namedParameters, learningRate: 1e-3)
    let batch = Double(FNOBenchmarkSetup.batch)
    let train = medianMilliseconds(rounds: trainRounds) {
        model.zeroGradients()
        let tape = Tape()
        tape.gradients(of: Loss.relativeL2(model(tape.constant(setup.input)), setup.target))
        optimizer.step()
    }
    print("worker train-samples-per-second \(batch / train * 1e3)")
    let infer = medianMilliseconds(rounds: inferRounds) { _ = model(Variable(setup.input)) }
    print("worker infer-samples-per-second \(batch / infer * 1e3)")
    print("worker peak-memory-mib \(peakResidentMiB())")
}

/// This process's peak resident memory in MiB (`ru_maxrss`: KiB on Linux, bytes on macOS).
func peakResidentMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / (1024 * 1024)
    #endif
}

/// Runs this executable's `fno-worker` mode and returns its `worker NAME VALUE` lines.
func runFNOWorkerProcess(trainRounds: Int, inferRounds: Int) -> [String: Double]? {
    let process = Process()
    process.executableURL = Bundle.main.executableURL
    process.arguments = ["fno-worker", "\(trainRounds)", "\(inferRounds)"]
    let out = Pipe()
    process.standardOutput = out
    do { try process.run() } catch {
        print("  fno-worker could not start: \(error)")
        return nil
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        print("  fno-worker exited with status \(process.terminationStatus)")
        return nil
    }
    var values: [String: Double] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let f = line.split(separator: " ")
        if f.count == 3, f[0] == "worker", let v = Double(f[2]) { values[String(f[1])] = v }
    }
    return values
}

func runFNOBenchmark() {
    let trainRounds = 8, inferRounds = 16
    var ours: [[String: Double]] = [], theirs: [[String: Double]] = []
    for _ in 0..<fnoRepeats {
        guard let o = runFNOWorkerProcess(trainRounds: trainRounds, inferRounds: inferRounds) else { return }
        ours.append(o)
        print(String(format: "  neurop: train %.1f samples/s, infer %.1f samples/s, peak %.0f MiB",
                     o["train-samples-per-second"] ?? .nan, o["infer-samples-per-second"] ?? .nan, o["peak-memory-mib"] ?? .nan))
        if let p = runPeer("fno.py", ["--train-rounds", "\(trainRounds)", "--infer-rounds", "\(inferRounds)"]) {
            theirs.append(p)
            print(String(format: "  peer:   train %.1f samples/s, infer %.1f samples/s, peak %.0f MiB",
                         p["train-samples-per-second"] ?? .nan, p["infer-samples-per-second"] ?? .nan, p["peak-memory-mib"] ?? .nan))
        }
    }
    func median(_ runs: [[String: Double]], _ key: String) -> Double {
        let v = runs.compactMap { $0[key] }.sorted()
        return v.isEmpty ? .nan : v[v.count / 2]
    }
    func best(_ runs: [[String: Double]], _ key: String) -> Double { runs.compactMap { $0[key] }.max() ?? .nan }
    let count = Int(median(ours, "parameters")), real = Int(median(ours, "real-parameters"))
    guard !theirs.isEmpty else {
        print("  parameters: neurop \(count) (\(real) real scalars); no peer")
        return
    }
    let peerCount = Int(median(theirs, "parameters")), peerReal = Int(median(theirs, "real-parameters"))
    print("  parameters (complex entries once / real scalars): neurop \(count) / \(real), peer \(peerCount) / \(peerReal)")
    report("fno-train", neurop: best(ours, "train-samples-per-second"), peer: best(theirs, "train-samples-per-second"),
           unit: "samples/s", higherIsBetter: true)
    report("fno-infer", neurop: best(ours, "infer-samples-per-second"), peer: best(theirs, "infer-samples-per-second"),
           unit: "samples/s", higherIsBetter: true)
    report("fno-peak-memory", neurop: median(ours, "peak-memory-mib"), peer: median(theirs, "peak-memory-mib"),
           unit: "MiB", higherIsBetter: false)
}
