/// How a convolution window walks the spatial axes (one or two) of a channel-first tensor.
///
/// Per axis: kernel extent `k`, stride `s`, dilation `d` and the cells `p₋`, `p₊` added before and
/// after the data. Tap `t ∈ 0..<k` of output cell `o` reads padded cell `o·s + t·d`, so the window
/// spans `d(k−1) + 1` cells and, as in PyTorch,
///
///     n_out = ⌊(n + p₋ + p₊ − d(k−1) − 1) / s⌋ + 1.
///
/// Trailing padded cells that no window reaches (when the division is not exact) are ignored, as
/// PyTorch ignores them. Typical values for neural operators: `k = 3`, `s = 1`, `p₋ = p₊ = 1`
/// ("same" size), or `k = 3`/`4`, `s = 2` for restriction and prolongation in multigrid networks.
public struct ConvolutionGeometry: Sendable, Equatable {
    /// The window along one spatial axis.
    public struct Axis: Sendable, Equatable {
        public var kernel: Int
        public var stride: Int
        public var dilation: Int
        public var padBefore: Int
        public var padAfter: Int

        public init(kernel: Int, stride: Int = 1, dilation: Int = 1, padBefore: Int = 0, padAfter: Int = 0) {
            precondition(kernel >= 1 && stride >= 1 && dilation >= 1,
                         "kernel \(kernel), stride \(stride) and dilation \(dilation) must be positive")
            precondition(padBefore >= 0 && padAfter >= 0, "negative padding (\(padBefore), \(padAfter))")
            self.kernel = kernel
            self.stride = stride
            self.dilation = dilation
            self.padBefore = padBefore
            self.padAfter = padAfter
        }

        /// The same padding `padding` on both sides.
        public init(kernel: Int, stride: Int = 1, dilation: Int = 1, padding: Int) {
            self.init(kernel: kernel, stride: stride, dilation: dilation, padBefore: padding, padAfter: padding)
        }

        /// Cells one window covers: `d(k−1) + 1`.
        public var span: Int { dilation * (kernel - 1) + 1 }

        /// Output extent for an input extent `n`; zero or negative when the padded input is shorter
        /// than one window.
        public func outputExtent(_ n: Int) -> Int {
            let reach = n + padBefore + padAfter - span
            return reach < 0 ? 0 : reach / stride + 1
        }
    }

    /// One entry per spatial axis, in tensor order.
    public var axes: [Axis]

    public init(_ axes: [Axis]) {
        precondition(axes.count == 1 || axes.count == 2, "convolutions have 1 or 2 spatial axes, got \(axes.count)")
        self.axes = axes
    }

    /// The same window on each of `spatialRank` axes.
    public init(spatialRank: Int, kernel: Int, stride: Int = 1, dilation: Int = 1, padding: Int = 0) {
        self.init(Array(repeating: Axis(kernel: kernel, stride: stride, dilation: dilation, padding: padding),
                        count: spatialRank))
    }

    public var spatialRank: Int { axes.count }

    /// Kernel extents, as they appear at the end of a weight shape.
    public var kernelShape: [Int] { axes.map(\.kernel) }

    /// Output extents for input extents `spatial`.
    public func outputExtents(_ spatial: [Int]) -> [Int] {
        precondition(spatial.count == axes.count, "spatial extents \(spatial) do not match \(axes.count) axes")
        return zip(axes, spatial).map { $0.outputExtent($1) }
    }
}
