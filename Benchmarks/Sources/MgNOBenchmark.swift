import Autograd
import FourierOperators
import Foundation
import MultigridOperators
import NeuralNetworks
import NeuropCore

// The multigrid neural operator beside neurop's FNO, both with the architectures of their Darcy
// configurations (Solvers/mgno-darcy.yaml: 24 channels, 5 layers, 6 levels, one pre-smoothing step;
// Solvers/fno-darcy.yaml: the FNO paper's modes [24, 22], width 32, 4 layers, projection 128, no
// lifting MLP or channel MLP, 5 % domain padding), on 1 → 1 channel fields at 64² and 128², batch 8.
// One training step (forward, relative L2 loss, backward, Adam) each, measured alternately in one
// process. The "peer" in the result line is neurop's own FNO: ratio > 1 means MgNO trains faster.

private func mgnoModel(rng: inout RandomStream) -> MgNO {
    var c = MgNOConfiguration()
    c.channels = 24
    c.layers = 5
    c.levels = 6
    c.smoothing = [1]
    c.postSmoothing = 0
    c.padding = .zero
    return MgNO(c, rng: &rng)
}

private func fnoModel(rng: inout RandomStream) -> FNO {
    var c = FNOConfiguration(modes: [24, 22])
    c.width = 32
    c.layers = 4
    c.projectionChannels = 128
    c.liftingChannels = 0
    c.channelMLP = false
    c.domainPadding = 0.05
    return FNO(c, rng: &rng)
}

func runMgNOBenchmark() {
    let batch = 8
    var rng = RandomStream(seed: 0)
    let mgno = mgnoModel(rng: &rng), fno = fnoModel(rng: &rng)
    print("  parameters: MgNO \(mgno.parameterCount), FNO \(fno.parameterCount)")
    let mgnoOptimizer = Optimizer(.adam(), parameters: mgno.namedParameters, learningRate: 1e-3)
    let fnoOptimizer = Optimizer(.adam(), parameters: fno.namedParameters, learningRate: 1e-3)
    for s in [64, 128] {
        let shape = [batch, 1, s, s]
        let input = Tensor(shape: shape) { _ in Float(rng.normal()) }
        let target = Tensor(shape: shape) { _ in Float(rng.normal()) }
        func step(_ model: some FieldOperator, _ optimizer: Optimizer) {
            model.zeroGradients()
            let tape = Tape()
            tape.gradients(of: Loss.relativeL2(model(tape.constant(input)), target))
            optimizer.step()
        }
        let (mgnoSeconds, fnoSeconds) = interleavedMedians(rounds: s == 64 ? 7 : 5, warmup: 1,
                                                           { step(mgno, mgnoOptimizer) }, { step(fno, fnoOptimizer) })
        let mgnoRate = Double(batch) / mgnoSeconds, fnoRate = Double(batch) / fnoSeconds
        print(String(format: "  %d²: MgNO %.1f samples/s, FNO %.1f samples/s (training step, batch %d)", s, mgnoRate, fnoRate, batch))
        report("mgno-train-\(s)", neurop: mgnoRate, peer: fnoRate, unit: "samples/s", higherIsBetter: true)
    }
}
