import Autograd
import ConvolutionKernels
import NeuropCore
import SpectralKernels

/// One layer's forward and forward+backward through neurop's tape, beside the same PyTorch layer
/// (Benchmarks/peers/layers.py) in the same invocation: batch 32, 32 → 32 channels, 64×64.
///
/// Both sides compute the input gradient as well as the weight gradient (PyTorch's input requires
/// grad), and backpropagate a fixed random output gradient.
func runSpectralConvolutionBenchmark() {
    // neuraloperator's SpectralConv(n_modes=(12, 12)) keeps 12 frequencies in all on the first
    // axis (6 at each end) and 12//2+1 = 7 on the rfft axis: modes [6, 7] here. It adds a bias.
    let conv = SpectralConvolution(inChannels: 32, outChannels: 32, modes: [6, 7])
    var rng = RandomStream(seed: 0)
    let weight = Parameter(conv.initialWeight(using: &rng))
    let bias = Parameter(Tensor(shape: [32], repeating: 0.1))
    let x = Tensor(shape: [32, 32, 64, 64]) { _ in Float(rng.normal()) }
    let v = Tensor(shape: [32, 32, 64, 64]) { _ in Float(rng.normal()) }
    func layer(_ input: Variable) -> Variable {
        input.spectralConvolution(weight: input.use(weight), bias: input.use(bias), conv)
    }
    compareLayer("spectral-conv", peerLayer: "spectral", peerArguments: ["--modes", "12", "12"],
                 forward: { _ = layer(Variable(x)) },
                 forwardBackward: {
                     weight.zeroGradient()
                     bias.zeroGradient()
                     let tape = Tape()
                     tape.gradients(of: layer(tape.variable(x)), seed: v)
                 })
}

/// Runs neurop's forward and forward+backward, then the peer's, and reports both comparisons.
func compareLayer(_ name: String, peerLayer: String, peerArguments: [String] = [],
                  forward: () -> Void, forwardBackward: () -> Void) {
    let rounds = 15
    let fwd = medianMilliseconds(rounds: rounds, forward)
    let both = medianMilliseconds(rounds: rounds, forwardBackward)
    print("  neurop \(name): forward \(format(fwd)) ms, forward+backward \(format(both)) ms")
    guard let peer = runPeer("layers.py", [peerLayer, "--rounds", "\(rounds)"] + peerArguments) else { return }
    if let p = peer["\(peerLayer)-forward"] {
        report("\(name)-forward", neurop: fwd, peer: p, unit: "ms", higherIsBetter: false)
    }
    if let p = peer["\(peerLayer)-forward-backward"] {
        report("\(name)-forward-backward", neurop: both, peer: p, unit: "ms", higherIsBetter: false)
    }
}

/// A 3×3 convolution layer (zero padding 1, with bias) beside PyTorch's `nn.Conv2d(32, 32, 3, padding=1)`.
func runConvolutionBenchmark() {
    var rng = RandomStream(seed: 0)
    let conv = Convolution(geometry: ConvolutionGeometry(spatialRank: 2, kernel: 3, padding: 1))
    let weight = Parameter(Tensor(shape: [32, 32, 3, 3]) { _ in Float(rng.normal()) * 0.05 })
    let bias = Parameter(Tensor(shape: [32], repeating: 0.1))
    let x = Tensor(shape: [32, 32, 64, 64]) { _ in Float(rng.normal()) }
    let v = Tensor(shape: [32, 32, 64, 64]) { _ in Float(rng.normal()) }
    func layer(_ input: Variable) -> Variable {
        input.convolution(weight: input.use(weight), bias: input.use(bias), conv)
    }
    compareLayer("conv3x3", peerLayer: "conv3x3",
                 forward: { _ = layer(Variable(x)) },
                 forwardBackward: {
                     weight.zeroGradient()
                     bias.zeroGradient()
                     let tape = Tape()
                     tape.gradients(of: layer(tape.variable(x)), seed: v)
                 })
}
