// neurop-bench: neurop's numerical kernels beside their peers, in one run on this machine.
//
// Usage: neurop-bench [NAME …]   (no NAME runs them all; `--list` lists them)
// Every comparison ends with one stable line:
//   bench NAME neurop=X peer=Y unit=U ratio=R     (R > 1 means neurop is better)
import Foundation
import NeuropCore

// OpenBLAS's kernels for this CPU, before any BLAS call (`BLAS.chooseKernels`).
let blasKernels = BLAS.chooseKernels()
HeapReuse.enable()

let benchmarks: [(name: String, about: String, run: () -> Void)] = [
    ("gemm", "Tensor.matmul vs a raw cblas_sgemm call (1024³ and an FNO-shaped 131072×32·32×32)", runGEMM),
    ("fft", "RealFFT / Tensor.rfft vs raw fftwf r2c and c2r, batch 32 × 32 channels of 64×64", runFFT),
    ("spectral-conv", "spectral convolution layer fwd and fwd+bwd vs neuraloperator's SpectralConv (PyTorch CPU)",
     runSpectralConvolutionBenchmark),
    ("darcy", "Darcy multigrid-PCG vs SciPy spsolve, same coefficients and discretisation, s = 128…1024",
     runDarcyBenchmark),
    ("conv3x3", "3×3 convolution layer fwd and fwd+bwd vs torch.nn.Conv2d (PyTorch CPU)", runConvolutionBenchmark),
    ("wos", "Walk-on-Spheres walks/s vs vectorised NumPy, ε = 1e-3, 1024 points × 100 walks, WoS-NO star and disk",
     runWoSBenchmark),
    ("fno", "FNO 64², batch 32, width 32, modes 12×12, 4 layers: training and inference samples/s and peak memory vs neuraloperator's FNO (PyTorch CPU)",
     runFNOBenchmark),
    ("mgno", "MgNO training samples/s beside neurop's FNO (the Darcy configurations' architectures), 64² and 128², batch 8",
     runMgNOBenchmark),
    ("deeponet", "DeepONet training step (antiderivative size: 100 sensors, [40, 40] nets, batch 100, 100 query points) samples/s vs a plain PyTorch DeepONet (CPU)",
     runDeepONetBenchmark),
]

let arguments = Array(CommandLine.arguments.dropFirst())
// The fno benchmark runs neurop's side in a process of its own (for its peak memory).
if arguments.first == "fno-worker" {
    runFNOWorker(Array(arguments.dropFirst()))
    exit(0)
}
if arguments.contains("--list") || arguments.contains("-h") || arguments.contains("--help") {
    for b in benchmarks { print("\(b.name)\t\(b.about)") }
    exit(0)
}
let unknown = arguments.filter { name in !benchmarks.contains { $0.name == name } }
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("neurop-bench: unknown benchmark \(unknown.joined(separator: ", ")); known: \(benchmarks.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
print("OpenBLAS kernels: \(blasKernels)")
for b in benchmarks where arguments.isEmpty || arguments.contains(b.name) {
    print("== \(b.name): \(b.about)")
    b.run()
}
