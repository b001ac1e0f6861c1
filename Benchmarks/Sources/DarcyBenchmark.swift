import Foundation
import NeuropCore
import ReferenceSolvers

/// neurop's Darcy solver (multigrid-preconditioned CG to relative residual 1e-8, setup included)
/// beside SciPy's `spsolve` on the same FNO 12/3 coefficient and the same discretisation
/// (Benchmarks/peers/darcy_spsolve.py), at s = 128, 256, 421, 1024; reports time ratios and the
/// relative L2 difference of the two solutions.
func runDarcyBenchmark() {
    for s in [128, 256, 421, 1024] {
        var rng = RandomStream(seed: 0, stream: UInt64(s))
        let coefficient = DarcyCoefficientSampler(size: s).sample(using: &rng)
        var solution: [Double] = []
        var iterations = 0
        let ms = medianMilliseconds(rounds: s <= 421 ? 5 : 3, warmup: 1) {
            let discrete = DarcyDiscretisation(DarcyProblem(size: s, coefficient: coefficient))
            let result = MultigridSolver(hierarchy: MultigridHierarchy(discrete.matrix)).solve(discrete.rightHandSide)
            solution = result.solution
            iterations = result.iterations
        }
        print("  neurop darcy-\(s): \(format(ms)) ms, \(iterations) PCG iterations, \(s * s) nodes")
        let dir = FileManager.default.temporaryDirectory
        let input = dir.appendingPathComponent("neurop-darcy-\(s)-a.f64"), output = dir.appendingPathComponent("neurop-darcy-\(s)-u.f64")
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: output) }
        coefficient.withUnsafeBufferPointer { try? Data(buffer: $0).write(to: input) }
        guard let peer = runPeer("darcy_spsolve.py", [input.path, "\(s)", output.path]),
              let peerMs = peer["darcy-\(s)"], let data = try? Data(contentsOf: output) else { continue }
        let reference = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        var num = 0.0, den = 0.0
        for (x, y) in zip(solution, reference) { num += (x - y) * (x - y); den += y * y }
        print("  relative L2 difference to spsolve: \(String(format: "%.2e", (num / den).squareRoot()))")
        report("darcy-spsolve-\(s)", neurop: ms, peer: peerMs, unit: "ms", higherIsBetter: false)
    }
}
