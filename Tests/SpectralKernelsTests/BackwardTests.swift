import Foundation
import NeuropCore
import NeuropTestSupport
import SpectralKernels
import Testing

/// ⟨a, b⟩ in Float64.
func dot(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.shape == b.shape, "shapes \(a.shape) and \(b.shape) differ")
    var s = 0.0
    for (x, y) in zip(a.values, b.values) { s += Double(x) * Double(y) }
    return s
}

@Suite struct BackwardTests {
    /// 1D, 2D, 3D, odd and even; several keep the Nyquist column (even n_d, m_d = n_d/2 + 1).
    static let cases: [ForwardCase] = [
        ForwardCase(extents: [16], modes: [9]),
        ForwardCase(extents: [9], modes: [3]),
        ForwardCase(extents: [8, 6], modes: [4, 4]),
        ForwardCase(extents: [15, 12], modes: [3, 4]),
        ForwardCase(extents: [9, 7], modes: [4, 4]),
        ForwardCase(extents: [6, 4, 8], modes: [3, 2, 5]),
        ForwardCase(extents: [5, 6, 7], modes: [2, 3, 4]),
    ]

    /// f is linear in x and in W, so ⟨f(x, W), v⟩ = ⟨x, dx(v)⟩ = ⟨W, dW(v)⟩ exactly.
    @Test(arguments: cases, LastAxisMethod.allCases)
    func adjointIdentities(_ c: ForwardCase, method: LastAxisMethod) {
        let layer = SpectralConvolution(inChannels: c.inChannels, outChannels: c.outChannels, modes: c.modes,
                                        lastAxisMethod: method)
        let x = randomTensor([c.batch, c.inChannels] + c.extents, seed: 51)
        let v = randomTensor([c.batch, c.outChannels] + c.extents, seed: 52)
        let w = randomWeight(layer, seed: 53)
        let (y, context) = layer.forwardKeepingContext(x, weight: w)
        let (dx, dw) = layer.backward(v, context: context, weight: w)
        #expect(dx.shape == x.shape && dw.shape == w.shape)
        let lhs = dot(y, v)
        let viaInput = dot(x, dx), viaWeight = dot(w, dw)
        #expect(abs(lhs - viaInput) <= 1e-4 * abs(lhs), "⟨f(x), v⟩ = \(lhs), ⟨x, dx⟩ = \(viaInput)")
        #expect(abs(lhs - viaWeight) <= 1e-4 * abs(lhs), "⟨f(x), v⟩ = \(lhs), ⟨W, dW⟩ = \(viaWeight)")
        // The context-free form recomputes the same spectrum.
        let (dx2, dw2) = layer.backward(v, input: x, weight: w)
        #expect(dx2 == dx && dw2 == dw)
    }

    /// Adding the input gradient to an existing tensor gives that tensor plus `backward`'s input
    /// gradient, and the same weight gradient.
    @Test(arguments: cases, LastAxisMethod.allCases)
    func addingTheInputGradient(_ c: ForwardCase, method: LastAxisMethod) {
        let layer = SpectralConvolution(inChannels: c.inChannels, outChannels: c.outChannels, modes: c.modes,
                                        lastAxisMethod: method)
        let x = randomTensor([c.batch, c.inChannels] + c.extents, seed: 54)
        let v = randomTensor([c.batch, c.outChannels] + c.extents, seed: 55)
        let w = randomWeight(layer, seed: 56)
        let (_, context) = layer.forwardKeepingContext(x, weight: w)
        let (dx, dw) = layer.backward(v, context: context, weight: w)
        let other = randomTensor(x.shape, seed: 57)
        var sum = other
        let dw2 = layer.backward(v, context: context, weight: w, addingInputGradientTo: &sum)
        #expect(dw2 == dw)
        #expect(maxRelativeError(sum.values, (other + dx).values, floor: 1e-3) < 1e-5)
    }

    /// Central differences of L = ⟨f(x, W), v⟩ on random coordinates of x and of W (re and im),
    /// plus the weight entries of the first (DC) and last kept modes.
    @Test(arguments: cases, LastAxisMethod.allCases)
    func finiteDifferences(_ c: ForwardCase, method: LastAxisMethod) {
        let layer = SpectralConvolution(inChannels: c.inChannels, outChannels: c.outChannels, modes: c.modes,
                                        lastAxisMethod: method)
        let x = randomTensor([c.batch, c.inChannels] + c.extents, seed: 61)
        let v = randomTensor([c.batch, c.outChannels] + c.extents, seed: 62)
        let w = randomWeight(layer, seed: 63)
        let (dx, dw) = layer.backward(v, input: x, weight: w)
        // L is linear, so the central difference has no truncation error; a large step keeps
        // Float32 rounding of f small next to the difference.
        let h: Float = 0.5
        func loss(_ x: Tensor, _ w: Tensor) -> Double { dot(layer.forward(x, weight: w), v) }

        var rng = RandomStream(seed: 64)
        let dxScale = dx.values.map { abs(Double($0)) }.max()!
        for _ in 0..<6 {
            let i = Int(rng.next() % UInt64(x.count))
            var plus = x, minus = x
            plus[flat: i] += h
            minus[flat: i] -= h
            let fd = (loss(plus, w) - loss(minus, w)) / Double(2 * h)
            let g = Double(dx[flat: i])
            #expect(abs(fd - g) <= 1e-2 * max(abs(g), 1e-2 * dxScale), "dx[\(i)]: finite difference \(fd), backward \(g)")
        }
        let dwScale = dw.values.map { abs(Double($0)) }.max()!
        let pairs = c.inChannels * c.outChannels
        let lastMode = layer.keptModeCount - 1
        var coordinates = [0, 1, 2 * (lastMode * pairs), 2 * (lastMode * pairs) + 1]  // DC and last mode, re and im
        for _ in 0..<6 { coordinates.append(Int(rng.next() % UInt64(w.count))) }
        for i in coordinates {
            var plus = w, minus = w
            plus[flat: i] += h
            minus[flat: i] -= h
            let fd = (loss(x, plus) - loss(x, minus)) / Double(2 * h)
            let g = Double(dw[flat: i])
            #expect(abs(fd - g) <= 1e-2 * max(abs(g), 1e-2 * dwScale), "dW[\(i)]: finite difference \(fd), backward \(g)")
        }
    }

    /// In 1D the DC (and even-n Nyquist) input spectrum is real and the output discards the
    /// imaginary part there, so the imaginary weight of those modes gets exactly zero gradient.
    @Test func oneDimensionalDCAndNyquistImaginaryWeightsGetNoGradient() {
        let layer = SpectralConvolution(inChannels: 2, outChannels: 3, modes: [5])
        let x = randomTensor([2, 2, 8], seed: 71)
        let v = randomTensor([2, 3, 8], seed: 72)
        let (_, dw) = layer.backward(v, input: x, weight: randomWeight(layer, seed: 73))
        for io in 0..<6 {
            #expect(dw[0, io / 3, io % 3, 1] == 0)
            #expect(abs(dw[4, io / 3, io % 3, 1]) < 1e-6)
            #expect(dw[2, io / 3, io % 3, 1] != 0)
        }
    }
}
