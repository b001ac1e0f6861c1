import Autograd
import ConvolutionKernels
import NeuropCore
import NeuropTestSupport
import SpectralKernels
import Testing

/// A dropped tape is freed with everything it saved: no operation's backward may hold a
/// `Variable` (which holds its tape, which holds the backward — a reference cycle that leaked
/// every training step's activations).
@Suite struct TapeLifetimeTests {
    @Test func tapeIsFreedAfterOperationsWithBiases() {
        weak var dropped: Tape?
        do {
            let tape = Tape()
            dropped = tape
            let x = tape.variable(randomTensor([2, 3, 8, 8], seed: 1))
            let conv = Convolution(geometry: ConvolutionGeometry(spatialRank: 2, kernel: 3, padding: 1))
            var h = x.convolution(weight: tape.variable(randomTensor([3, 3, 3, 3], seed: 2)),
                                  bias: tape.variable(randomTensor([3], seed: 3)), conv)
            let up = TransposedConvolution(geometry: ConvolutionGeometry(spatialRank: 2, kernel: 2, stride: 2))
            h = h.transposedConvolution(weight: tape.variable(randomTensor([3, 3, 2, 2], seed: 4)),
                                        bias: tape.variable(randomTensor([3], seed: 5)), up)
            h = h.channelMixing(weight: tape.variable(randomTensor([2, 3], seed: 6)), bias: tape.variable(randomTensor([2], seed: 7)))
            let spectral = SpectralConvolution(inChannels: 2, outChannels: 2, modes: [3, 3])
            h = h.spectralConvolution(weight: tape.variable(randomTensor(spectral.weightShape, seed: 8)),
                                      bias: tape.variable(randomTensor([2], seed: 9)), spectral)
            tape.gradients(of: h.gelu().sum())
        }
        #expect(dropped == nil)
    }
}
