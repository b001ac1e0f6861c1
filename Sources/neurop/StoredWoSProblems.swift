import Fields
import Foundation
import NeuropCore
import Training
import WalkOnSpheres
import Yams

/// The Walk-on-Spheres problems of a `neurop generate wos` file, rebuilt from its recipe and the
/// stored parameters (`star_coefficients`, `boundary_coefficients`, `source_bumps`), so that
/// `neurop compare` can re-run the estimator that made the reference: same points, walks, ε, step
/// cap and seed, hence the same estimates and a fair time per sample.
struct StoredWoSProblems {
    let reader: FieldFileReader
    let file: String
    let recipe: [String: Any]
    let estimator: WalkOnSpheres

    /// Nil when the file was not written by `neurop generate wos`.
    init?(_ reader: FieldFileReader, file: String) throws {
        guard reader.metadata?.pde == "wos", let text = reader.metadata?.recipe,
              let recipe = try Yams.load(yaml: text) as? [String: Any] else { return nil }
        self.reader = reader
        self.file = file
        self.recipe = recipe
        func number(_ key: String) throws -> Double {
            guard let value = (recipe[key] as? Double) ?? (recipe[key] as? Int).map(Double.init) else {
                throw CLIError("the recipe stored in \(file) has no number '\(key)'; regenerate the file with this neurop")
            }
            return value
        }
        estimator = try WalkOnSpheres(.init(walks: Int(try number("walks")), epsilon: try number("epsilon"),
                                            maxSteps: Int(try number("max_steps")), seed: UInt64(try number("seed"))))
    }

    /// Walks per point of the stored estimates.
    var walks: Int { estimator.configuration.walks }

    /// Re-estimates sample `index` at its points inside the domain (the generator's streams).
    func estimate(sample index: Int) throws {
        _ = try estimate(sample: index, using: estimator)
    }

    /// Targets that gain `walks` new walks per point each round (`FreshWalks`): round r runs the
    /// file's estimator settings with the seed `seed + r · 0x9E3779B97F4A7C15` (wrapping), so its
    /// walks are independent of the file's and of every other round's, whatever the thread count.
    func freshWalks(walksPerRound walks: Int) throws -> FreshWalks {
        let base = estimator.configuration
        return FreshWalks(initialWalks: base.walks, walksPerRound: walks) { round, sample in
            var configuration = base
            configuration.walks = walks
            configuration.seed = base.seed &+ UInt64(round) &* 0x9E37_79B9_7F4A_7C15
            let (estimates, inside) = try estimate(sample: sample, using: try WalkOnSpheres(configuration))
            var values = [Float](repeating: 0, count: inside.count), errors = values
            var next = estimates.makeIterator()
            for (p, isInside) in inside.enumerated() where isInside {
                let e = next.next()!
                (values[p], errors[p]) = (Float(e.value), Float(e.standardError))
            }
            return (values, errors)
        }
    }

    /// The estimates of sample `index` at its points inside the domain, by `estimator`, and which
    /// of the sample's points those are.
    private func estimate(sample index: Int, using estimator: WalkOnSpheres) throws -> ([PointEstimate], [Bool]) {
        let points = try reader.samples(FieldFileFormat.points, index..<index + 1, convertingFloat64: true)
        let inside = reader.datasetNames.contains("inside") ? try reader.samples("inside", index..<index + 1) : nil
        let isInside = (0..<points.shape[1]).map { inside == nil || inside![0, $0] != 0 }
        let queries = (0..<points.shape[1]).filter { isInside[$0] }.map { Vector2(Double(points[0, $0, 0]), Double(points[0, $0, 1])) }
        let boundary = try reader.samples("boundary_coefficients", index..<index + 1).values.map(Double.init)
        let bumps = reader.datasetNames.contains("source_bumps") ? try reader.samples("source_bumps", index..<index + 1) : nil
        let sources = try GaussianBumps<Vector2>((0..<(bumps?.shape[1] ?? 0)).map { j in
            GaussianBumps<Vector2>.Bump(amplitude: Double(bumps![0, j, 0]), centre: Vector2(Double(bumps![0, j, 1]), Double(bumps![0, j, 2])),
                                        width: Double(bumps![0, j, 3]))
        })
        let modes = (boundary.count - 1) / 2
        let firstStream = UInt64(index + 1) << 32
        func run<D: Domain>(_ domain: D) throws -> [PointEstimate] where D.Vector == Vector2 {
            switch recipe["problem"] as? String {
            case "wos-no":
                let series = try AngularFourierSeries(constant: boundary[0], cosine: (0..<modes).map { boundary[1 + 2 * $0] },
                                                      sine: (0..<modes).map { boundary[2 + 2 * $0] })
                return try estimator.estimate(WoSNOProblem(bumps: sources, boundary: series), in: domain, at: queries, firstStream: firstStream)
            case "manufactured":
                let harmonic = try HarmonicPolynomial(real: [boundary[0]] + (0..<modes).map { boundary[1 + 2 * $0] },
                                                      imaginary: [0] + (0..<modes).map { boundary[2 + 2 * $0] })
                return try estimator.estimate(ManufacturedProblem(harmonic: harmonic, bumps: sources), in: domain, at: queries,
                                              firstStream: firstStream)
            default:
                throw CLIError("\(file) holds an unknown Walk-on-Spheres problem '\(recipe["problem"] ?? "")'")
            }
        }
        switch recipe["domain"] as? String {
        case "star":
            let stored = try reader.samples("star_coefficients", index..<index + 1).values.map(Double.init)
            let modes = (recipe["star_modes"] as? [Int]) ?? []
            guard modes.count == stored.count else { throw CLIError("the star modes of \(file)'s recipe do not match its star_coefficients") }
            var coefficients = [Double](repeating: 0, count: modes.max() ?? 0)
            for (k, c) in zip(modes, stored) { coefficients[k - 1] = c }
            return (try run(try StarDomain(coefficients: coefficients, segments: (recipe["segments"] as? Int) ?? 2048)), isInside)
        case "disk": return (try run(try Disk(radius: 1)), isInside)
        case "square": return (try run(try Box(lower: Vector2(-1, -1), upper: Vector2(1, 1))), isInside)
        default: throw CLIError("\(file) holds an unknown Walk-on-Spheres domain '\(recipe["domain"] ?? "")'")
        }
    }
}
