import NeuropCore

/// The Walk-on-Spheres estimator of Δu = f in Ω, u = g on ∂Ω (Muller 1956; Sawhney & Crane,
/// "Monte Carlo Geometry Processing", SIGGRAPH 2020).
///
/// One walk from x₀: at x_k take R_k = the domain's distance bound; stop when R_k < ε and read
/// g at the closest boundary point; otherwise, for a source, subtract ∫_{B_k} G f estimated by one
/// sample y_k drawn with density G/∫G — (R_k²/4) f(y_k) in 2D, (R_k²/6) f(y_k) in 3D — and jump to a
/// uniform point of the sphere |x − x_k| = R_k:
///
///     u(x₀) ≈ g(x̄_N) − Σ_{k<N} (∫_{B_k} G) f(y_k).
///
/// The mean of W walks has bias O(ε) (the ε-shell) and standard deviation ∝ W^(−1/2); in convex
/// domains a walk takes O(log 1/ε) steps (about 6 at ε = 1e-2 to 19 at 1e-6 on a disk). A walk that
/// reaches `maxSteps` stops where it is and is counted in `PointEstimate.cappedWalks`.
///
/// Reproducibility: the walks from point p draw from `RandomStream(seed:, stream: firstStream + p)`,
/// one walk after the other, so an estimate depends only on (seed, stream, point) — never on the
/// thread count or the order points run in. Points run in parallel on a `ThreadPool`.
///
/// Good values: ε = 1e-3 to 1e-4 relative to the domain size; 100 walks give about 10% of g's
/// spread as standard error; cap 1000 steps.
public struct WalkOnSpheres: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// Walks per query point W.
        public var walks: Int
        /// Width ε of the shell where walks stop.
        public var epsilon: Double
        /// Step cap per walk.
        public var maxSteps: Int
        /// Seed of every walk's random stream.
        public var seed: UInt64

        public init(walks: Int, epsilon: Double = 1e-3, maxSteps: Int = 1000, seed: UInt64 = 0) {
            self.walks = walks
            self.epsilon = epsilon
            self.maxSteps = maxSteps
            self.seed = seed
        }
    }

    public let configuration: Configuration

    /// Throws `tooFewWalks`, `nonPositiveEpsilon` or `nonPositiveStepCap` for unusable settings.
    public init(_ configuration: Configuration) throws {
        guard configuration.walks >= 1 else { throw WalkOnSpheresError.tooFewWalks(configuration.walks) }
        guard configuration.epsilon > 0, configuration.epsilon.isFinite else {
            throw WalkOnSpheresError.nonPositiveEpsilon(configuration.epsilon)
        }
        guard configuration.maxSteps >= 1 else { throw WalkOnSpheresError.nonPositiveStepCap(configuration.maxSteps) }
        self.configuration = configuration
    }

    /// Estimates u at every point, in parallel; throws `pointOutsideDomain` before any walk if a
    /// point is not strictly inside the domain.
    @inlinable
    public func estimate<D: Domain, P: BoundaryValueProblem>(
        _ problem: P, in domain: D, at points: [D.Vector], firstStream: UInt64 = 0, pool: ThreadPool = .shared
    ) throws -> [PointEstimate] where P.Vector == D.Vector {
        for (index, point) in points.enumerated() where !domain.contains(point) {
            throw WalkOnSpheresError.pointOutsideDomain(index: index, coordinates: (0..<D.Vector.dimension).map { point[$0] })
        }
        let n = points.count
        var results = [PointEstimate](repeating: PointEstimate(value: 0, standardError: 0, meanSteps: 0, walks: 0, cappedWalks: 0),
                                      count: n)
        // Tasks of a few points keep the pool's scheduling cost small against the walks.
        let pointsPerTask = 4
        results.withUnsafeMutableBufferPointer { buffer in
            let out = buffer.baseAddress!
            pool.parallelFor((n + pointsPerTask - 1) / pointsPerTask) { task in
                for p in (task * pointsPerTask)..<min(n, (task + 1) * pointsPerTask) {
                    out[p] = self.estimate(problem, in: domain, at: points[p], stream: firstStream &+ UInt64(p))
                }
            }
        }
        return results
    }

    /// The walks from one point, serially, drawing from `RandomStream(seed:, stream: stream)`. The
    /// point must lie in the domain (unchecked here).
    @inlinable
    public func estimate<D: Domain, P: BoundaryValueProblem>(
        _ problem: P, in domain: D, at point: D.Vector, stream: UInt64
    ) -> PointEstimate where P.Vector == D.Vector {
        var rng = RandomStream(seed: configuration.seed, stream: stream)
        var statistics = RunningStatistics()
        var totalSteps = 0, capped = 0
        for _ in 0..<configuration.walks {
            let walk = self.walk(problem, in: domain, from: point, using: &rng)
            statistics.add(walk.value)
            totalSteps += walk.steps
            if walk.capped { capped += 1 }
        }
        return PointEstimate(value: statistics.mean, standardError: statistics.standardError,
                             meanSteps: Double(totalSteps) / Double(configuration.walks),
                             walks: configuration.walks, cappedWalks: capped)
    }

    /// One walk: its value g(x̄_N) − Σ (∫_{B_k} G) f(y_k), its number of steps N, and whether the cap stopped it.
    @inlinable
    public func walk<D: Domain, P: BoundaryValueProblem>(
        _ problem: P, in domain: D, from start: D.Vector, using rng: inout RandomStream
    ) -> (value: Double, steps: Int, capped: Bool) where P.Vector == D.Vector {
        let epsilon = configuration.epsilon, maxSteps = configuration.maxSteps
        let hasSource = problem.hasSource
        var x = start, sourceTerm = 0.0, steps = 0
        while true {
            let radius = domain.distanceBound(x)
            if radius < epsilon { break }
            if steps == maxSteps {
                return (problem.boundaryValue(at: domain.closestBoundaryPoint(x)) - sourceTerm, steps, true)
            }
            if hasSource {
                let y = x + radius * D.Vector.greenSample(using: &rng)
                sourceTerm += D.Vector.greenIntegral(radius: radius) * problem.source(at: y)
            }
            x = x + radius * D.Vector.randomDirection(using: &rng)
            steps += 1
        }
        return (problem.boundaryValue(at: domain.closestBoundaryPoint(x)) - sourceTerm, steps, false)
    }
}
