import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
import WalkOnSpheres

/// Poisson problems Δu = f with manufactured solutions: the Green's-function source sampling in 2D
/// and 3D, and the bump Laplacian it is fed.
@Suite struct PoissonTests {
    /// u = h + Σ bumps on the disk and the star (f = Δ bumps, g = u), against `solution(at:)`.
    @Test func manufacturedSolutionIn2D() throws {
        let problem = ManufacturedProblem(
            harmonic: try HarmonicPolynomial(real: [0.3, -0.5, 0.2], imaginary: [0, 0.4, -0.3]),
            bumps: try GaussianBumps([.init(amplitude: 1.5, centre: Vector2(0.2, -0.1), width: 0.4),
                                      .init(amplitude: -0.8, centre: Vector2(-0.5, 0.4), width: 0.6)]))
        let estimator = try WalkOnSpheres(.init(walks: 300, epsilon: 1e-4, seed: 5))
        let disk = try Disk(radius: 1), star = testStar()
        let diskPoints = interiorPoints(disk, count: 60, margin: 0.02), starPoints = interiorPoints(star, count: 60, margin: 0.02)
        for (points, results) in [(diskPoints, try estimator.estimate(problem, in: disk, at: diskPoints)),
                                  (starPoints, try estimator.estimate(problem, in: star, at: starPoints))] {
            let within = zip(points, results).filter { abs($0.1.value - problem.solution(at: $0.0)) <= 4 * $0.1.standardError }.count
            #expect(within >= 59, "\(within)/60 within 4 standard errors")
            let (error, spread) = summedError(points, results, problem.solution(at:))
            #expect(abs(error) <= 4 * spread, "summed error \(error), its standard error \(spread)")
            // The source matters: u differs from the harmonic part by many standard errors somewhere.
            #expect(zip(points, results).contains { abs($0.1.value - problem.harmonic.value(at: $0.0)) > 10 * $0.1.standardError })
        }
    }

    /// u = |x|² + xy³ (Δu = 4 + 6xy) on the disk and the star: a source of one sign, so that a wrong
    /// weight ∫G or radius density shows as a bias of the average error.
    @Test func polynomialSolutionIn2D() throws {
        let u = { (p: Vector2) in p.x * p.x + p.y * p.y + p.x * p.y * p.y * p.y }
        let problem = DirichletProblem<Vector2>(boundary: u, source: { 4 + 6 * $0.x * $0.y })
        let estimator = try WalkOnSpheres(.init(walks: 300, epsilon: 1e-4, seed: 7))
        let disk = try Disk(radius: 1), star = testStar()
        let diskPoints = interiorPoints(disk, count: 60, margin: 0.02), starPoints = interiorPoints(star, count: 60, margin: 0.02)
        for (points, results) in [(diskPoints, try estimator.estimate(problem, in: disk, at: diskPoints)),
                                  (starPoints, try estimator.estimate(problem, in: star, at: starPoints))] {
            let within = zip(points, results).filter { abs($0.1.value - u($0.0)) <= 4 * $0.1.standardError }.count
            #expect(within >= 59, "\(within)/60 within 4 standard errors")
            let (error, spread) = summedError(points, results, u)
            #expect(abs(error) <= 4 * spread, "summed error \(error), its standard error \(spread)")
        }
    }

    /// u = |x|² + x²y + z³ + xz (Δu = 6 + 2y + 6z) in a ball and a box: the 3D Green's function sampling.
    @Test func manufacturedSolutionIn3D() throws {
        let u = { (p: Vector3) in p.lengthSquared + p.x * p.x * p.y + p.z * p.z * p.z + p.x * p.z }
        let problem = DirichletProblem<Vector3>(boundary: u, source: { 6 + 2 * $0.y + 6 * $0.z })
        let estimator = try WalkOnSpheres(.init(walks: 300, epsilon: 1e-4, seed: 6))
        let ball = try Ball(center: Vector3(0, 0, 0.3), radius: 1)
        let box = try Box(lower: Vector3(-1, -1, -1), upper: Vector3(1, 0.5, 1))
        let ballPoints = interiorPoints(ball, count: 50, margin: 0.02), boxPoints = interiorPoints(box, count: 50, margin: 0.02)
        for (points, results) in [(ballPoints, try estimator.estimate(problem, in: ball, at: ballPoints)),
                                  (boxPoints, try estimator.estimate(problem, in: box, at: boxPoints))] {
            let within = zip(points, results).filter { abs($0.1.value - u($0.0)) <= 4 * $0.1.standardError }.count
            #expect(within >= 49, "\(within)/50 within 4 standard errors")
            let (error, spread) = summedError(points, results, u)
            #expect(abs(error) <= 4 * spread, "summed error \(error), its standard error \(spread)")
        }
    }

    /// Δ of the bumps and of the harmonic polynomial by central differences (h = 1e-3, error O(h²)).
    @Test func manufacturedSourceIsTheLaplacian() throws {
        var rng = RandomStream(seed: 12, stream: 0)
        let bumps = GaussianBumps<Vector2>.random(count: 3, widths: 0.3...1, using: &rng)
        let problem = ManufacturedProblem(harmonic: HarmonicPolynomial.random(degree: 4, using: &rng), bumps: bumps)
        let h = 1e-3
        for _ in 0..<50 {
            let p = Vector2(2 * rng.uniform() - 1, 2 * rng.uniform() - 1)
            let u = problem.solution(at:)
            let laplacian = (u(p + Vector2(h, 0)) + u(p - Vector2(h, 0)) + u(p + Vector2(0, h)) + u(p - Vector2(0, h)) - 4 * u(p)) / (h * h)
            #expect(abs(laplacian - problem.source(at: p)) < 1e-4 * max(1, abs(laplacian)), "at \(p)")
        }
        // 3D bumps: the 2d/w² term uses the dimension.
        let bump3 = try GaussianBumps([.init(amplitude: 1.3, centre: Vector3(0.1, 0.2, -0.3), width: 0.7)])
        let p = Vector3(0.4, -0.2, 0.1)
        var second = -6 * bump3.value(at: p)
        for axis in 0..<3 {
            var e = Vector3.zero
            e[axis] = h
            second += bump3.value(at: p + e) + bump3.value(at: p - e)
        }
        #expect(abs(second / (h * h) - bump3.laplacian(at: p)) < 1e-5)
    }

    /// The Green's-function radius samples have the right moments: in 2D density 4s log(1/s), so
    /// E[s²] = 1/4; in 3D 6s(1 − s), so E[s] = 1/2 and E[s²] = 3/10 (within 5 standard errors).
    @Test func greenSamplesHaveTheRightMoments() {
        var rng = RandomStream(seed: 13, stream: 0)
        var s2 = RunningStatistics(), t1 = RunningStatistics(), t2 = RunningStatistics()
        for _ in 0..<40_000 {
            s2.add(Vector2.greenSample(using: &rng).lengthSquared)
            let r = Vector3.greenSample(using: &rng).length
            t1.add(r)
            t2.add(r * r)
        }
        #expect(abs(s2.mean - 0.25) < 5 * s2.standardError)
        #expect(abs(t1.mean - 0.5) < 5 * t1.standardError)
        #expect(abs(t2.mean - 0.3) < 5 * t2.standardError)
        #expect(Vector2.greenIntegral(radius: 2) == 1 && Vector3.greenIntegral(radius: 3) == 1.5)
    }

    /// The summed error of independent estimates and its standard error √(Σ SE²): the tests ask for
    /// |sum| ≤ 4 × that, so a systematic bias of a fraction of one standard error per point shows
    /// (a wrong ∫G by 10% fails every Poisson test here).
    func summedError<V>(_ points: [V], _ results: [PointEstimate], _ u: (V) -> Double) -> (Double, Double) {
        let error = zip(points, results).map { $0.1.value - u($0.0) }.reduce(0, +)
        return (error, results.map { $0.standardError * $0.standardError }.reduce(0, +).squareRoot())
    }
}
