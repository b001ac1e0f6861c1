import NeuropCore
import ReferenceSolvers

/// The FNO 12/3 thresholded coefficient at s nodes per axis, from a fixed stream.
func thresholdedCoefficient(_ s: Int, seed: UInt64 = 7) -> [Double] {
    var rng = RandomStream(seed: seed, stream: UInt64(s))
    return DarcyCoefficientSampler(size: s).sample(using: &rng)
}
