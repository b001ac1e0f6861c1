import ArgumentParser
import Fields
import Foundation
import NeuropCore
import WalkOnSpheres

/// `neurop generate wos`: Walk-on-Spheres estimates of Poisson problems Δu = f on random domains,
/// WoS-NO style — per sample a random problem, P query points with W walks each → `points`,
/// `values`, `std_error`, the operator inputs on a grid, and the problem's parameters.
struct GenerateWoS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wos",
        abstract: "Walk-on-Spheres estimates of Δu = f, u = g on random star, disk or square domains (WoS-NO problems).",
        discussion: """
            Sample i draws, from random stream i of the seed: the domain (star: c_k ~ U(−a, a) for each \
            mode k), the source bumps, the boundary coefficients, then the query points; the walks from \
            point p use stream (i + 1)·2³² + p. Datasets: points [N, P, 2], values and std_error [N, P] \
            (exact [N, P] for --problem manufactured), inside [N, P] (1 for points in the domain); inputs [N, 4, n, n] with channels mask, sdf, f, g \
            (g at the closest boundary point) on the node grid x, y; and the parameters \
            star_coefficients, boundary_coefficients, source_bumps, each described in `neurop inspect`. \
            With --query grid the points are the n² grid nodes in x-major order; nodes outside the \
            domain (mask 0) hold value, std_error and exact 0.
            """)

    enum DomainFamily: String, ExpressibleByArgument, CaseIterable { case disk, square, star }
    enum ProblemFamily: String, ExpressibleByArgument, CaseIterable { case wosNO = "wos-no", manufactured }
    enum Source: String, ExpressibleByArgument, CaseIterable { case gaussians, none }
    enum Query: String, ExpressibleByArgument, CaseIterable { case uniform, grid }

    @Option(help: "Domain family: star r = 1 + Σ c_k cos kθ (WoS-NO), the unit disk, or the square [−1, 1]².")
    var domain: DomainFamily = .star
    @Option(help: "wos-no: g a Fourier series in the boundary angle; manufactured: u = harmonic polynomial (+ bumps), exact u stored.")
    var problem: ProblemFamily = .wosNO
    @Option(help: "gaussians: f = Σ β exp(−|x − μ|²/w²) (manufactured: f = Δ of the bumps added to u); none: Laplace.")
    var source: Source = .gaussians
    @Option(help: "uniform: --points random points in the domain; grid: the --resolution² grid nodes.")
    var query: Query = .uniform
    @Option(help: "Query points per sample for --query uniform (default 1024).") var points: Int?
    @Option(help: "Grid nodes per axis n of the operator inputs (and of the queries with --query grid), ≥ 8.")
    var resolution: Int = 64
    @Option(help: "Walks per query point (≥ 2, for a standard error).") var walks: Int = 100
    @Option(help: "ε: walks stop within ε of the boundary (bias O(ε), walk length O(log 1/ε)).") var epsilon: Double = 1e-3
    @Option(help: "Step cap per walk.") var maxSteps: Int = 1000
    @Option(help: "Star shapes: c_k ~ U(−a, a); amplitude × number of modes must stay below 1.") var starAmplitude: Double = 0.2
    @Option(help: "Star shapes: the modes k with a random c_k, comma-separated.") var starModes: String = "4,8"
    @Option(help: "Star shapes: segments of the polyline the distances are computed on.") var segments: Int = 2048
    @Option(help: "Gaussian bumps per source (β, μ ~ N(0, 1)).") var bumps: Int = 2
    @Option(help: "Bump widths w ~ U(MIN, MAX), as MIN,MAX (WoS-NO: 1,1).") var bumpWidths: String = "1,1"
    @Option(help: "Boundary data modes K: Fourier modes of g (wos-no) or harmonic polynomial degree (manufactured).")
    var boundaryModes: Int = 2
    @OptionGroup var common: GenerationOptions

    func modes() throws -> [Int] {
        let parts = starModes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 1 }), Set(parts).count == parts.count else {
            throw ValidationError("--star-modes must be distinct positive integers separated by commas (e.g. 4,8), got '\(starModes)'.")
        }
        return parts.map { $0! }
    }

    func widths() throws -> ClosedRange<Double> {
        let parts = bumpWidths.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low > 0, low <= high, high.isFinite else {
            throw ValidationError("--bump-widths must be MIN,MAX with 0 < MIN ≤ MAX (e.g. 1,1 or 0.3,1), got '\(bumpWidths)'.")
        }
        return low...high
    }

    func validate() throws {
        guard resolution >= 8 else { throw ValidationError("--resolution must be at least 8, got \(resolution).") }
        if query == .grid, points != nil {
            throw ValidationError("--points applies to --query uniform; with --query grid the queries are the --resolution² grid nodes.")
        }
        if let points, points < 1 { throw ValidationError("--points must be positive, got \(points).") }
        guard walks >= 2 else { throw ValidationError("--walks must be at least 2 (the standard error needs two walks), got \(walks).") }
        guard epsilon > 0, epsilon < 0.1 else {
            throw ValidationError("--epsilon must be in (0, 0.1) (the domains have size ~1), got \(epsilon); use e.g. 1e-3.")
        }
        guard maxSteps >= 1 else { throw ValidationError("--max-steps must be at least 1, got \(maxSteps).") }
        let modes = try modes()
        guard starAmplitude >= 0, starAmplitude * Double(modes.count) < 1 else {
            throw ValidationError("--star-amplitude \(starAmplitude) with \(modes.count) modes can make r(θ) = 1 + Σ c_k cos kθ reach 0, so the star would cross itself; keep amplitude × modes below 1.")
        }
        guard segments >= 64 else { throw ValidationError("--segments must be at least 64, got \(segments); use 2048.") }
        guard bumps >= 1 || source == .none else {
            throw ValidationError("--bumps must be at least 1 with --source gaussians; use --source none for Laplace problems.")
        }
        _ = try widths()
        guard boundaryModes >= 0 else { throw ValidationError("--boundary-modes must be non-negative, got \(boundaryModes).") }
    }

    /// Points per sample.
    var pointCount: Int { query == .grid ? resolution * resolution : (points ?? 1024) }

    func run() throws {
        let modes = try modes(), widths = try widths()
        let options: [(String, Any)] = [
            ("domain", domain.rawValue), ("problem", problem.rawValue), ("source", source.rawValue),
            ("query", query.rawValue), ("resolution", resolution), ("walks", walks), ("epsilon", epsilon),
            ("max_steps", maxSteps), ("star_amplitude", starAmplitude), ("star_modes", modes), ("segments", segments),
            ("bumps", bumps), ("bump_widths", [widths.lowerBound, widths.upperBound]), ("boundary_modes", boundaryModes),
        ] + (query == .uniform ? [("points", pointCount)] : [])
        let n = resolution, P = pointCount, seed = common.seed
        // The node grid covers the largest domain of the family.
        let half = domain == .star ? 1 + starAmplitude * Double(modes.count) : 1
        let nodes = (0..<n).map { -half + 2 * half * Double($0) / Double(n - 1) }
        let layout = WoSDatasets(domain: domain, problem: problem, source: source, modes: modes, bumps: bumps,
                                 boundaryModes: boundaryModes, points: P)
        let file = GeneratedFile(
            path: common.output, options: options,
            datasets: [GeneratedDataset(FieldFileFormat.inputs, FieldSampleLayout(channels: OperatorInputs.channels, grid: [n, n]))]
                + GeneratedDataset.pointCloud(points: P, dimension: 2) + layout.datasets,
            coordinates: [("x", nodes), ("y", nodes)])

        let estimator = try WalkOnSpheres(.init(walks: walks, epsilon: epsilon, maxSteps: maxSteps, seed: UInt64(seed)))
        let tally = WalkTally()
        let sampler = WoSSampler(family: self, layout: layout, widths: widths, nodes: nodes, estimator: estimator, tally: tally)
        try generate("wos", files: [file], common: common, blockSize: 16) { index, out in
            var rng = RandomStream(seed: UInt64(seed), stream: UInt64(index))
            switch domain {
            case .disk: try sampler.produce(try Disk(radius: 1), coefficients: [], index: index, rng: &rng, out: out)
            case .square: try sampler.produce(try Box(lower: Vector2(-1, -1), upper: Vector2(1, 1)), coefficients: [],
                                              index: index, rng: &rng, out: out)
            case .star:
                let star = try StarDomain.random(modes: modes, amplitude: starAmplitude, segments: segments, using: &rng)
                try sampler.produce(star, coefficients: modes.map { star.coefficients[$0 - 1] }, index: index, rng: &rng, out: out)
            }
        }
        let (meanSteps, capped) = tally.summary
        print("wrote \(common.samples) samples × \(P) points × \(walks) walks (\(String(format: "%.1f", meanSteps)) steps per walk, "
              + "\(capped) walks capped) to \(common.output)")
    }
}

/// The datasets beside the point cloud and the inputs, and where their buffers come (`slot`).
private struct WoSDatasets {
    let domain: GenerateWoS.DomainFamily, problem: GenerateWoS.ProblemFamily, source: GenerateWoS.Source
    let modes: [Int], bumps: Int, boundaryModes: Int, points: Int

    var hasExact: Bool { problem == .manufactured }
    var hasStar: Bool { domain == .star }
    var hasBumps: Bool { source == .gaussians }
    var boundaryCount: Int { 2 * boundaryModes + 1 }

    /// The problem parameters (and exact values) stored beside the estimates, in buffer order.
    var datasets: [GeneratedDataset] {
        // Which points carry an estimate: with grid queries the nodes outside Ω hold 0, not a target.
        var list = [GeneratedDataset(name: "inside", sampleShape: [points], axes: ["sample", "point"],
                                     description: "1 where the point lies in the domain (values and std_error are its estimate), 0 outside (they hold 0 and are no target)")]
        if hasExact {
            list.append(GeneratedDataset(name: "exact", sampleShape: [points], axes: ["sample", "point"],
                                         description: "the exact solution u = h + Σ bumps at the points (manufactured problems)"))
        }
        if hasStar {
            list.append(GeneratedDataset(name: "star_coefficients", sampleShape: [modes.count], axes: ["sample", "coefficient"],
                                         channels: modes.map { "c\($0)" },
                                         description: "the domain ρ < r(θ) = 1 + Σ_k c_k cos kθ, one c_k per channel name"))
        }
        let names = problem == .wosNO
            ? ["a0"] + (0..<boundaryModes).flatMap { ["a\($0 + 1)", "b\($0 + 1)"] }
            : ["p0"] + (0..<boundaryModes).flatMap { ["p\($0 + 1)", "q\($0 + 1)"] }
        list.append(GeneratedDataset(name: "boundary_coefficients", sampleShape: [boundaryCount], axes: ["sample", "coefficient"],
                                     channels: names, description: problem == .wosNO
            ? "g(θ) = a0 + Σ_k (a_k cos kθ + b_k sin kθ) at the boundary point's polar angle θ = atan2(y, x)"
            : "the harmonic part h(x, y) = Re Σ_k (p_k + i q_k)(x + iy)^k of u (q0 = 0)"))
        if hasBumps {
            list.append(GeneratedDataset(name: "source_bumps", sampleShape: [bumps, 4], axes: ["sample", "bump", "component"],
                                         channels: ["amplitude", "x", "y", "width"], description: problem == .wosNO
                ? "f(x) = Σ_j amplitude_j exp(−|x − (x_j, y_j)|² / width_j²) in Δu = f"
                : "the bumps b(x) = Σ_j amplitude_j exp(−|x − (x_j, y_j)|² / width_j²) added to u; f = Δb"))
        }
        return list
    }

    /// The index of dataset `name`'s buffer: after inputs, points, values and std_error.
    func slot(_ name: String) -> Int { 4 + datasets.firstIndex { $0.name == name }! }
}

/// Walk statistics over all samples, for the closing line (samples run in parallel).
private final class WalkTally: @unchecked Sendable {
    private let lock = NSLock()
    private var steps = 0.0, walks = 0, capped = 0

    func add(_ estimates: [PointEstimate]) {
        lock.lock()
        defer { lock.unlock() }
        for e in estimates where e.walks > 0 {
            steps += e.meanSteps * Double(e.walks)
            walks += e.walks
            capped += e.cappedWalks
        }
    }

    var summary: (meanSteps: Double, capped: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (walks > 0 ? steps / Double(walks) : 0, capped)
    }
}

/// One sample: draws the problem after the domain, picks the points, runs the walks and fills the buffers.
private struct WoSSampler {
    let family: GenerateWoS
    let layout: WoSDatasets
    let widths: ClosedRange<Double>, nodes: [Double]
    let estimator: WalkOnSpheres
    let tally: WalkTally

    func produce<D: Domain>(_ domain: D, coefficients: [Double], index: Int, rng: inout RandomStream,
                            out: [UnsafeMutablePointer<Double>]) throws where D.Vector == Vector2 {
        let bumps = family.source == .gaussians
            ? GaussianBumps<Vector2>.random(count: family.bumps, widths: widths, using: &rng) : try GaussianBumps<Vector2>([])
        switch family.problem {
        case .wosNO:
            let boundary = AngularFourierSeries.random(modes: family.boundaryModes, using: &rng)
            let parameters = [boundary.constant] + zip(boundary.cosine, boundary.sine).flatMap { [$0, $1] }
            try fill(WoSNOProblem(bumps: bumps, boundary: boundary), domain, exact: nil, coefficients: coefficients,
                     boundaryParameters: parameters, bumps: bumps, index: index, rng: &rng, out: out)
        case .manufactured:
            let harmonic = HarmonicPolynomial.random(degree: family.boundaryModes, using: &rng)
            let parameters = [harmonic.real[0]] + zip(harmonic.real.dropFirst(), harmonic.imaginary.dropFirst()).flatMap { [$0, $1] }
            let problem = ManufacturedProblem(harmonic: harmonic, bumps: bumps)
            try fill(problem, domain, exact: problem.solution(at:), coefficients: coefficients,
                     boundaryParameters: parameters, bumps: bumps, index: index, rng: &rng, out: out)
        }
    }

    private func fill<D: Domain, P: BoundaryValueProblem>(
        _ problem: P, _ domain: D, exact: ((Vector2) -> Double)?, coefficients: [Double], boundaryParameters: [Double],
        bumps: GaussianBumps<Vector2>, index: Int, rng: inout RandomStream, out: [UnsafeMutablePointer<Double>]
    ) throws where D.Vector == Vector2, P.Vector == Vector2 {
        let inputs = OperatorInputs.evaluate(problem, in: domain, xs: nodes, ys: nodes)
        for (k, v) in inputs.enumerated() { out[0][k] = Double(v) }
        // Grid queries: every node, walks only from those inside.
        let queries: [Vector2], inside: [Bool]
        switch family.query {
        case .uniform:
            queries = domain.uniformPoints(count: family.pointCount, using: &rng)
            inside = [Bool](repeating: true, count: queries.count)
        case .grid:
            queries = nodes.flatMap { x in nodes.map { y in Vector2(x, y).roundedToFloat32 } }
            inside = queries.map(domain.contains)
        }
        let walked = zip(queries, inside).filter { $0.1 }.map { $0.0 }
        let estimates = try estimator.estimate(problem, in: domain, at: walked, firstStream: UInt64(index + 1) << 32)
        tally.add(estimates)
        var next = estimates.makeIterator()
        let exactBuffer = layout.hasExact ? out[layout.slot("exact")] : nil
        let insideBuffer = out[layout.slot("inside")]
        for (p, (x, isInside)) in zip(queries, inside).enumerated() {
            out[1][2 * p] = x.x
            out[1][2 * p + 1] = x.y
            let e = isInside ? next.next()! : nil
            out[2][p] = e?.value ?? 0
            out[3][p] = e?.standardError ?? 0
            insideBuffer[p] = isInside ? 1 : 0
            if let exact, let exactBuffer { exactBuffer[p] = isInside ? exact(x) : 0 }
        }
        if layout.hasStar {
            for (k, c) in coefficients.enumerated() { out[layout.slot("star_coefficients")][k] = c }
        }
        for (k, c) in boundaryParameters.enumerated() { out[layout.slot("boundary_coefficients")][k] = c }
        if layout.hasBumps {
            let target = out[layout.slot("source_bumps")]
            for (j, b) in bumps.bumps.enumerated() {
                (target[4 * j], target[4 * j + 1], target[4 * j + 2], target[4 * j + 3]) =
                    (b.amplitude, b.centre.x, b.centre.y, b.width)
            }
        }
    }
}
