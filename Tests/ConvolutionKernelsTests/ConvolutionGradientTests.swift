import ConvolutionKernels
import NeuropCore
import NeuropTestSupport
import Testing

/// A layer under test as three closures: forward, and backward given ∂loss/∂y.
struct Layer {
    var forward: (Tensor, Tensor, Tensor?) -> Tensor
    var backward: (Tensor, Tensor, Tensor) -> (gradInput: Tensor, gradWeight: Tensor, gradBias: Tensor)

    static func convolution(_ c: ConvolutionCase, _ strategy: ConvolutionStrategy) -> Layer {
        let conv = c.convolution(strategy)
        return Layer(forward: { conv.forward($0, weight: $1, bias: $2) },
                     backward: { conv.backward(gradOutput: $0, input: $1, weight: $2) })
    }

    static func transposed(_ c: ConvolutionCase, _ strategy: ConvolutionStrategy) -> Layer {
        let conv = c.transposed(strategy)
        return Layer(forward: { conv.forward($0, weight: $1, bias: $2) },
                     backward: { conv.backward(gradOutput: $0, input: $1, weight: $2) })
    }

    /// y is linear in x and, separately, in W: ⟨y(x; W), v⟩ = ⟨x, x̄(v)⟩ = ⟨W, W̄(v)⟩ without bias,
    /// and ⟨y(0; W, b), v⟩ = ⟨b, b̄(v)⟩.
    func checkAdjoint(input x: Tensor, weight w: Tensor, bias b: Tensor) {
        let y = forward(x, w, nil)
        let v = randomTensor(y.shape, seed: 23, stream: 3)
        let grads = backward(v, x, w)
        let lhs = dot(y, v)
        #expect(abs(lhs - dot(x, grads.gradInput)) <= 1e-4 * abs(lhs), "input adjoint")
        #expect(abs(lhs - dot(w, grads.gradWeight)) <= 1e-4 * abs(lhs), "weight adjoint")
        let biasOnly = dot(forward(Tensor.zeros(x.shape), w, b), v)
        #expect(abs(biasOnly - dot(b, grads.gradBias)) <= 1e-4 * abs(biasOnly), "bias adjoint")
    }

    /// loss = Σ v·y + ½ Σ y² (so ∂loss/∂y = v + y): central differences with step 1e-2 at a few
    /// random coordinates of x, W and bias against the backward pass. The loss is quadratic in each
    /// parameter, so the central difference is exact up to Float32 rounding.
    func checkFiniteDifferences(input x: Tensor, weight w: Tensor, bias b: Tensor) {
        let y = forward(x, w, b)
        let v = randomTensor(y.shape, seed: 29, stream: 4)
        func loss(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Double {
            let y = forward(x, w, b)
            return zip(y.values, v.values).reduce(0) { $0 + Double($1.1) * Double($1.0) + 0.5 * Double($1.0) * Double($1.0) }
        }
        let grads = backward(v + y, x, w)
        var rng = RandomStream(seed: 31)
        let h: Float = 1e-2
        for (name, slot) in [("input", 0), ("weight", 1), ("bias", 2)] {
            let parameter = [x, w, b][slot]
            let analytic = [grads.gradInput, grads.gradWeight, grads.gradBias][slot]
            for _ in 0..<4 {
                let i = Int.random(in: 0..<parameter.count, using: &rng)
                var plus = [x, w, b], minus = [x, w, b]
                plus[slot][flat: i] += h
                minus[slot][flat: i] -= h
                let numeric = (loss(plus[0], plus[1], plus[2]) - loss(minus[0], minus[1], minus[2])) / (2 * Double(h))
                let exact = Double(analytic[flat: i])
                #expect(abs(numeric - exact) <= 1e-2 * max(abs(exact), 1), "\(name)[\(i)]: \(numeric) vs \(exact)")
            }
        }
    }
}

@Suite struct ConvolutionGradientTests {
    @Test(arguments: ConvolutionCase.padded + ConvolutionCase.unpadded, ConvolutionCase.strategies)
    func convolutionAdjoint(_ c: ConvolutionCase, strategy: ConvolutionStrategy) {
        let (x, w, _) = c.tensors()
        Layer.convolution(c, strategy).checkAdjoint(input: x, weight: w, bias: randomTensor([c.outChannels], seed: 3))
    }

    @Test(arguments: ConvolutionCase.padded, ConvolutionCase.strategies)
    func convolutionFiniteDifferences(_ c: ConvolutionCase, strategy: ConvolutionStrategy) {
        let (x, w, _) = c.tensors()
        Layer.convolution(c, strategy).checkFiniteDifferences(input: x, weight: w, bias: randomTensor([c.outChannels], seed: 3))
    }

    @Test(arguments: ConvolutionCase.transposedCases, ConvolutionCase.strategies)
    func transposedAdjoint(_ c: ConvolutionCase, strategy: ConvolutionStrategy) {
        let (x, w, _) = c.tensors(transposedWeight: true)
        Layer.transposed(c, strategy).checkAdjoint(input: x, weight: w, bias: randomTensor([c.outChannels], seed: 3))
    }

    @Test(arguments: ConvolutionCase.transposedCases, ConvolutionCase.strategies)
    func transposedFiniteDifferences(_ c: ConvolutionCase, strategy: ConvolutionStrategy) {
        let (x, w, _) = c.tensors(transposedWeight: true)
        Layer.transposed(c, strategy).checkFiniteDifferences(input: x, weight: w, bias: randomTensor([c.outChannels], seed: 3))
    }

    @Test(arguments: [[Int](), [7], [4, 5]])
    func channelMixing(spatial: [Int]) {
        let x = randomTensor([3, 4] + spatial, seed: 5, stream: 0)
        let w = randomTensor([2, 4, 1], seed: 5, stream: 1).reshaped(spatial.count == 1 ? [2, 4, 1] : [2, 4])
        let layer = Layer(forward: { ChannelMixing.forward($0, weight: $1, bias: $2) },
                          backward: { ChannelMixing.backward(gradOutput: $0, input: $1, weight: $2) })
        layer.checkAdjoint(input: x, weight: w, bias: randomTensor([2], seed: 3))
        layer.checkFiniteDifferences(input: x, weight: w, bias: randomTensor([2], seed: 3))
    }
}
