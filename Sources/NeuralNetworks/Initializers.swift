import Foundation
import NeuropCore

/// Weight initialisers, each drawing from an explicit `RandomStream` (never from the clock).
/// The FNO's spectral init is `SpectralConvolution.initialWeight(using:)`, beside its weight layout.
public enum Initializer {
    /// Uniform on [−bound, bound].
    public static func uniform(_ shape: [Int], bound: Float, rng: inout RandomStream) -> Tensor {
        Tensor(shape: shape) { _ in Float(2 * rng.uniform() - 1) * bound }
    }

    /// Kaiming/He uniform for a layer with `fanIn` inputs: bound `gain·√(3/fanIn)`, gain √2 for ReLU.
    /// PyTorch's default for Linear/Conv weights is this with gain `√(1/3)` (bound `1/√fanIn`).
    public static func kaimingUniform(_ shape: [Int], fanIn: Int, gain: Float = 1.4142135,
                                      rng: inout RandomStream) -> Tensor {
        uniform(shape, bound: gain * (3 / Float(fanIn)).squareRoot(), rng: &rng)
    }

    /// Xavier/Glorot uniform: bound `gain·√(6/(fanIn + fanOut))`.
    public static func xavierUniform(_ shape: [Int], fanIn: Int, fanOut: Int, gain: Float = 1,
                                     rng: inout RandomStream) -> Tensor {
        uniform(shape, bound: gain * (6 / Float(fanIn + fanOut)).squareRoot(), rng: &rng)
    }
}
