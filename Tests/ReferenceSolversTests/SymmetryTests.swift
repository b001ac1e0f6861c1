import Foundation
import Testing
import NeuropCore
import ReferenceSolvers

@Suite struct SymmetryTests {
    static func randomPadded(_ n: Int, seed: UInt64) -> [Double] {
        var rng = RandomStream(seed: seed)
        let w = n + 2
        return (0..<(w * w)).map { p in
            let i = p / w, j = p % w
            return (i == 0 || j == 0 || i == w - 1 || j == w - 1) ? 0 : rng.normal()
        }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map(*).reduce(0, +) }

    /// ⟨Au, v⟩ = ⟨u, Av⟩ on every level of the hierarchy (fine 5-point and Galerkin 9-point).
    @Test(arguments: [64, 85])
    func everyLevelIsSymmetric(s: Int) {
        let discrete = DarcyDiscretisation(DarcyProblem(size: s, coefficient: thresholdedCoefficient(s)))
        let hierarchy = MultigridHierarchy(discrete.matrix)
        #expect(hierarchy.levels.count >= 3)
        for (l, level) in hierarchy.levels.enumerated() {
            let a = level.matrix
            let u = Self.randomPadded(a.n, seed: 1), v = Self.randomPadded(a.n, seed: 2)
            var au = u, av = v
            a.apply(u, into: &au)
            a.apply(v, into: &av)
            let lhs = Self.dot(au, v), rhs = Self.dot(u, av)
            let rel = abs(lhs - rhs) / abs(lhs)
            print("symmetry s = \(s) level \(l) (n = \(a.n)): relative asymmetry \(rel)")
            #expect(rel < 1e-12, "level \(l): ⟨Au,v⟩ = \(lhs), ⟨u,Av⟩ = \(rhs)")
            // Positive definite along u as well.
            #expect(Self.dot(au, u) > 0)
        }
    }

    /// The V-cycle preconditioner is symmetric too: ⟨M r₁, r₂⟩ = ⟨r₁, M r₂⟩ (needed by PCG).
    @Test func vCycleIsSymmetric() {
        let s = 85
        let discrete = DarcyDiscretisation(DarcyProblem(size: s, coefficient: thresholdedCoefficient(s)))
        let solver = MultigridSolver(hierarchy: MultigridHierarchy(discrete.matrix))
        let r1 = Self.randomPadded(s - 2, seed: 3), r2 = Self.randomPadded(s - 2, seed: 4)
        let lhs = Self.dot(solver.cycle(r1), r2), rhs = Self.dot(r1, solver.cycle(r2))
        print("symmetry V-cycle: \(lhs) vs \(rhs)")
        #expect(abs(lhs - rhs) / abs(lhs) < 1e-10)
    }
}
