import Autograd
import Foundation
import DeepONet
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

/// POD-DeepONet: the basis is the training outputs' POD, it is never trained, and the operator
/// differentiates like any DeepONet.
@Suite struct PODTests {
    /// n outputs on N points spanned by a mean and `rank` fixed functions with random coefficients.
    static func lowRankOutputs(n: Int, points: Int, rank: Int, seed: UInt64) -> [Float] {
        var rng = RandomStream(seed: seed)
        let x = (0..<points).map { Double($0) / Double(points - 1) }
        var values = [Float](repeating: 0, count: n * points)
        for i in 0..<n {
            let c = (0..<rank).map { _ in rng.normal() }
            for j in 0..<points {
                var u = 1 + x[j] * x[j]
                for k in 0..<rank {
                    let amplitude: Double = 1 + 0.3 * Double(k)
                    let shape: Double = sin(Double.pi * Double(k + 1) * x[j])
                    u += c[k] * shape * amplitude
                }
                values[i * points + j] = Float(u)
            }
        }
        return values
    }

    /// Outputs of rank 3 about their mean: 3 modes capture all the variance, the basis is
    /// orthonormal in the mean over the grid, and every output is its mean plus its projection.
    @Test func basisSpansLowRankOutputs() throws {
        let (n, points, rank) = (40, 33, 3)
        let values = Self.lowRankOutputs(n: n, points: points, rank: rank, seed: 1)
        let pod = try ProperOrthogonalDecomposition(rows: n, columns: points, values: values, modes: rank)
        #expect(abs(pod.captured - 1) < 1e-6, "captured \(pod.captured)")
        for k in 0..<rank {
            for l in 0..<rank {
                var dot = 0.0
                for j in 0..<points { dot += Double(pod.basis[j * rank + k]) * Double(pod.basis[j * rank + l]) }
                dot /= Double(points)
                #expect(abs(dot - (k == l ? 1 : 0)) < 1e-5, "⟨φ\(k), φ\(l)⟩ = \(dot)")
            }
        }
        var worst = 0.0
        for i in 0..<n {
            let centred = (0..<points).map { Double(values[i * points + $0] - pod.mean[$0]) }
            var coefficients = [Double](repeating: 0, count: rank)
            for k in 0..<rank {
                for j in 0..<points { coefficients[k] += centred[j] * Double(pod.basis[j * rank + k]) }
                coefficients[k] /= Double(points)
            }
            for j in 0..<points {
                var projected = 0.0
                for k in 0..<rank { projected += coefficients[k] * Double(pod.basis[j * rank + k]) }
                worst = max(worst, abs(projected - centred[j]))
            }
        }
        #expect(worst < 1e-4, "worst reconstruction error \(worst)")
        // Two modes of a rank-3 set leave a measurable share of the variance out.
        let two = try ProperOrthogonalDecomposition(rows: n, columns: points, values: values, modes: 2)
        #expect(two.captured < 0.999 && two.captured > 0.5, "captured by 2 of 3 modes: \(two.captured)")
    }

    @Test func tooManyModesAreRefused() {
        #expect(throws: DeepONetConfigurationError.self) {
            try ProperOrthogonalDecomposition(rows: 4, columns: 10, values: [Float](repeating: 0, count: 40), modes: 5)
        }
    }

    /// A two-channel POD-DeepONet on a 5 × 6 grid, fitted to random targets.
    static func podOperator() throws -> DeepONetFieldOperator {
        var c = DeepONetFieldConfiguration(grid: [5, 6])
        c.outChannels = 2
        c.network.branch = [7, 4]
        c.network.pod = true
        c.network.activation = .tanh
        var rng = RandomStream(seed: 3)
        let op = try DeepONetFieldOperator(c, rng: &rng)
        let captured = try op.fitPOD(toTrainingTargets: randomTensor([12, 2, 5, 6], seed: 4))
        #expect(captured.count == 2 && captured.allSatisfy { $0 > 0 && $0 < 1 })
        op.network.bias.value = randomTensor([2], seed: 5)
        return op
    }

    /// The output is Σ b_k φ_k + ū + b₀ on the grid, channel by channel.
    @Test func outputIsTheBasisExpansion() throws {
        let op = try Self.podOperator()
        let x = randomTensor([3, 1, 5, 6], seed: 6)
        let y = op(Variable(x)).value
        let b = op.network.coefficients(Variable(x.reshaped([3, 30]))).value
        let (basis, mean, b0) = (op.pod!.basis.value, op.pod!.mean.value, op.network.bias.value)
        var worst: Float = 0
        for s in 0..<3 {
            for c in 0..<2 {
                for j in 0..<30 {
                    var g = mean[flat: c * 30 + j] + b0[flat: c]
                    for k in 0..<4 { g += b[flat: s * 8 + c * 4 + k] * basis[flat: j * 8 + c * 4 + k] }
                    worst = max(worst, abs(g - y[flat: (s * 2 + c) * 30 + j]))
                }
            }
        }
        #expect(worst < 1e-5, "worst \(worst)")
    }

    /// Central differences for the branch, b₀ and the sensors; the POD basis and mean get no
    /// gradient, so no optimizer step changes them.
    @Test func gradientsReachTheBranchOnly() throws {
        let op = try Self.podOperator()
        let x = randomTensor([3, 1, 5, 6], seed: 7)
        let w = randomTensor([3, 2, 5, 6], seed: 8)
        func objective() -> Double {
            let y = op(Variable(x)).value
            return (0..<y.count).reduce(0.0) { $0 + Double(y[flat: $1]) * Double(w[flat: $1]) }
        }
        op.zeroGradients()
        let tape = Tape()
        _ = tape.gradients(of: op(tape.constant(x)), seed: w)
        let epsilon: Float = 1e-2
        for (i, (name, p)) in op.network.namedParameters.enumerated() {
            let u = randomTensor(p.value.shape, seed: 9, stream: UInt64(i))
            let original = p.value
            p.value = original + u * epsilon
            let plus = objective()
            p.value = original - u * epsilon
            let minus = objective()
            p.value = original
            let g = try #require(p.gradient, "\(name) has no gradient")
            let analytic = (0..<u.count).reduce(0.0) { $0 + Double(u[flat: $1]) * Double(g[flat: $1]) }
            let numeric = (plus - minus) / Double(2 * epsilon)
            #expect(abs(numeric - analytic) <= 2e-3 * max(abs(numeric), abs(analytic), 1e-6), "\(name): \(numeric) vs \(analytic)")
        }
        #expect(op.pod!.basis.gradient == nil && op.pod!.mean.gradient == nil)
        let before = op.pod!.basis.value
        let optimizer = Optimizer(.adam(), parameters: op.namedParameters, learningRate: 1e-2)
        optimizer.step()
        #expect(Array(op.pod!.basis.value.values) == Array(before.values))
    }
}
