/// The architecture of a Fourier Neural Operator, as users of neuraloperator's `FNO` know it.
///
/// `modes` follows neuraloperator's `n_modes`: along every axis but the last, the `modes[i]`
/// lowest frequencies are kept (half non-negative, half negative, so `modes[i]` must be even);
/// along the last (the real-FFT axis) the `modes[last] / 2 + 1` non-negative ones. The number of
/// spatial axes (1, 2 or 3) is `modes.count`. neuraloperator's `n_modes = (12, 12)` is `modes:
/// [12, 12]` here, and `SpectralConvolution`'s `modes: [6, 7]` (`spectralModes`).
public struct FNOConfiguration: Equatable, Sendable {
    public var inChannels: Int = 1
    public var outChannels: Int = 1
    public var modes: [Int]
    /// Channels of the Fourier layers (neuraloperator's `hidden_channels`).
    public var width: Int = 32
    public var layers: Int = 4
    /// Hidden width of the lifting MLP; nil: `2 × width` (neuraloperator's `lifting_channel_ratio = 2`);
    /// 0: the lifting is a single linear map (neuraloperator's `lifting_channel_ratio = 0`).
    public var liftingChannels: Int? = nil
    /// Hidden width of the projection MLP; nil: `2 × width`.
    public var projectionChannels: Int? = nil
    /// Appends the grid coordinates `j/n` (in [0, 1), neuraloperator's `positional_embedding="grid"`)
    /// as input channels after the data channels.
    public var positionalEmbedding: Bool = true
    /// A channel MLP after each spectral convolution, with a soft-gating skip around it
    /// (neuraloperator's `use_channel_mlp` with `channel_mlp_skip="soft-gating"`).
    public var channelMLP: Bool = true
    /// Hidden width of that MLP as a fraction of `width` (neuraloperator's `channel_mlp_expansion`),
    /// rounded half to even as Python's `round`.
    public var channelMLPExpansion: Double = 0.5
    /// Without the channel MLP, neuraloperator still applies σ a second time where the MLP's output
    /// would be activated, so each layer but the last ends in σ(σ(h)); false applies σ once, as the
    /// FNO paper's code does. No effect with the channel MLP.
    public var repeatedActivation: Bool = true
    /// Zero padding on both ends of each spatial axis, `p = round(domainPadding · n)` cells per end,
    /// applied after the lifting and removed before the projection, for non-periodic problems
    /// (neuraloperator's `domain_padding`); 0 for none. Good values: 0.05–0.25.
    public var domainPadding: Double = 0

    public init(modes: [Int]) { self.modes = modes }

    /// Number of spatial axes.
    public var spatialRank: Int { modes.count }

    /// The kept modes in `SpectralConvolution`'s convention: `modes[a] / 2` per end on the
    /// two-ended axes, `modes[last] / 2 + 1` on the rfft axis.
    public var spectralModes: [Int] {
        modes.enumerated().map { $0.offset == modes.count - 1 ? $0.element / 2 + 1 : $0.element / 2 }
    }

    /// Hidden width of the lifting MLP (0: a single linear map).
    public var resolvedLiftingChannels: Int { liftingChannels ?? 2 * width }
    /// Hidden width of the projection MLP.
    public var resolvedProjectionChannels: Int { projectionChannels ?? 2 * width }
    /// Hidden width of each Fourier layer's channel MLP.
    public var channelMLPChannels: Int { Int((Double(width) * channelMLPExpansion).rounded(.toNearestOrEven)) }
    /// Channels the lifting sees: the data and, with the positional embedding, one per axis.
    public var liftingInChannels: Int { inChannels + (positionalEmbedding ? spatialRank : 0) }

    /// Cells of zero padding at each end of an axis of `extent` points.
    public func padding(forExtent extent: Int) -> Int {
        Int((domainPadding * Double(extent)).rounded(.toNearestOrEven))
    }

    /// Throws the first problem that would make the model meaningless.
    public func validate() throws {
        typealias E = FNOConfigurationError
        guard inChannels >= 1 else { throw E.nonPositive("inChannels", inChannels) }
        guard outChannels >= 1 else { throw E.nonPositive("outChannels", outChannels) }
        guard width >= 1 else { throw E.nonPositive("width", width) }
        guard layers >= 1 else { throw E.nonPositive("layers", layers) }
        guard (1...3).contains(modes.count) else { throw E.spatialRank(modes) }
        for (axis, m) in modes.enumerated() {
            if axis == modes.count - 1 {
                guard m >= 1 else { throw E.nonPositive("modes[\(axis)]", m) }
            } else {
                guard m >= 2 && m % 2 == 0 else { throw E.oddModes(axis: axis, modes: m) }
            }
        }
        if let l = liftingChannels, l < 0 { throw E.nonPositive("liftingChannels", l) }
        if let p = projectionChannels, p < 1 { throw E.nonPositive("projectionChannels", p) }
        if channelMLP {
            guard channelMLPExpansion > 0 && channelMLPChannels >= 1 else {
                throw E.channelMLPExpansion(channelMLPExpansion, width: width)
            }
        }
        guard domainPadding >= 0 && domainPadding.isFinite else { throw E.domainPadding(domainPadding) }
    }
}
