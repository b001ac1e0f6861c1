/// The architecture of a Fourier Neural Operator, as users of neuraloperator's `FNO` know it.
///
/// `modes` follows neuraloperator's `n_modes`: along every axis but the last, the `modes[i]`
/// lowest frequencies are kept (half non-negative, half negative); along the last (the real-FFT
/// axis) the `modes[last] / 2 + 1` non-negative ones. The number of spatial axes (1, 2 or 3) is
/// `modes.count`.
public struct FNOConfiguration: Equatable, Sendable {
    public var inChannels: Int = 1
    public var outChannels: Int = 1
    public var modes: [Int]
    /// Channels of the Fourier layers (neuraloperator's `hidden_channels`).
    public var width: Int = 32
    public var layers: Int = 4
    /// Hidden width of the lifting MLP; nil: `2 × width` (neuraloperator's `lifting_channel_ratio = 2`).
    public var liftingChannels: Int? = nil
    /// Hidden width of the projection MLP; nil: `2 × width`.
    public var projectionChannels: Int? = nil
    /// Appends the grid coordinates in [0, 1] as input channels (neuraloperator's `positional_embedding="grid"`).
    public var positionalEmbedding: Bool = true
    /// A channel MLP after each spectral convolution (neuraloperator's `use_channel_mlp`).
    public var channelMLP: Bool = true
    /// Hidden width of that MLP as a fraction of `width` (neuraloperator's `channel_mlp_expansion`).
    public var channelMLPExpansion: Double = 0.5
    /// Zero padding appended on each spatial axis, as a fraction of its length, for non-periodic
    /// problems (neuraloperator's `domain_padding`); 0 for none.
    public var domainPadding: Double = 0

    public init(modes: [Int]) { self.modes = modes }
}
