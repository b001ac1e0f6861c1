import Autograd
import Foundation
import MultigridOperators
import NeuralNetworks
import NeuropCore
import NeuropTestSupport
import Testing

/// The learned V-cycle is a multigrid cycle: with its convolutions fixed to the textbook choices
/// it solves a Poisson problem as geometric multigrid does.
@Suite struct PoissonCycleTests {
    /// A one-channel 2D cycle over `levels` grids for −Δu = g with zero Dirichlet data, in units of
    /// the finest spacing (g = h²b): on level ℓ, A = K/4^ℓ with K the 5-point stencil
    /// [0 −1 0; −1 4 −1; 0 −1 0] (the rediscretised operator on spacing 2^ℓ h), S = ω/diag(A)
    /// (damped Jacobi), R full weighting [1 2 1]⊗[1 2 1]/16, P bilinear [½ 1 ½]⊗[½ 1 ½], Π = 0.
    static func textbookCycle(levels: Int, pre: Int, post: Int, padding: Tensor.PaddingMode = .zero, omega: Float = 0.8) -> VCycle {
        var rng = RandomStream(seed: 1)
        let hierarchy = (0..<levels).map { l in
            let level = MultigridLevel(channels: 1, spatialRank: 2, padding: padding, isCoarsest: l == levels - 1, rng: &rng)
            let scale = Float(1 << (2 * l))
            level.operatorA.weight.value = Tensor(shape: [1, 1, 3, 3], values: [0, -1, 0, -1, 4, -1, 0, -1, 0].map { $0 / scale })
            level.smoother.weight.value = Tensor(shape: [1, 1, 3, 3], values: [0, 0, 0, 0, omega * scale / 4, 0, 0, 0, 0])
            let full: [Float] = [1, 2, 1], linear: [Float] = [0.5, 1, 0.5]
            level.restriction?.weight.value = Tensor(shape: [1, 1, 3, 3]) { full[$0 / 3] * full[$0 % 3] / 16 }
            level.projection?.weight.value = Tensor(shape: [1, 1, 3, 3], repeating: 0)
            level.prolongation?.value = Tensor(shape: [1, 1, 3, 3]) { linear[$0 / 3] * linear[$0 % 3] }
            return level
        }
        return VCycle(levels: hierarchy, preSmoothing: Array(repeating: pre, count: levels), postSmoothing: post)
    }

    /// Residual reduction ‖r_k‖/‖r_{k−1}‖ of the last of `cycles` iterations u ← u + MgConv(g − K u)
    /// from u = 0 (the asymptotic rate: the first cycles remove rough error that smoothing alone
    /// removes too; by the eighth, Float32 rounding of g − K u sets a floor near 1e-6), for a random
    /// zero-mean right-hand side on an n × n grid.
    static func contraction(_ cycle: VCycle, n: Int, cycles: Int = 5) -> Double {
        var g = Variable(randomTensor([1, 1, n, n], seed: 11))
        g = g - Variable(Tensor(shape: g.shape, repeating: g.value.sum() / Float(n * n)))
        let operatorK = cycle.levels[0].operatorA
        var u = Variable(Tensor(shape: [1, 1, n, n], repeating: 0))
        func norm(_ r: Variable) -> Double { Double(r.value.squaredNorm()).squareRoot() }
        var ratio = 1.0
        for _ in 0..<cycles {
            let r = g - operatorK(u)
            u = u + cycle(r)
            ratio = norm(g - operatorK(u)) / norm(r)
        }
        return ratio
    }

    /// Periodic Poisson (circular padding) on 2^k grids, where coarse node i is fine node 2i and the
    /// grids nest exactly: a V(2,2) cycle through every level (down to 2 × 2) contracts the residual
    /// about sixfold per cycle (measured 0.16 at both n, as multigrid should be independent of n);
    /// the same smoothing on the finest grid alone barely does (the smooth error needs the coarse grids).
    @Test(arguments: [32, 64])
    func aTextbookVCycleSolvesPeriodicPoisson(n: Int) {
        let full = Self.contraction(Self.textbookCycle(levels: 8, pre: 2, post: 2, padding: .circular), n: n)
        let smoothingOnly = Self.contraction(Self.textbookCycle(levels: 1, pre: 4, post: 0, padding: .circular), n: n)
        #expect(full < 0.25, "V-cycle contraction \(full) on \(n)²")
        #expect(smoothingOnly > 0.9, "smoothing-only contraction \(smoothingOnly) on \(n)²")
    }

    /// Dirichlet Poisson (zero padding) on odd grids: the coarse grids of a stride-2, pad-1
    /// restriction sit one fine cell off the fine boundary (not nested), so the fixed textbook
    /// cycle is a weaker solver there, but a three-level cycle still beats smoothing alone.
    @Test(arguments: [31, 85])
    func aTextbookCycleBeatsSmoothingOnDirichletPoisson(n: Int) {
        let cycle = Self.contraction(Self.textbookCycle(levels: 3, pre: 2, post: 2), n: n)
        let smoothingOnly = Self.contraction(Self.textbookCycle(levels: 1, pre: 4, post: 0), n: n)
        #expect(cycle < smoothingOnly - 0.05, "3-level contraction \(cycle), smoothing only \(smoothingOnly) on \(n)²")
    }
}
