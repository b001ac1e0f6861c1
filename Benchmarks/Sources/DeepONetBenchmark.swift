import Autograd
import DeepONet
import Foundation
import NeuralNetworks
import NeuropCore

// neurop's DeepONet beside a plain PyTorch DeepONet (Benchmarks/peers/deeponet.py, CPU, 2 threads)
// of the antiderivative model's size (Solvers/deeponet-antiderivative.yaml): m = 100 sensors,
// branch [100, 40, 40], trunk [1, 40, 40] with its last activation, ReLU, p = 40, batch 100, the
// same N = 100 query points for every sample (Cartesian-product evaluation). A training step is
// forward, MSE loss, backward and the Adam update, on random data. The two sides alternate
// `deepONetRepeats` times and each side's figure is its best repeat (a shared machine only ever
// slows a side down; see FNOBenchmark.swift). The peer runs with 2 threads and with 1, and its
// figure is the better of the two: with another process on one of the 2 cores, torch's two
// threads wait for each other (1-60 ms a step seen), and a peer is compared at its best. neurop
// runs these small GEMMs on one OpenBLAS thread (`BLAS.sized`).

let deepONetRepeats = 3

func runDeepONetBenchmark() {
    let batch = 100, sensors = 100, queries = 100, rounds = 400
    var c = DeepONetConfiguration(sensors: sensors, queryDimension: 1)
    c.branch = [40, 40]
    c.trunk = [40, 40]
    c.activation = .relu
    var rng = RandomStream(seed: 0)
    let model: DeepONet
    do { model = try DeepONet(c, rng: &rng) } catch {
        print("  could not build the model: \(error)")
        return
    }
    let v = Tensor(shape: [batch, sensors]) { _ in Float(rng.normal()) }
    let y = Tensor(shape: [queries, 1]) { i in Float(i) / Float(queries - 1) }
    let target = Tensor(shape: [batch, 1, queries]) { _ in Float(rng.normal()) }
    let optimizer = Optimizer(.adam(), parameters: model.namedParameters, learningRate: 1e-3)
    func step() {
        model.zeroGradients()
        let tape = Tape()
        tape.gradients(of: Loss.mse(model.cartesian(tape.constant(v), queries: y), target))
        optimizer.step()
    }
    var ours: [Double] = [], theirs: [Double] = []
    var peerParameters: Double?
    for _ in 0..<deepONetRepeats {
        let ms = medianMilliseconds(rounds: rounds, warmup: 20, step)
        ours.append(Double(batch) / ms * 1e3)
        print(String(format: "  neurop: train %.0f samples/s (%.3f ms a step)", ours.last!, ms))
        let arguments = ["--rounds", "\(rounds)", "--batch", "\(batch)", "--sensors", "\(sensors)", "--queries", "\(queries)"]
        if let p = runPeer("deeponet.py", arguments), let two = p["train-samples-per-second"] {
            let one = p["train-samples-per-second-1-thread"] ?? 0
            theirs.append(max(one, two))
            peerParameters = p["parameters"]
            print(String(format: "  peer:   train %.0f samples/s (%.3f ms a step) on 2 threads, %.0f (%.3f ms) on 1",
                         two, Double(batch) / two * 1e3, one, Double(batch) / one * 1e3))
        }
    }
    print("  parameters: neurop \(model.parameterCount)" + (peerParameters.map { ", peer \(Int($0))" } ?? "; no peer"))
    guard !theirs.isEmpty else { return }
    report("deeponet-train", neurop: ours.max()!, peer: theirs.max()!, unit: "samples/s", higherIsBetter: true)
}
