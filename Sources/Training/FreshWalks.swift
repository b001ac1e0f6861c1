import NeuropCore

/// Targets at points that improve as training goes: before every epoch after the first, each
/// training point gets `walksPerRound` new, independent walks, averaged into its target with all
/// the walks so far (WoS-NO's running average of Walk-on-Spheres targets across epochs).
///
/// Round 0 is the file (`initialWalks` walks per point); round r ≥ 1 comes from `estimate(r, i)`:
/// values and standard errors `[P]` of training sample i with fresh walks (0 at points outside
/// the domain). With n = n₀ + (r − 1)·W walks behind the current mean m (standard error s) and a
/// new estimate x (standard error sₓ) from W walks:
///
///     m ← (n m + W x) / (n + W),   s² ← (n² s² + W² sₓ²) / (n + W)²,
///
/// the mean and the variance of the walk-weighted mean of independent estimates. The estimator
/// is a closure so that Training need not know Walk-on-Spheres (the CLI passes one that rebuilds
/// the problems from the file). The targets are not stored in checkpoints: a resumed run replays
/// the rounds it had applied, which gives the same values bit for bit (each round's walks depend
/// only on the round, the sample and the point).
public struct FreshWalks {
    public var initialWalks: Int
    public var walksPerRound: Int
    public var estimate: (_ round: Int, _ sample: Int) throws -> (values: [Float], standardError: [Float])

    public init(initialWalks: Int, walksPerRound: Int,
                estimate: @escaping (_ round: Int, _ sample: Int) throws -> (values: [Float], standardError: [Float])) {
        self.initialWalks = initialWalks
        self.walksPerRound = walksPerRound
        self.estimate = estimate
    }

    /// `targets` (holding rounds 0 … round − 1) with round `round` averaged in.
    public func averaging(round: Int, into targets: PointTargets) throws -> PointTargets {
        precondition(round >= 1, "round 0 is the file")
        var result = targets
        let (samples, points) = (targets.count, targets.pointCount)
        let n = Double(initialWalks + (round - 1) * walksPerRound), w = Double(walksPerRound)
        for i in 0..<samples {
            let (values, errors) = try estimate(round, i)
            precondition(values.count == points && errors.count == points, "fresh estimates of sample \(i) must hold \(points) points")
            result.values.withUnsafeMutableBufferPointer { v in
                result.standardError.withUnsafeMutableBufferPointer { s in
                    targets.inside.withUnsafeBufferPointer { m in
                        for p in 0..<points where m[i * points + p] != 0 {
                            let k = i * points + p
                            let (mean, se) = (Double(v[k]), Double(s[k]))
                            v[k] = Float((n * mean + w * Double(values[p])) / (n + w))
                            s[k] = Float(((n * n * se * se + w * w * Double(errors[p]) * Double(errors[p])).squareRoot()) / (n + w))
                        }
                    }
                }
            }
        }
        return result
    }
}
