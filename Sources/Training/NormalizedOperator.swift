import Autograd
import NeuralNetworks
import NeuropCore

/// A field operator with the normalisers it was trained with: raw inputs in, predictions in
/// physical units out. The model itself sees encoded inputs and produces encoded outputs.
public struct NormalizedOperator {
    public let model: any FieldOperator
    public let inputNormalizer: GaussianNormalizer?
    public let outputNormalizer: GaussianNormalizer?

    public init(model: any FieldOperator, inputNormalizer: GaussianNormalizer?, outputNormalizer: GaussianNormalizer?) {
        self.model = model
        self.inputNormalizer = inputNormalizer
        self.outputNormalizer = outputNormalizer
    }

    /// Decoded predictions for raw `inputs` `[N, C_in, grid]`, computed `batchSize` samples at a
    /// time without recording anything (inference).
    public func predict(_ inputs: Tensor, batchSize: Int) -> Tensor {
        Self.batched(inputs.shape[0], batchSize) { samples in
            var x = inputs.gathering(samples: samples)
            if let inputNormalizer { x = inputNormalizer.encode(x) }
            let y = model(Variable(x)).value
            return outputNormalizer?.decode(y) ?? y
        }
    }

    /// Decoded predictions `[N, C_out, P]` at the points `[N, P, 2]` for raw `inputs` on the grid
    /// spanning `lower`…`upper` (`FieldOperator.evaluate(_:at:)`), `batchSize` samples at a time.
    public func predict(_ inputs: Tensor, at points: Tensor, lower: (Float, Float), upper: (Float, Float), batchSize: Int) -> Tensor {
        Self.batched(inputs.shape[0], batchSize) { samples in
            var x = inputs.gathering(samples: samples)
            if let inputNormalizer { x = inputNormalizer.encode(x) }
            let batchPoints = points.gathering(samples: samples)
            let y = model.evaluate(Variable(x), at: batchPoints, lower: lower, upper: upper)
            return (outputNormalizer?.decode(y, at: batchPoints, lower: lower, upper: upper) ?? y).value
        }
    }

    /// The `[N, …]` results of `body` on consecutive ranges of at most `batchSize` of N samples.
    private static func batched(_ n: Int, _ batchSize: Int, _ body: (Range<Int>) -> Tensor) -> Tensor {
        var out: Tensor?
        var start = 0
        while start < n {
            let end = min(start + batchSize, n)
            let y = body(start..<end)
            if out == nil { out = Tensor(shape: [n] + y.shape.dropFirst()) }
            out!.write(y, atSample: start)
            start = end
        }
        return out!
    }

    /// The same operator for data on another grid: the normalisers interpolated from the training
    /// grid `source` to `target` (the model itself works at any resolution).
    public func onGrid(from source: [[Double]], to target: [[Double]]) -> NormalizedOperator {
        NormalizedOperator(model: model, inputNormalizer: inputNormalizer?.resampled(from: source, to: target),
                           outputNormalizer: outputNormalizer?.resampled(from: source, to: target))
    }
}
