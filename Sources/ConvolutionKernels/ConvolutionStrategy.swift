/// How a convolution is lowered to GEMMs (OpenBLAS), per sample.
///
/// - `im2col` (`ColumnLowering`): copy the C·k_h·k_w × P column matrix (a tile of it at a time), then
///   one GEMM of inner dimension C·k_h·k_w.
/// - `shiftedTaps` (`ShiftedTaps`): one GEMM per tap, of inner dimension C, straight on shifted views
///   of the padded sample (split into stride phases when the stride is not 1); no column matrix.
///
/// Measured with `conv-bench` on this project's 2-core machine (batch 32, 64 × 64, release build),
/// forward / forward + backward in ms, im2col against shifted taps:
///
///     3 × 3, 32 → 32              17.9 / 56.3   against 15.5 / 49.9
///     3 × 3 stride 2, 32 → 32      6.3 / 21.4   against  4.7 / 15.5
///     4 × 4 stride 2 transposed   12.2 / 34.2   against  8.0 / 25.3
///     3 × 3, 1 → 32                1.5 /  4.7   against  2.0 /  4.9
///     3 × 3, 8 → 32                4.9 / 15.3   against  5.4 / 18.8
///     3 × 3, 16 → 32               8.8 / 27.6   against  8.4 / 27.5
///     3 × 3, 32 → 1                3.6 / 12.4   against  1.3 /  5.1
///
/// Shifted taps win from about 16 input channels (of the convolution: the output channels of a
/// transposed one) and im2col below, where GEMMs of inner dimension C are too thin; `automatic`
/// follows that.
public enum ConvolutionStrategy: String, Sendable, CaseIterable {
    case automatic
    case im2col
    case shiftedTaps

    /// Input channels from which `automatic` picks shifted taps.
    static let shiftedTapsMinimumChannels = 16

    /// The concrete strategy for a sample geometry: `automatic` resolved, and a unit-stride pointwise
    /// kernel always shifted taps (one GEMM straight on the sample, nothing to copy).
    func products(for geometry: SampleGeometry, outChannels: Int) -> any SampleProducts {
        let taps: Bool
        switch self {
        case .im2col: taps = false
        case .shiftedTaps: taps = true
        case .automatic:
            taps = geometry.channels >= ConvolutionStrategy.shiftedTapsMinimumChannels
                || (geometry.taps == 1 && geometry.hasUnitStride)
        }
        return taps ? ShiftedTaps(geometry: geometry, outChannels: outChannels)
                    : ColumnLowering(geometry: geometry, outChannels: outChannels)
    }
}
