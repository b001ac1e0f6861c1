import NeuropCore

/// Time per sample of a trained operator applied to inputs already in memory: normalising the
/// inputs, the forward pass and decoding the outputs, nothing read or written. Measured after one
/// untimed warm-up pass of each shape, so FFT plans and scratch buffers made on first use are not
/// counted.
public struct OperatorTiming: Equatable, Sendable {
    /// Samples per forward pass of the batched measurement.
    public var batchSize: Int
    /// Seconds per sample, all samples in passes of `batchSize` (throughput).
    public var batched: Double
    /// Seconds per sample, one sample per pass (latency of a single query).
    public var single: Double

    public init(batchSize: Int, batched: Double, single: Double) {
        self.batchSize = batchSize
        self.batched = batched
        self.single = single
    }

    /// Times `model` on every sample of `inputs` (`[N, C_in, grid]`, raw), batched and one at a
    /// time, and returns the batched predictions (the same values `NormalizedOperator.predict`
    /// gives with this batch size).
    public static func measure(_ model: NormalizedOperator, on inputs: Tensor,
                               batchSize: Int) -> (timing: OperatorTiming, predictions: Tensor) {
        let n = inputs.shape[0]
        precondition(n >= 1 && batchSize >= 1, "timing needs samples and a batch size")
        let batch = min(batchSize, n)
        _ = model.predict(inputs.gathering(samples: 0..<batch), batchSize: batch)
        let (predictions, batchedSeconds) = Stopwatch.time { model.predict(inputs, batchSize: batch) }
        let samples = (0..<n).map { inputs.gathering(samples: $0..<$0 + 1) }
        _ = model.predict(samples[0], batchSize: 1)
        let (_, singleSeconds) = Stopwatch.time {
            for sample in samples { _ = model.predict(sample, batchSize: 1) }
        }
        return (OperatorTiming(batchSize: batch, batched: batchedSeconds / Double(n), single: singleSeconds / Double(n)),
                predictions)
    }
}
