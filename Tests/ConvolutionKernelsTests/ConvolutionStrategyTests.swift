@testable import ConvolutionKernels
import NeuropCore
import Testing

/// `automatic` resolves to the lowering measured faster; forced strategies are obeyed (the numerical
/// tests cannot tell the two apart, since both are right).
@Suite struct ConvolutionStrategyTests {
    func usesShiftedTaps(_ strategy: ConvolutionStrategy, channels: Int, kernel: Int = 3, stride: Int = 1) -> Bool {
        let geometry = SampleGeometry(channels: channels, spatial: [12, 12],
                                      geometry: .init(spatialRank: 2, kernel: kernel, stride: stride, padding: kernel / 2),
                                      mode: .zero)
        return strategy.products(for: geometry, outChannels: 8) is ShiftedTaps
    }

    @Test func automaticFollowsChannelCount() {
        #expect(usesShiftedTaps(.automatic, channels: 16))
        #expect(usesShiftedTaps(.automatic, channels: 32, stride: 2))
        #expect(!usesShiftedTaps(.automatic, channels: 15))
        #expect(!usesShiftedTaps(.automatic, channels: 3, stride: 2))
        #expect(usesShiftedTaps(.automatic, channels: 3, kernel: 1))
        #expect(!usesShiftedTaps(.automatic, channels: 3, kernel: 1, stride: 2))
    }

    @Test func forcedStrategiesAreObeyed() {
        #expect(usesShiftedTaps(.shiftedTaps, channels: 1))
        #expect(!usesShiftedTaps(.im2col, channels: 64))
        #expect(!usesShiftedTaps(.im2col, channels: 64, kernel: 1))
    }
}
