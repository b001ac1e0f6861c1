import Autograd
import Foundation
import NeuralNetworks
import NeuropCore
import Testing

@Suite struct OptimizerTests {
    /// Two Adam and AdamW steps against the update rule written out in Float64.
    @Test(arguments: [false, true])
    func adamMatchesItsUpdateRule(decoupled: Bool) {
        let p = Parameter(Tensor(shape: [3], values: [0.5, -1, 2]))
        let lr = 0.1, wd = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8
        let opt = Optimizer(decoupled ? .adamW() : .adam(), parameters: [("p", p)], learningRate: Float(lr), weightDecay: Float(wd))
        var w = [0.5, -1.0, 2.0], m = [0.0, 0, 0], v = [0.0, 0, 0]
        let grads: [[Double]] = [[0.3, -0.2, 0.1], [-0.1, 0.4, 0.05]]
        for (t, g) in grads.enumerated() {
            p.setGradient(Tensor(shape: [3], values: g.map(Float.init)))
            opt.step()
            for i in 0..<3 {
                var gi = g[i]
                if decoupled { w[i] -= lr * wd * w[i] } else { gi += wd * w[i] }
                m[i] = b1 * m[i] + (1 - b1) * gi
                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                let mh = m[i] / (1 - pow(b1, Double(t + 1))), vh = v[i] / (1 - pow(b2, Double(t + 1)))
                w[i] -= lr * mh / (vh.squareRoot() + eps)
            }
        }
        for i in 0..<3 { #expect(abs(Double(p.value[i]) - w[i]) < 1e-6) }
        #expect(opt.state.keys.sorted() == ["p/m", "p/v"])
    }

    @Test func sgdWithMomentumAndNesterov() {
        for nesterov in [false, true] {
            let p = Parameter(Tensor(shape: [1], values: [1]))
            let opt = Optimizer(.sgd(momentum: 0.9, nesterov: nesterov), parameters: [("p", p)], learningRate: 0.1)
            var w = 1.0, b = 0.0
            for t in 0..<3 {
                let g = 2 * w  // gradient of w²
                p.setGradient(Tensor(shape: [1], values: [Float(g)]))
                opt.step()
                b = t == 0 ? g : 0.9 * b + g
                w -= 0.1 * (nesterov ? g + 0.9 * b : b)
            }
            #expect(abs(Double(p.value[0]) - w) < 1e-6)
        }
    }

    @Test func clippingScalesTheJointNorm() {
        let a = Parameter(Tensor(shape: [2], values: [0, 0])), b = Parameter(Tensor(shape: [1], values: [0]))
        a.setGradient(Tensor(shape: [2], values: [3, 0]))
        b.setGradient(Tensor(shape: [1], values: [4]))
        #expect(abs(clipGradientNorm([a, b], maxNorm: 1) - 5) < 1e-6)
        let norm = (a.gradient!.squaredNorm() + b.gradient!.squaredNorm()).squareRoot()
        #expect(abs(norm - 1) < 1e-5)
    }

    @Test func schedules() {
        #expect(LearningRateSchedule.step(stepSize: 100, gamma: 0.5).rate(base: 1e-3, step: 250) == 2.5e-4)
        let cosine = LearningRateSchedule.cosine(totalSteps: 10, minimum: 0.1)
        #expect(abs(cosine.rate(base: 1, step: 0) - 1) < 1e-6 && abs(cosine.rate(base: 1, step: 10) - 0.1) < 1e-6)
        #expect(abs(cosine.rate(base: 1, step: 5) - 0.55) < 1e-6)
        // OneCycleLR(max_lr=1, total_steps=100): starts at 1/25, peaks at step 29, ends at 1/25e4.
        let cycle = LearningRateSchedule.oneCycle(totalSteps: 100)
        #expect(abs(cycle.rate(base: 1, step: 0) - 0.04) < 1e-6)
        #expect(abs(cycle.rate(base: 1, step: 29) - 1) < 1e-6)
        #expect(abs(cycle.rate(base: 1, step: 99) - 4e-6) < 1e-8)
        #expect(cycle.rate(base: 1, step: 60) < cycle.rate(base: 1, step: 40))
    }
}

@Suite struct InitializerTests {
    /// Samples stay inside the bound and have the variance of U[−b, b], b²/3, within 5 standard errors.
    @Test func boundsAndVariances() {
        var rng = RandomStream(seed: 12)
        let k = Initializer.kaimingUniform([200, 100], fanIn: 100, rng: &rng)
        let x = Initializer.xavierUniform([200, 100], fanIn: 100, fanOut: 200, rng: &rng)
        for (t, bound) in [(k, Float(2.0 * 3 / 100).squareRoot()), (x, Float(6.0 / 300).squareRoot())] {
            #expect(t.max() <= bound && t.min() >= -bound)
            let variance = t.squaredNorm() / Double(t.count), expected = Double(bound * bound) / 3
            // Var of u² for u ~ U[−b, b] is 4b⁴/45.
            let se = (4 * pow(Double(bound), 4) / 45 / Double(t.count)).squareRoot()
            #expect(abs(variance - expected) < 5 * se)
        }
    }
}
