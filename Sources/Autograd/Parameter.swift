import NeuropCore

/// A trainable tensor: its value, and the gradient accumulated by backward passes since the last
/// `zeroGradient()`. Modules hold parameters; optimizers update them in place.
public final class Parameter {
    public var value: Tensor
    public private(set) var gradient: Tensor?

    public init(_ value: Tensor) {
        self.value = value
    }

    func accumulate(_ g: Tensor) {
        if gradient == nil { gradient = g } else { gradient!.addInPlace(g) }
    }

    public func zeroGradient() { gradient = nil }

    /// Replaces the gradient (gradient clipping, all-reduce).
    public func setGradient(_ g: Tensor?) {
        if let g { precondition(g.shape == value.shape, "gradient shape \(g.shape) for parameter \(value.shape)") }
        gradient = g
    }
}
