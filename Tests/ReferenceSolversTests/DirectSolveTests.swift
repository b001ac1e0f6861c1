import Foundation
import Testing
import NeuropCore
import NeuropTestSupport
import ReferenceSolvers

@Suite struct DirectSolveTests {
    /// h²·A assembled straight from the FD formula (independently of `StencilOperator`), unknown
    /// (i, j) ↦ (i−1)(s−2) + (j−1).
    static func assembled(_ a: [Double], s: Int) -> [Double] {
        let n = s - 2, m = n * n
        var matrix = [Double](repeating: 0, count: m * m)
        for i in 1...n {
            for j in 1...n {
                let row = (i - 1) * n + (j - 1)
                for (di, dj) in [(0, 1), (0, -1), (1, 0), (-1, 0)] {
                    let face = 0.5 * (a[i * s + j] + a[(i + di) * s + j + dj])
                    matrix[row * m + row] += face
                    let ii = i + di, jj = j + dj
                    if ii >= 1, ii <= n, jj >= 1, jj <= n { matrix[row * m + (ii - 1) * n + (jj - 1)] -= face }
                }
            }
        }
        return matrix
    }

    /// Plain Cholesky solve in Swift (a second implementation next to LAPACK).
    static func choleskySolve(_ a: [Double], _ b: [Double], order m: Int) -> [Double] {
        var l = [Double](repeating: 0, count: m * m)
        for j in 0..<m {
            var d = a[j * m + j]
            for k in 0..<j { d -= l[j * m + k] * l[j * m + k] }
            l[j * m + j] = d.squareRoot()
            for i in (j + 1)..<max(j + 1, m) {
                var v = a[i * m + j]
                for k in 0..<j { v -= l[i * m + k] * l[j * m + k] }
                l[i * m + j] = v / l[j * m + j]
            }
        }
        var y = b
        for i in 0..<m { for k in 0..<i { y[i] -= l[i * m + k] * y[k] }; y[i] /= l[i * m + i] }
        for i in stride(from: m - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, m) { y[i] -= l[k * m + i] * y[k] }
            y[i] /= l[i * m + i]
        }
        return y
    }

    @Test(arguments: [17, 18])
    func multigridAgreesWithDenseCholesky(s: Int) {
        let a = thresholdedCoefficient(s)
        var rng = RandomStream(seed: 3)
        let f = (0..<(s * s)).map { _ in 1 + rng.uniform() }
        let problem = DarcyProblem(size: s, coefficient: a, source: f)
        // Force a two-level hierarchy so that the V-cycle, not only the coarse Cholesky, is exercised.
        let result = problem.solve(configuration: .init(tolerance: 1e-14), hierarchy: .init(coarsestInteriorNodes: 3))
        let n = s - 2, h2 = 1 / Double((s - 1) * (s - 1))
        var b = [Double](), mg = [Double]()
        for i in 1...n { for j in 1...n { b.append(h2 * f[i * s + j]); mg.append(result.solution[i * s + j]) } }
        let direct = Self.choleskySolve(Self.assembled(a, s: s), b, order: n * n)
        let error = relativeL2(mg, direct)
        print("direct s = \(s): relative L2 difference \(error) after \(result.iterations) iterations")
        #expect(error < 1e-10)
        // Boundary of the returned grid is exactly zero.
        #expect((0..<s).allSatisfy { result.solution[$0] == 0 && result.solution[$0 * s] == 0 })
    }
}
