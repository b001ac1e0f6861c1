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
        let n = inputs.shape[0]
        var out: Tensor?
        var start = 0
        while start < n {
            let end = min(start + batchSize, n)
            var x = inputs.gathering(samples: start..<end)
            if let inputNormalizer { x = inputNormalizer.encode(x) }
            var y = model(Variable(x)).value
            if let outputNormalizer { y = outputNormalizer.decode(y) }
            if out == nil { out = Tensor(shape: [n] + y.shape.dropFirst()) }
            out!.write(y, atSample: start)
            start = end
        }
        return out!
    }

    /// Decoded predictions `[N, C_out, P]` at the points `[N, P, 2]` for raw `inputs` on the grid
    /// spanning `lower`…`upper` (`FieldOperator.evaluate(_:at:)`), `batchSize` samples at a time.
    public func predict(_ inputs: Tensor, at points: Tensor, lower: (Float, Float), upper: (Float, Float), batchSize: Int) -> Tensor {
        let n = inputs.shape[0]
        var out: Tensor?
        var start = 0
        while start < n {
            let end = min(start + batchSize, n)
            var x = inputs.gathering(samples: start..<end)
            if let inputNormalizer { x = inputNormalizer.encode(x) }
            let batchPoints = points.gathering(samples: start..<end)
            var y = model.evaluate(Variable(x), at: batchPoints, lower: lower, upper: upper)
            if let outputNormalizer { y = outputNormalizer.decode(y, at: batchPoints, lower: lower, upper: upper) }
            if out == nil { out = Tensor(shape: [n] + y.shape.dropFirst()) }
            out!.write(y.value, atSample: start)
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
