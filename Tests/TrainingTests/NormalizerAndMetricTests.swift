import Autograd
import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
@testable import Training

@Suite struct NormalizerTests {
    /// μ and σ (divisor N − 1) per point, checked against a direct two-pass computation.
    @Test func fitsMeanAndSampleDeviationPerPoint() {
        let x = randomTensor([9, 2, 5, 3], seed: 11) * 3 + 1
        let n = GaussianNormalizer(fitting: x)
        #expect(n.mean.shape == [2, 5, 3])
        for p in 0..<30 {
            let values = (0..<9).map { Double(x[flat: $0 * 30 + p]) }
            let mean = values.reduce(0, +) / 9
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8).squareRoot()
            #expect(abs(Double(n.mean[flat: p]) - mean) < 1e-5 * max(1, abs(mean)))
            #expect(abs(Double(n.standardDeviation[flat: p]) - sd) < 1e-5 * sd)
        }
        let encoded = n.encode(x)
        #expect(maxRelativeError(n.decode(encoded).values, x.values, floor: 1) < 1e-5)
        // Encoded training data has mean ≈ 0 and deviation ≈ 1 at every point.
        let refit = GaussianNormalizer(fitting: encoded)
        #expect(refit.mean.values.allSatisfy { abs($0) < 1e-5 } && refit.standardDeviation.values.allSatisfy { abs($0 - 1) < 1e-4 })
    }

    /// A point where every sample agrees (Darcy's boundary) encodes to 0 and decodes back exactly.
    @Test func constantPointsStayFinite() {
        let x = Tensor(shape: [4, 1, 2], values: [0, 1, 0, 2, 0, 3, 0, 4])
        let n = GaussianNormalizer(fitting: x)
        let z = n.encode(x)
        #expect(z.values.allSatisfy(\.isFinite) && z[0, 0, 0] == 0)
        #expect(n.decode(z)[2, 0, 0] == 0)
    }

    /// Resampling is the identity on the same grid and exact for fields linear along each axis.
    @Test func resamplingIsExactForLinearFields() {
        let source = [(0..<5).map { Double($0) / 4 }, (0..<4).map { Double($0) / 3 }]
        let target = [(0..<9).map { Double($0) / 8 }, (0..<7).map { Double($0) / 6 }]
        func field(_ grid: [[Double]]) -> Tensor {
            Tensor(shape: [2, grid[0].count, grid[1].count]) { k in
                let j = k % grid[1].count, i = k / grid[1].count % grid[0].count, c = k / (grid[0].count * grid[1].count)
                return Float(1 + 2 * grid[0][i] - 3 * grid[1][j] + Double(c))
            }
        }
        let n = GaussianNormalizer(mean: field(source), standardDeviation: field(source) + 5)
        #expect(n.resampled(from: source, to: source) == n)
        let fine = n.resampled(from: source, to: target)
        #expect(maxRelativeError(fine.mean.values, field(target).values, floor: 1) < 1e-6)
        #expect(maxRelativeError(fine.standardDeviation.values, (field(target) + 5).values, floor: 1) < 1e-6)
        // Outside the source range the end values are kept.
        let beyond = GridInterpolation.resample(field(source), from: source, to: [[-1, 2], source[1]])
        #expect(beyond[0, 0, 0] == field(source)[0, 0, 0] && beyond[1, 1, 3] == field(source)[1, 4, 3])
    }

    /// The decode step of a training batch has the gradient central differences give.
    @Test func decodeThenLossHasTheRightGradient() {
        let n = GaussianNormalizer(mean: randomTensor([1, 6, 5], seed: 2), standardDeviation: randomTensor([1, 6, 5], seed: 3).map { abs($0) + 0.5 })
        let z = randomTensor([3, 1, 6, 5], seed: 4), target = randomTensor([3, 1, 6, 5], seed: 5)
        for kind in TrainingLoss.Kind.allCases where kind.comparesWithTargets {
            for reduction in TrainingLoss.Reduction.allCases {
                let loss = TrainingLoss(kind, reduction: reduction)
                let tape = Tape()
                let v = tape.variable(z)
                let grad = tape.gradients(of: loss(n.decode(v), target))[v]
                let u = randomTensor(z.shape, seed: 6)
                let h: Float = 1e-2
                func f(_ x: Tensor) -> Double { Double(loss(n.decode(Variable(x)), target).value.scalar) }
                let numeric = (f(z + u * h) - f(z - u * h)) / Double(2 * h)
                let analytic = zip(u.values, grad.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                #expect(abs(numeric - analytic) <= 1e-2 * max(abs(numeric), 1e-3), "\(kind) \(reduction): \(numeric) vs \(analytic)")
            }
        }
    }
}

@Suite struct MetricTests {
    /// Per-sample metrics averaged are the training losses (two implementations, one answer).
    @Test func perSampleMetricsAverageToTheLosses() {
        let p = randomTensor([4, 2, 7, 6], seed: 8), t = randomTensor([4, 2, 7, 6], seed: 9)
        let l2 = FieldMetrics.relativeL2(p, t)
        #expect(abs(l2.reduce(0, +) / 4 - Double(Loss.relativeL2(Variable(p), t).value.scalar)) < 1e-6)
        for periodic in [false, true] {
            let h1 = FieldMetrics.relativeH1(p, t, periodic: periodic)
            #expect(abs(h1.reduce(0, +) / 4 - Double(Loss.h1(Variable(p), t, periodic: periodic).value.scalar)) < 1e-6)
        }
        let mse = FieldMetrics.meanSquaredError(p, t)
        #expect(abs(mse.reduce(0, +) / 4 - Double(Loss.mse(Variable(p), t).value.scalar)) < 1e-6)
        // Sample 2 alone, by hand.
        let d = (0..<84).map { Double(p[flat: 168 + $0] - t[flat: 168 + $0]) }, y = (0..<84).map { Double(t[flat: 168 + $0]) }
        #expect(abs(l2[2] - (d.map { $0 * $0 }.reduce(0, +) / y.map { $0 * $0 }.reduce(0, +)).squareRoot()) < 1e-9)
        #expect(abs(mse[2] - d.map { $0 * $0 }.reduce(0, +) / 84) < 1e-9)
    }

    @Test func summariesReportMeanMedianAndWorst() {
        let s = ErrorSummary([0.3, 0.1, 0.7, 0.2])
        #expect(abs(s.mean - 0.325) < 1e-12 && abs(s.median - 0.25) < 1e-12 && s.worst == 0.7 && s.worstIndex == 2)
        #expect(ErrorSummary([0.5, 0.1, 0.2]).median == 0.2)
    }
}
