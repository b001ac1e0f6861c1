import Autograd
import NeuropCore
import NeuropTestSupport
import ConvolutionKernels
import SpectralKernels
import Testing

/// One finite-difference gradient check per differentiable operation (relative error ≤ 1e-2 in Float32).
@Suite struct OperationGradientTests {
    let tolerance = 1e-2

    @Test func broadcastArithmeticAndReuse() {
        // b broadcasts along two axes; a is used three times.
        let err = gradientCheckError([randomTensor([3, 4, 5], seed: 1), randomTensor([4, 1], seed: 2)]) { v in
            let (a, b) = (v[0], v[1])
            return a * b + a - a / (b * b + 2) * 0.5 + (-a) * 0.25 + 1
        }
        #expect(err < tolerance)
    }

    @Test func matrixProducts() {
        #expect(gradientCheckError([randomTensor([5, 7], seed: 3), randomTensor([7, 3], seed: 4)]) {
            Variable.matmul($0[0], $0[1])
        } < tolerance)
        #expect(gradientCheckError([randomTensor([2, 5, 7], seed: 5), randomTensor([2, 7, 3], seed: 6)]) {
            Variable.matmul($0[0], $0[1])
        } < tolerance)
        // A matrix shared across the batch, as a Linear layer applies its weight.
        #expect(gradientCheckError([randomTensor([2, 5, 7], seed: 7), randomTensor([7, 3], seed: 8)]) {
            Variable.matmul($0[0], $0[1])
        } < tolerance)
        // The fused affine map of a Linear layer, and its values: those of matmul + bias exactly.
        let (x, w, b) = (randomTensor([5, 7], seed: 16), randomTensor([7, 3], seed: 17), randomTensor([3], seed: 18))
        #expect(gradientCheckError([x, w, b]) { Variable.affine($0[0], $0[1], $0[2]) } < tolerance)
        #expect(Variable.affine(Variable(x), Variable(w), Variable(b)).value == Tensor.matmul(x, w) + b)
    }

    @Test func reductions() {
        let x = randomTensor([3, 4, 5], seed: 9)
        #expect(gradientCheckError([x]) { $0[0].sum() } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].mean() } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].sum(alongAxis: 1) } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].mean(alongAxis: 2, keepingDimension: true) } < tolerance)
    }

    @Test func shapeOperations() {
        let x = randomTensor([2, 3, 4], seed: 10)
        #expect(gradientCheckError([x]) { $0[0].reshaped([6, 4]) } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].permuted([2, 0, 1]) } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].slice(axis: 1, 1..<3) } < tolerance)
        #expect(gradientCheckError([x, randomTensor([2, 2, 4], seed: 11)]) {
            Variable.concatenate([$0[0], $0[1], $0[0]], axis: 1)
        } < tolerance)
    }

    @Test(arguments: Tensor.PaddingMode.allCases)
    func padding(mode: Tensor.PaddingMode) {
        let x = randomTensor([2, 5, 6], seed: 12)
        #expect(gradientCheckError([x]) { $0[0].padded([(2, 1), (3, 2)], mode: mode) } < tolerance)
    }

    @Test func activations() {
        let x = randomTensor([4, 9], seed: 13) * 2
        #expect(gradientCheckError([x]) { $0[0].relu() } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].gelu() } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].tanh() } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].silu() } < tolerance)
        #expect(gradientCheckError([x]) { $0[0].softplus() } < tolerance)
    }

    @Test func losses() {
        let p = randomTensor([3, 2, 6, 5], seed: 14), t = randomTensor([3, 2, 6, 5], seed: 15)
        #expect(gradientCheckError([p]) { Loss.mse($0[0], t) } < tolerance)
        #expect(gradientCheckError([p]) { Loss.relativeL2($0[0], t) } < tolerance)
        #expect(gradientCheckError([p]) { Loss.relativeL2($0[0], t, reduction: .sum) } < tolerance)
        #expect(gradientCheckError([p]) { Loss.h1($0[0], t) } < tolerance)
        #expect(gradientCheckError([p]) { Loss.h1($0[0], t, periodic: true) } < tolerance)
    }

    @Test func lossValuesMatchTheirDefinitions() {
        let p = Tensor(shape: [2, 1, 2], values: [1, 2, 3, 4]), t = Tensor(shape: [2, 1, 2], values: [1, 1, 0, 4])
        #expect(abs(Loss.mse(Variable(p), t).value.scalar - (0 + 1 + 9 + 0) / 4) < 1e-6)
        let expected = (1 / 2.0.squareRoot() + 3 / 4) / 2
        #expect(abs(Double(Loss.relativeL2(Variable(p), t).value.scalar) - expected) < 1e-6)
    }

    @Test func gradientsAccumulateAndParametersReceiveThem() {
        let w = Parameter(randomTensor([3], seed: 16))
        let tape = Tape()
        let x = tape.constant(Tensor(shape: [3], values: [1, 2, 3]))
        let a = x.use(w), b = x.use(w)  // the same parameter used twice
        tape.gradients(of: (a * x + b * x * 2).sum())
        let g = w.gradient!
        #expect(g.values == [3, 6, 9])
    }
}

@Suite struct InterpolationTests {
    /// Bilinear interpolation is exact for bilinear functions a + bx + cy + dxy.
    @Test func exactForBilinearFunctions() {
        let (n1, n2) = (7, 5)
        let f = Tensor(shape: [1, 1, n1, n2]) { k in
            let x = Float(k / n2) / Float(n1 - 1) * 2 - 1, y = Float(k % n2) / Float(n2 - 1) * 3
            return 0.5 + 2 * x - y + 1.5 * x * y
        }
        var rng = RandomStream(seed: 3)
        let pts = Tensor(shape: [1, 40, 2]) { k in k % 2 == 0 ? Float(2 * rng.uniform() - 1) : Float(3 * rng.uniform()) }
        let out = Variable(f).bilinear(at: pts, lower: (-1, 0), upper: (1, 3))
        for q in 0..<40 {
            let x = pts[0, q, 0], y = pts[0, q, 1]
            #expect(abs(out.value[0, 0, q] - (0.5 + 2 * x - y + 1.5 * x * y)) < 1e-5)
        }
    }

    @Test func gradientCheck() {
        var rng = RandomStream(seed: 4)
        let pts = Tensor(shape: [2, 30, 2]) { _ in Float(rng.uniform()) }
        let err = gradientCheckError([randomTensor([2, 3, 6, 9], seed: 5)]) { $0[0].bilinear(at: pts) }
        #expect(err < 1e-2)
    }
}

@Suite struct SpectralConvolutionGradientTests {
    @Test(arguments: [[16], [12, 10], [8, 6, 10]])
    func spectralConvolution(spatial: [Int]) {
        let modes = spatial.count == 1 ? [5] : spatial.count == 2 ? [3, 4] : [2, 3, 4]
        let conv = SpectralConvolution(inChannels: 3, outChannels: 2, modes: modes)
        var rng = RandomStream(seed: 31)
        let w = conv.initialWeight(using: &rng) * 50
        let err = gradientCheckError([randomTensor([2, 3] + spatial, seed: 32), w, randomTensor([2], seed: 33)]) {
            $0[0].spectralConvolution(weight: $0[1], bias: $0[2], conv)
        }
        #expect(err < 1e-2)
    }
}

@Suite struct ConvolutionGradientTests {
    @Test(arguments: Tensor.PaddingMode.allCases)
    func convolution2D(padding: Tensor.PaddingMode) {
        let conv = Convolution(geometry: ConvolutionGeometry(spatialRank: 2, kernel: 3, stride: 2, dilation: 1, padding: 1),
                               padding: padding)
        let err = gradientCheckError([randomTensor([2, 3, 9, 8], seed: 40), randomTensor([4, 3, 3, 3], seed: 41),
                                      randomTensor([4], seed: 42)]) {
            $0[0].convolution(weight: $0[1], bias: $0[2], conv)
        }
        #expect(err < 1e-2)
    }

    @Test func convolution1DDilated() {
        let conv = Convolution(geometry: ConvolutionGeometry(spatialRank: 1, kernel: 3, stride: 1, dilation: 2, padding: 2),
                               padding: .circular)
        let err = gradientCheckError([randomTensor([2, 3, 11], seed: 43), randomTensor([2, 3, 3], seed: 44)]) {
            $0[0].convolution(weight: $0[1], conv)
        }
        #expect(err < 1e-2)
    }

    @Test func transposedConvolution() {
        // Prolongation of an odd grid, 5 → 9, as MgNO uses it; and 1D.
        let up = TransposedConvolution(geometry: ConvolutionGeometry(spatialRank: 2, kernel: 3, stride: 2, padding: 1))
        #expect(gradientCheckError([randomTensor([2, 4, 5, 5], seed: 45), randomTensor([4, 3, 3, 3], seed: 46),
                                    randomTensor([3], seed: 47)]) {
            $0[0].transposedConvolution(weight: $0[1], bias: $0[2], up)
        } < 1e-2)
        let up1 = TransposedConvolution(geometry: ConvolutionGeometry(spatialRank: 1, kernel: 4, stride: 2, padding: 1))
        #expect(gradientCheckError([randomTensor([2, 3, 7], seed: 48), randomTensor([3, 2, 4], seed: 49)]) {
            $0[0].transposedConvolution(weight: $0[1], up1)
        } < 1e-2)
    }

    @Test func channelMixing() {
        let err = gradientCheckError([randomTensor([2, 5, 6, 7], seed: 50), randomTensor([3, 5], seed: 51),
                                      randomTensor([3], seed: 52)]) {
            $0[0].channelMixing(weight: $0[1], bias: $0[2])
        }
        #expect(err < 1e-2)
    }
}

@Suite struct NodeGatherTests {
    /// Nodes in any order, one of them twice: the values are those nodes', and the scattered
    /// gradient (both reads of the repeated node added) passes the dot-product check.
    @Test func valuesAndGradient() {
        let x = randomTensor([2, 3, 4, 5], seed: 7)
        let nodes = [19, 0, 7, 7, 12]
        let y = Variable(x).gatheringNodes(nodes).value
        #expect(y.shape == [2, 3, 5])
        for b in 0..<2 { for c in 0..<3 { for (j, node) in nodes.enumerated() { #expect(y[b, c, j] == x[b, c, node / 5, node % 5]) } } }
        #expect(gradientCheckError([x]) { $0[0].gatheringNodes(nodes) } < 1e-3)
    }
}
