import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
import WalkOnSpheres

/// How walks behave: their length, their reproducibility, and what is refused.
@Suite struct WalkBehaviourTests {
    /// On the disk the mean walk length grows like log(1/ε): each decade of ε adds a similar number
    /// of steps (each increment within a factor 2 of the mean increment), nothing like the 10⁴-fold
    /// growth a power law would give from ε = 1e-2 to 1e-6.
    @Test func walkLengthGrowsLikeLogOfOneOverEpsilon() throws {
        let disk = try Disk(radius: 1)
        let points = interiorPoints(disk, count: 200, margin: 1e-2)
        let problem = DirichletProblem<Vector2>(boundary: { $0.x })
        var lengths: [Double] = []
        for exponent in 2...6 {
            let estimator = try WalkOnSpheres(.init(walks: 20, epsilon: pow(10, -Double(exponent)), seed: 1))
            let results = try estimator.estimate(problem, in: disk, at: points)
            lengths.append(results.map(\.meanSteps).reduce(0, +) / Double(results.count))
        }
        let increments = zip(lengths.dropFirst(), lengths).map { $0 - $1 }
        let mean = increments.reduce(0, +) / Double(increments.count)
        #expect(mean > 0.5, "mean walk lengths \(lengths)")
        #expect(increments.allSatisfy { $0 > mean / 2 && $0 < 2 * mean }, "mean walk lengths \(lengths)")
        #expect(lengths[4] / lengths[0] < 6, "mean walk lengths \(lengths)")
    }

    /// Same seed → bit-identical estimates on 1 and 3 threads, and point by point the same as the
    /// serial single-point estimate; another seed gives other estimates.
    @Test func estimatesDoNotDependOnTheThreadCount() throws {
        let star = testStar()
        let points = interiorPoints(star, count: 37, margin: 1e-3)
        let problem = WoSNOProblem(bumps: try GaussianBumps([.init(amplitude: 1, centre: Vector2(0.3, 0), width: 1)]),
                                   boundary: try AngularFourierSeries(constant: 0.2, cosine: [0.1], sine: [-0.2]))
        let estimator = try WalkOnSpheres(.init(walks: 30, epsilon: 1e-3, seed: 21))
        let one = try estimator.estimate(problem, in: star, at: points, firstStream: 5, pool: ThreadPool(threads: 1))
        let three = try estimator.estimate(problem, in: star, at: points, firstStream: 5, pool: ThreadPool(threads: 3))
        #expect(one == three)
        #expect(estimator.estimate(problem, in: star, at: points[7], stream: 12) == one[7])
        let other = try WalkOnSpheres(.init(walks: 30, epsilon: 1e-3, seed: 22)).estimate(problem, in: star, at: points, firstStream: 5)
        #expect(zip(one, other).allSatisfy { $0.value != $1.value })
    }

    /// A walk stopped by the cap is counted, and reads g where it stopped.
    @Test func theStepCapIsCounted() throws {
        let disk = try Disk(radius: 1)
        let estimator = try WalkOnSpheres(.init(walks: 50, epsilon: 1e-12, maxSteps: 3, seed: 1))
        let result = try estimator.estimate(DirichletProblem<Vector2>(boundary: { _ in 1 }), in: disk, at: [Vector2(0.1, 0)])[0]
        #expect(result.cappedWalks == 50 && result.meanSteps == 3 && result.value == 1)
    }

    @Test func badSettingsAreRejectedWithTheFix() throws {
        for (configuration, mentions) in [(WalkOnSpheres.Configuration(walks: 0), "at least 1"),
                                          (.init(walks: 10, epsilon: 0), "ε-shell width must be positive"),
                                          (.init(walks: 10, epsilon: -1e-3), "ε-shell width must be positive"),
                                          (.init(walks: 10, epsilon: .nan), "ε-shell width must be positive"),
                                          (.init(walks: 10, maxSteps: 0), "step cap")] {
            do {
                _ = try WalkOnSpheres(configuration)
                Issue.record("accepted \(configuration)")
            } catch {
                #expect("\(error)".contains(mentions), "\(error)")
            }
        }
        let estimator = try WalkOnSpheres(.init(walks: 10))
        do {
            _ = try estimator.estimate(DirichletProblem<Vector2>(boundary: { _ in 0 }), in: try Disk(radius: 1),
                                       at: [Vector2(0, 0), Vector2(1.5, 0)])
            Issue.record("a point outside the domain was accepted")
        } catch {
            #expect("\(error)".contains("query point 1 at (1.5, 0.0) lies outside the domain"), "\(error)")
        }
    }

    /// Welford's mean and variance equal the two-pass ones, also for values with a large mean.
    @Test func runningStatisticsMatchTwoPass() {
        var rng = RandomStream(seed: 3, stream: 0)
        let values = (0..<1000).map { _ in 1e6 + rng.normal() }
        var statistics = RunningStatistics()
        values.forEach { statistics.add($0) }
        let mean = values.reduce(0, +) / 1000
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 999
        #expect(abs(statistics.mean - mean) < 1e-9 && abs(statistics.variance - variance) < 1e-9 * variance)
        #expect(abs(statistics.standardError - (variance / 1000).squareRoot()) < 1e-12)
        var one = RunningStatistics()
        one.add(2)
        #expect(one.mean == 2 && one.standardError.isNaN)
    }
}
