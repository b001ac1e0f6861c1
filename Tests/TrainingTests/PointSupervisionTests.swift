import Foundation
import Autograd
import DeepONet
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing
@testable import Training

/// Directional-derivative check of a scalar loss: ⟨∇L(x), u⟩ from the tape against the central
/// difference (L(x + εu) − L(x − εu)) / 2ε, for a seeded random direction u. Relative error.
private func directionalError(_ x: Tensor, epsilon: Float = 1e-2, seed: UInt64 = 5, _ loss: (Variable) -> Variable) -> Double {
    let tape = Tape()
    let variable = tape.variable(x)
    let grads = tape.gradients(of: loss(variable))
    let u = randomTensor(x.shape, seed: seed, stream: 9)
    let analytic = zip(grads[variable].values, u.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    let plus = Double(loss(Variable(x + u * epsilon)).value.scalar), minus = Double(loss(Variable(x - u * epsilon)).value.scalar)
    let numeric = (plus - minus) / Double(2 * epsilon)
    return abs(numeric - analytic) / max(abs(numeric), abs(analytic), 1e-9)
}

/// Targets of 3 samples × 20 points with a third of the points outside the domain.
private func sampleTargets(seed: UInt64 = 11) -> PointTargets {
    var rng = RandomStream(seed: seed)
    let points = Tensor(shape: [3, 20, 2]) { _ in Float(rng.uniform()) }
    let values = randomTensor([3, 20], seed: seed, stream: 1) + 0.5
    let errors = randomTensor([3, 20], seed: seed, stream: 2).map { abs($0) * 0.2 }
    let inside = Tensor(shape: [3, 20]) { $0 % 3 == 2 ? 0 : 1 }
    return PointTargets(points: points, values: values, standardError: errors, inside: inside)
}

@Suite struct PointLossTests {
    @Test(arguments: [(TrainingLoss.Kind.relativeL2, PointLoss.Weighting.uniform), (.relativeL2, .inverseVariance),
                      (.mse, .uniform), (.mse, .inverseVariance)])
    func gradientMatchesFiniteDifferences(kind: TrainingLoss.Kind, weighting: PointLoss.Weighting) {
        let targets = sampleTargets()
        let loss = PointLoss(kind, reduction: .sum, weighting: weighting, meanSquaredStandardError: targets.meanSquaredStandardError)
        let prediction = randomTensor([3, 1, 20], seed: 12)
        let error = directionalError(prediction) { loss($0, targets) }
        #expect(error < 2e-3, "\(kind) \(weighting): relative error \(error)")
    }

    /// Points outside the domain neither change the loss nor receive a gradient; the value is the
    /// formula's, computed here independently.
    @Test func maskedPointsAreIgnored() {
        let targets = sampleTargets()
        let loss = PointLoss(.relativeL2, reduction: .mean, weighting: .inverseVariance,
                             meanSquaredStandardError: targets.meanSquaredStandardError)
        let prediction = randomTensor([3, 1, 20], seed: 13)
        var moved = prediction
        moved.withUnsafeMutableBufferPointer { p in for k in 0..<60 where k % 3 == 2 { p[k] += 100 } }
        let tape = Tape()
        let variable = tape.variable(prediction)
        let value = loss(variable, targets)
        let grads = tape.gradients(of: value)
        #expect(loss(Variable(moved), targets).value.scalar == value.value.scalar)
        for k in 0..<60 where k % 3 == 2 { #expect(grads[variable][flat: k] == 0) }
        for k in 0..<60 where k % 3 != 2 { #expect(grads[variable][flat: k] != 0) }

        let s2 = targets.meanSquaredStandardError
        var expected = 0.0
        for b in 0..<3 {
            var e = 0.0, n = 0.0
            for p in 0..<20 where targets.inside[b, p] != 0 {
                let w = s2 / (Double(targets.standardError[b, p]) * Double(targets.standardError[b, p]) + s2)
                let d = Double(prediction[b, 0, p]) - Double(targets.values[b, p])
                e += w * d * d
                n += w * Double(targets.values[b, p]) * Double(targets.values[b, p])
            }
            expected += (e / n).squareRoot() / 3
        }
        #expect(abs(Double(value.value.scalar) - expected) < 1e-5 * expected)
    }

    /// With inverse-variance weights a point with a large standard error counts less than one with
    /// a small one, and the weights lie in (0, 1].
    @Test func weightsFallWithTheStandardError() {
        let targets = sampleTargets()
        let loss = PointLoss(.mse, weighting: .inverseVariance, meanSquaredStandardError: targets.meanSquaredStandardError)
        let w = loss.weights(targets)
        for k in 0..<60 {
            if k % 3 == 2 { #expect(w[k] == 0) } else { #expect(w[k] > 0 && w[k] <= 1) }
        }
        let inside = (0..<60).filter { $0 % 3 != 2 }
        let noisiest = inside.max { targets.standardError[flat: $0] < targets.standardError[flat: $1] }!
        let cleanest = inside.min { targets.standardError[flat: $0] < targets.standardError[flat: $1] }!
        #expect(w[noisiest] < w[cleanest])
    }

    @Test func metricsCountOnlyTargetPoints() {
        let targets = sampleTargets()
        let exact = Tensor(shape: [3, 20]) { targets.inside[flat: $0] != 0 ? targets.values[flat: $0] : 7 }
        let (relative, mse) = PointLoss.metrics(exact, targets)
        #expect(relative == [0, 0, 0] && mse == [0, 0, 0])
        let (offRelative, offMSE) = PointLoss.metrics(exact + 0.1, targets)
        for b in 0..<3 { #expect(abs(offMSE[b] - 0.01) < 1e-6 && offRelative[b] > 0) }
    }
}

@Suite struct PoissonResidualLossTests {
    /// A 12 × 10 grid on [−1, 1] × [−1, 1.5] with a disk of radius 0.8 as the domain.
    static func inputs(_ u: (Double, Double) -> Double, f: Double) -> (Tensor, PoissonResidualLoss) {
        let (n1, n2) = (12, 10)
        let xs = (0..<n1).map { -1 + 2 * Double($0) / Double(n1 - 1) }, ys = (0..<n2).map { -1 + 2.5 * Double($0) / Double(n2 - 1) }
        let x = Tensor(shape: [2, 3, n1, n2]) { k in
            let (c, node) = ((k / (n1 * n2)) % 3, k % (n1 * n2))
            let (px, py) = (xs[node / n2], ys[node % n2])
            switch c {
            case 0: return px * px + py * py < 0.64 ? 1 : 0
            case 1: return Float(f)
            default: return Float(u(px, py))
            }
        }
        let loss = PoissonResidualLoss(channelIndices: [0, 1, 2], spacing: (xs[1] - xs[0], ys[1] - ys[0]), boundaryWeight: 3)
        return (x, loss)
    }

    /// u = x² + 2y² − xy solves Δu = 6 exactly for the five-point Laplacian; with g = u the loss is
    /// zero, and it grows when u is shifted (boundary term) or bent (residual term).
    @Test func vanishesAtTheDiscreteSolution() {
        let (x, loss) = Self.inputs({ $0 * $0 + 2 * $1 * $1 - $0 * $1 }, f: 6)
        let u = x.slice(axis: 1, 2..<3)
        #expect(Double(loss(Variable(u), inputs: x).value.scalar) < 1e-8)
        #expect(loss(Variable(u + 0.1), inputs: x).value.scalar > 0.01)
        let bent = Tensor(shape: u.shape) { u[flat: $0] + ($0 % 2 == 0 ? 0.1 : 0) }
        #expect(loss(Variable(bent), inputs: x).value.scalar > 1)
    }

    @Test func gradientMatchesFiniteDifferences() {
        let (x, loss) = Self.inputs({ sin($0) + $1 }, f: 1)
        let u = randomTensor([2, 1, 12, 10], seed: 21)
        let error = directionalError(u, epsilon: 0.05) { loss($0, inputs: x) }  // quadratic: the central difference is exact but for rounding
        #expect(error < 2e-3, "relative error \(error)")
    }

    @Test func missingChannelsAreNamed() {
        #expect(throws: ConfigurationError.self) {
            _ = try PoissonResidualLoss(inputChannels: ["mask", "sdf", "f"], coordinates: [[0, 1, 2], [0, 1, 2]], boundaryWeight: 1,
                                        reduction: .mean, file: "x.h5")
        }
        do {
            _ = try PoissonResidualLoss(inputChannels: ["a"], coordinates: [[0, 1, 2], [0, 1, 2]], boundaryWeight: 1, reduction: .mean, file: "x.h5")
        } catch {
            #expect("\(error)".contains("mask, f, g") && "\(error)".contains("x.h5"))
        }
    }
}

@Suite struct PointEvaluationTests {
    /// A grid operator read at points is exact for bilinear outputs: the identity-like pointwise
    /// operator below returns its input's first channel, a bilinear function, and `evaluate(at:)`
    /// and the normaliser's decoding at points reproduce it anywhere in the box.
    @Test func interpolationIsExactForBilinearFunctions() {
        let (n1, n2) = (9, 7)
        let lower: (Float, Float) = (-1.4, -0.5), upper: (Float, Float) = (1.4, 2)
        let field = Tensor(shape: [2, 1, n1, n2]) { k in
            let (s, node) = (k / (n1 * n2), k % (n1 * n2))
            let x = lower.0 + (upper.0 - lower.0) * Float(node / n2) / Float(n1 - 1)
            let y = lower.1 + (upper.1 - lower.1) * Float(node % n2) / Float(n2 - 1)
            return 0.3 + Float(s) + 1.5 * x - 0.7 * y + 2 * x * y
        }
        var rng = RandomStream(seed: 31)
        let points = Tensor(shape: [2, 50, 2]) { k in
            k % 2 == 0 ? lower.0 + (upper.0 - lower.0) * Float(rng.uniform()) : lower.1 + (upper.1 - lower.1) * Float(rng.uniform())
        }
        let model = FirstChannel()
        let normalizer = GaussianNormalizer(constant: 0.25, deviation: 2, channels: 1, grid: [n1, n2], epsilon: 0)
        let decoded = NormalizedOperator(model: model, inputNormalizer: nil, outputNormalizer: normalizer)
            .predict(field, at: points, lower: lower, upper: upper, batchSize: 1)
        for s in 0..<2 {
            for p in 0..<50 {
                let (x, y) = (points[s, p, 0], points[s, p, 1])
                let exact = 0.3 + Float(s) + 1.5 * x - 0.7 * y + 2 * x * y
                #expect(abs(decoded[s, 0, p] - (2 * exact + 0.25)) < 1e-4 * max(1, abs(exact)))
            }
        }
    }

    /// DeepONet evaluates its trunk at the points themselves; at the grid nodes that is its grid output.
    @Test func deepONetAtTheNodesIsItsGridOutput() throws {
        var configuration = DeepONetFieldConfiguration(grid: [5, 4])
        configuration.inChannels = 2
        configuration.network.branch = [8, 6]
        configuration.network.trunk = [8, 6]
        var rng = RandomStream(seed: 41)
        let model = try DeepONetFieldOperator(configuration, rng: &rng)
        let x = randomTensor([3, 2, 5, 4], seed: 42)
        let lower: (Float, Float) = (-2, 1), upper: (Float, Float) = (2, 4)
        let points = Tensor(shape: [3, 20, 2]) { k in
            let node = (k / 2) % 20
            return k % 2 == 0 ? lower.0 + 4 * Float(node / 4) / 4 : lower.1 + 3 * Float(node % 4) / 3
        }
        let grid = model(Variable(x)).value.reshaped([3, 1, 20])
        let atPoints = model.evaluate(Variable(x), at: points, lower: lower, upper: upper).value
        #expect(maxRelativeError(atPoints.values, grid.values, floor: 1e-3) < 1e-5)
    }
}

/// Returns channel 0 of its input: a field operator whose output is known exactly.
private final class FirstChannel: FieldOperator {
    var inChannels: Int { 1 }
    var outChannels: Int { 1 }
    var namedParameters: [(name: String, parameter: Parameter)] { [] }
    func callAsFunction(_ x: Variable) -> Variable { x }
}

@Suite struct PointConfigurationTests {
    /// The new keys survive the resolved configuration (what a checkpoint stores), and
    /// `boundary_weight` is written only where it applies.
    @Test func newKeysRoundTrip() throws {
        let base = """
            name: wos
            data: {train: t.h5, n_train: 4, n_test: 2, normalize: inputs}
            model: {kind: fno, modes: [4, 4]}
            training: {epochs: 1, optimizer: {kind: adam, lr: 1.0e-3}}
            """
        for overrides in [["training.point_weights=inverse_variance"], ["training.loss=poisson_residual", "training.boundary_weight=250"]] {
            let c = try TrainingConfiguration.parse(yaml: base, overrides: overrides)
            #expect(try TrainingConfiguration.parse(yaml: c.yaml) == c)
            #expect(c.yaml.contains("boundary_weight") == (c.training.loss == .poissonResidual), "\(c.yaml)")
        }
        let physics = try TrainingConfiguration.parse(yaml: base, overrides: ["training.loss=poisson_residual", "training.boundary_weight=250"])
        #expect(physics.training.boundaryWeight == 250 && physics.data.normalization == .inputs)
        #expect(throws: ConfigurationError.self) {
            _ = try TrainingConfiguration.parse(yaml: base, overrides: ["training.loss=poisson_residual", "training.point_weights=inverse_variance"])
        }
    }
}

@Suite struct FreshWalksTests {
    /// Round r averages W new walks into n₀ + (r − 1)W old ones: the walk-weighted mean, and the
    /// standard error of a weighted mean of independent estimates; points outside stay untouched.
    @Test func roundsAverageByWalkCount() throws {
        let targets = sampleTargets()
        let fresh = FreshWalks(initialWalks: 10, walksPerRound: 5) { round, sample in
            (values: [Float](repeating: Float(round + sample), count: 20), standardError: [Float](repeating: 0.3, count: 20))
        }
        let once = try fresh.averaging(round: 1, into: targets), twice = try fresh.averaging(round: 2, into: once)
        for b in 0..<3 {
            for p in 0..<20 {
                guard targets.inside[b, p] != 0 else {
                    #expect(twice.values[b, p] == targets.values[b, p] && twice.standardError[b, p] == targets.standardError[b, p])
                    continue
                }
                let (v0, s0) = (Double(targets.values[b, p]), Double(targets.standardError[b, p]))
                let v1 = (10 * v0 + 5 * Double(1 + b)) / 15, s1 = (100 * s0 * s0 + 25 * 0.09).squareRoot() / 15
                let v2 = (15 * v1 + 5 * Double(2 + b)) / 20, s2 = (225 * s1 * s1 + 25 * 0.09).squareRoot() / 20
                #expect(abs(Double(twice.values[b, p]) - v2) < 1e-5 && abs(Double(twice.standardError[b, p]) - s2) < 1e-6)
            }
        }
    }
}
