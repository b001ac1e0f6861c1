import ConvolutionKernels
import NeuropCore
import NeuropTestSupport
import Testing

/// One layer configuration to test: shapes, geometry and padding mode (for a transposed
/// convolution: its geometry, `outputPadding`, and zero padding).
struct ConvolutionCase: Sendable, CustomTestStringConvertible {
    var batch: Int
    var inChannels: Int
    var outChannels: Int
    var spatial: [Int]
    var geometry: ConvolutionGeometry
    var mode: Tensor.PaddingMode = .zero
    var outputPadding: [Int]? = nil
    var hasBias = true

    var testDescription: String {
        let axes = geometry.axes.map { "k\($0.kernel) s\($0.stride) d\($0.dilation) p(\($0.padBefore),\($0.padAfter))" }
        let extra = outputPadding.map { " a\($0)" } ?? ""
        return "B\(batch) \(inChannels)→\(outChannels) \(spatial) [\(axes.joined(separator: "; "))]\(extra) \(mode)\(hasBias ? " +b" : "")"
    }

    func convolution(_ strategy: ConvolutionStrategy) -> Convolution {
        Convolution(geometry: geometry, padding: mode, strategy: strategy)
    }

    func transposed(_ strategy: ConvolutionStrategy) -> TransposedConvolution {
        TransposedConvolution(geometry: geometry, outputPadding: outputPadding, strategy: strategy)
    }

    /// Both lowerings, each forced, so that every case runs through each.
    static let strategies: [ConvolutionStrategy] = [.im2col, .shiftedTaps]

    /// Input, weight and bias drawn from fixed streams; `transposedWeight` uses the `[C, O, k…]` layout.
    func tensors(transposedWeight: Bool = false) -> (input: Tensor, weight: Tensor, bias: Tensor?) {
        let weightShape = (transposedWeight ? [inChannels, outChannels] : [outChannels, inChannels]) + geometry.kernelShape
        return (randomTensor([batch, inChannels] + spatial, seed: 11, stream: 0),
                randomTensor(weightShape, seed: 11, stream: 1),
                hasBias ? randomTensor([outChannels], seed: 11, stream: 2) : nil)
    }

    static func axis(_ k: Int, s: Int = 1, d: Int = 1, p: (Int, Int) = (0, 0)) -> ConvolutionGeometry.Axis {
        .init(kernel: k, stride: s, dilation: d, padBefore: p.0, padAfter: p.1)
    }

    /// Geometries for every padding mode: 1D and 2D, kernels 1/3/4/5, strides 1/2/3, dilations 1/2,
    /// asymmetric padding, odd extents.
    static let paddedGeometries: [(spatial: [Int], geometry: ConvolutionGeometry)] = [
        ([85], .init([axis(3, p: (1, 1))])),
        ([23], .init([axis(5, s: 2, d: 2, p: (3, 1))])),
        ([17], .init([axis(4, s: 3, p: (2, 1))])),
        ([9, 11], .init([axis(3, p: (1, 1)), axis(3, p: (1, 1))])),
        ([13, 10], .init([axis(3, s: 2, p: (1, 2)), axis(5, d: 2, p: (3, 0))])),
        ([12, 12], .init([axis(4, s: 2, p: (1, 1)), axis(4, s: 2, p: (1, 1))])),
        ([7, 8], .init([axis(5, s: 3, p: (2, 2)), axis(1, s: 2)])),
        ([5, 85], .init([axis(3, s: 2, p: (1, 1)), axis(3, s: 2, p: (1, 1))])),
    ]

    /// `paddedGeometries` under every padding mode, alternating bias and batch/channel counts.
    static let padded: [ConvolutionCase] = Tensor.PaddingMode.allCases.flatMap { mode in
        paddedGeometries.enumerated().map { i, g in
            ConvolutionCase(batch: 2 + i % 2, inChannels: 3 + i % 2, outChannels: 2 + i % 3, spatial: g.spatial,
                            geometry: g.geometry, mode: mode, hasBias: i % 2 == 0)
        }
    }

    /// Cases without padding, pointwise kernels, a unit-stride window without gaps between output
    /// rows, and inputs wide enough (C·k ≥ 1024 column rows) that im2col splits the output cells into
    /// several tiles, part-way through output rows, and shifted taps split stride-2 rows with vectors.
    static let unpadded: [ConvolutionCase] = [
        ConvolutionCase(batch: 3, inChannels: 4, outChannels: 5, spatial: [9], geometry: .init([axis(1)])),
        ConvolutionCase(batch: 2, inChannels: 3, outChannels: 2, spatial: [6, 7], geometry: .init([axis(1), axis(1)]),
                        hasBias: false),
        ConvolutionCase(batch: 2, inChannels: 3, outChannels: 4, spatial: [10], geometry: .init([axis(1, s: 2)])),
        ConvolutionCase(batch: 2, inChannels: 2, outChannels: 3, spatial: [11, 9], geometry: .init([axis(3), axis(2, d: 2)])),
        ConvolutionCase(batch: 2, inChannels: 3, outChannels: 2, spatial: [8, 6], geometry: .init([axis(3, p: (1, 1)), axis(1)]),
                        mode: .circular),
        ConvolutionCase(batch: 2, inChannels: 120, outChannels: 3, spatial: [33, 27],
                        geometry: .init([axis(3, s: 2, p: (1, 1)), axis(3, s: 2, p: (1, 1))]), mode: .reflect),
        ConvolutionCase(batch: 2, inChannels: 210, outChannels: 2, spatial: [600], geometry: .init([axis(5, s: 2, p: (2, 2))]),
                        mode: .circular, hasBias: false),
        ConvolutionCase(batch: 2, inChannels: 130, outChannels: 3, spatial: [15, 21],
                        geometry: .init([axis(3, p: (1, 1)), axis(3, p: (1, 1))]), mode: .reflect),
    ]

    /// Transposed convolutions: MgNO's stride-2 prolongations (43 → 85 with k = 3 and k = 4), output
    /// padding, dilation beyond the stride, asymmetric padding, pointwise, and enough output channels
    /// (O·k_h·k_w ≥ 1024) for several column tiles.
    static let transposedCases: [ConvolutionCase] = [
        ConvolutionCase(batch: 2, inChannels: 3, outChannels: 2, spatial: [43], geometry: .init([axis(3, s: 2, p: (1, 1))])),
        ConvolutionCase(batch: 2, inChannels: 2, outChannels: 3, spatial: [43], geometry: .init([axis(4, s: 2, p: (1, 2))]),
                        hasBias: false),
        ConvolutionCase(batch: 3, inChannels: 2, outChannels: 2, spatial: [10], geometry: .init([axis(4, s: 2, p: (1, 1))]),
                        outputPadding: [1]),
        ConvolutionCase(batch: 2, inChannels: 3, outChannels: 2, spatial: [7], geometry: .init([axis(3, s: 3, d: 2, p: (0, 1))]),
                        outputPadding: [2]),
        ConvolutionCase(batch: 2, inChannels: 3, outChannels: 2, spatial: [8], geometry: .init([axis(3, d: 2, p: (1, 1))]),
                        outputPadding: [1]),
        ConvolutionCase(batch: 2, inChannels: 4, outChannels: 3, spatial: [6], geometry: .init([axis(1)])),
        ConvolutionCase(batch: 2, inChannels: 3, outChannels: 2, spatial: [11, 9],
                        geometry: .init([axis(4, s: 2, p: (1, 1)), axis(4, s: 2, p: (1, 1))]), outputPadding: [1, 1]),
        ConvolutionCase(batch: 2, inChannels: 2, outChannels: 3, spatial: [6, 7],
                        geometry: .init([axis(3, s: 2, p: (1, 1)), axis(3, s: 2, p: (1, 1))]), outputPadding: [1, 0],
                        hasBias: false),
        ConvolutionCase(batch: 2, inChannels: 3, outChannels: 2, spatial: [6, 5],
                        geometry: .init([axis(3, p: (1, 1)), axis(3, p: (1, 1))])),
        ConvolutionCase(batch: 2, inChannels: 2, outChannels: 2, spatial: [5, 6],
                        geometry: .init([axis(3, d: 2, p: (2, 0)), axis(2, s: 2, p: (0, 1))]), outputPadding: [0, 1]),
        ConvolutionCase(batch: 2, inChannels: 2, outChannels: 120, spatial: [12, 13],
                        geometry: .init([axis(3, s: 2, p: (1, 1)), axis(3, s: 2, p: (1, 1))])),
    ]
}
