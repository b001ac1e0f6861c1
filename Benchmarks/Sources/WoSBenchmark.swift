import Foundation
import NeuropCore
import WalkOnSpheres

/// Walk-on-Spheres beside a vectorised NumPy implementation (Benchmarks/peers/wos_numpy.py): the
/// Laplace problem with g = eˣ cos y, ε = 1e-3, 1024 points × 100 walks, on the WoS-NO star domain
/// r = 1 + 0.15 cos 4θ + 0.1 cos 8θ (the peer measures the exact distance to the 2048-segment
/// polyline, neurop the same distance through its angular window and chunk hierarchy, less the
/// polyline tolerance) and on the unit disk. Reports walks/s and steps/s of both (setup included),
/// the RMS errors against the exact solution and the RMS difference between the two estimates.
func runWoSBenchmark() {
    let configuration = WalkOnSpheres.Configuration(walks: 100, epsilon: 1e-3, maxSteps: 1000, seed: 1)
    let estimator = try! WalkOnSpheres(configuration)
    let problem = DirichletProblem<Vector2>(boundary: { exp($0.x) * cos($0.y) })
    let (c4, c8, segments) = (0.15, 0.1, 2048)
    let makeStar = { try! StarDomain(coefficients: [0, 0, 0, c4, 0, 0, 0, c8], segments: segments) }
    let makeDisk = { try! Disk(radius: 1) }

    func compare<D: Domain>(_ name: String, _ makeDomain: @escaping () -> D, peerArguments: [String]) where D.Vector == Vector2 {
        var rng = RandomStream(seed: 0, stream: 0)
        let points = makeDomain().uniformPoints(count: 1024, using: &rng)
        var estimates: [PointEstimate] = []
        let ms = medianMilliseconds(rounds: 5, warmup: 1) {
            estimates = try! estimator.estimate(problem, in: makeDomain(), at: points)
        }
        let walks = Double(points.count * configuration.walks)
        let meanSteps = estimates.map(\.meanSteps).reduce(0, +) / Double(estimates.count)
        let walksPerSecond = walks / (ms / 1e3), stepsPerSecond = walks * meanSteps / (ms / 1e3)
        // Errors against the exact solution and the standard errors, as RMS over the points.
        var errorSquares = 0.0, standardErrorSquares = 0.0
        for (p, e) in zip(points, estimates) {
            errorSquares += pow(e.value - exp(p.x) * cos(p.y), 2)
            standardErrorSquares += e.standardError * e.standardError
        }
        let rmsError = (errorSquares / Double(points.count)).squareRoot()
        let rmsStandardError = (standardErrorSquares / Double(points.count)).squareRoot()
        print("  neurop wos-\(name): \(format(ms)) ms, \(format(walksPerSecond)) walks/s, \(format(stepsPerSecond)) steps/s, "
              + "\(String(format: "%.2f", meanSteps)) steps/walk, \(ThreadPool.shared.threadCount) threads; "
              + "RMS error vs exact \(String(format: "%.4f", rmsError)), RMS standard error \(String(format: "%.4f", rmsStandardError))")

        let dir = FileManager.default.temporaryDirectory
        let input = dir.appendingPathComponent("neurop-wos-\(name)-points.f64"), output = dir.appendingPathComponent("neurop-wos-\(name)-u.f64")
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: output) }
        let flat = points.flatMap { [$0.x, $0.y] }
        flat.withUnsafeBufferPointer { try? Data(buffer: $0).write(to: input) }
        guard let peer = runPeer("wos_numpy.py", [name, input.path, "\(configuration.walks)", "\(configuration.epsilon)",
                                                  "\(configuration.maxSteps)", output.path] + peerArguments),
              let peerWalks = peer["wos-\(name)-walks-per-s"], let peerSteps = peer["wos-\(name)-steps-per-s"],
              let data = try? Data(contentsOf: output) else { return }
        let reference = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        var differenceSquares = 0.0
        for (e, r) in zip(estimates, reference) { differenceSquares += (e.value - r) * (e.value - r) }
        let rmsDifference = (differenceSquares / Double(points.count)).squareRoot()
        print("  numpy  wos-\(name): \(format(peerWalks)) walks/s, \(format(peerSteps)) steps/s, "
              + "\(String(format: "%.2f", peer["wos-\(name)-mean-steps"] ?? .nan)) steps/walk; "
              + "RMS difference neurop − numpy \(String(format: "%.4f", rmsDifference)) (≈ √2 × RMS standard error for two independent estimates)")
        report("wos-\(name)-steps", neurop: stepsPerSecond, peer: peerSteps, unit: "steps/s", higherIsBetter: true)
        report("wos-\(name)", neurop: walksPerSecond, peer: peerWalks, unit: "walks/s", higherIsBetter: true)
    }

    compare("star", makeStar, peerArguments: ["\(c4)", "\(c8)", "\(segments)"])
    compare("disk", makeDisk, peerArguments: [])
}
