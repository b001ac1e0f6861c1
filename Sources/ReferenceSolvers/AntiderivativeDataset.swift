import NeuropCore

/// DeepONet's antiderivative dataset (Lu et al. 2021): input v ~ GP(0, RBF(ℓ)) on [0, 1] at m
/// equispaced sensors, output u(x) = ∫₀ˣ v at the same sensors.
///
/// v is drawn on a grid `refinement` times finer than the sensors and integrated there, so the
/// stored u is accurate to the fine grid's fourth-order quadrature (≈ 1e-10 relative for ℓ = 0.2,
/// m = 100), not to the sensors' spacing; the sensors are every `refinement`-th fine node.
public struct AntiderivativeDataset: Sendable {
    public let sensors: Int
    public let refinement: Int
    public let process: RBFGaussianProcess

    public init(sensors: Int = 100, lengthScale: Double = 0.2, variance: Double = 1, refinement: Int = 10) {
        precondition(sensors >= 4, "the antiderivative needs at least 4 sensors, got \(sensors)")
        precondition(refinement >= 1, "refinement must be at least 1")
        self.sensors = sensors
        self.refinement = refinement
        let fine = (sensors - 1) * refinement + 1
        process = RBFGaussianProcess(points: (0..<fine).map { Double($0) / Double(fine - 1) },
                                     lengthScale: lengthScale, variance: variance)
    }

    /// Sensor coordinates x_j = j/(m−1).
    public var coordinates: [Double] { (0..<sensors).map { Double($0) / Double(sensors - 1) } }

    /// One sample: v and u at the sensors.
    public func sample(using rng: inout RandomStream) -> (v: [Double], u: [Double]) {
        let fine = process.sample(using: &rng)
        let u = Antiderivative(values: fine, spacing: 1 / Double(fine.count - 1)).cumulative
        let picks = (0..<sensors).map { $0 * refinement }
        return (picks.map { fine[$0] }, picks.map { u[$0] })
    }
}
