/// The per-sample products of a convolution y = W ⋆ x̃ on a padded sample x̃, by one lowering
/// strategy (`ColumnLowering` or `ShiftedTaps`).
///
/// Letters: O output channels, C input channels, T = k_h·k_w taps, P output cells; ȳ, g̃ and W̄ are
/// the gradients of y, x̃ and W. Products write only what they are given, so the caller decides
/// what is parallel and what is reduced.
protocol SampleProducts {
    /// Whether weights (and weight gradients) are tap-major, `[T][O][C]`, rather than PyTorch's `[O][C][T]`.
    var tapMajorWeights: Bool { get }
    /// Floats of scratch one call needs.
    var scratchCount: Int { get }

    /// y ← W ⋆ x̃ + bias, y being `[O, P]`.
    func forward(_ padded: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)

    /// g̃ += the adjoint of x̃ ↦ W ⋆ x̃ applied to ȳ.
    func adjoint(_ gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                 addingInto gradPadded: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)

    /// W̄ += the adjoint of W ↦ W ⋆ x̃ applied to ȳ; and, when `gradPadded` is given, what `adjoint` adds to it.
    func weightGradient(_ padded: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        addingInto gradWeight: UnsafeMutablePointer<Float>, gradPadded: UnsafeMutablePointer<Float>?,
                        scratch: UnsafeMutablePointer<Float>)
}
