import NeuropCore

/// Reductions: the gradient spreads the output gradient back over the reduced elements.
extension Variable {
    /// Sum of all elements (a one-element result of shape `[]`).
    public func sum() -> Variable {
        let shape = self.shape
        return Variable.result(Tensor(value.sum()), [self]) { g in [Tensor(shape: shape, repeating: g.scalar)] }
    }

    /// Mean of all elements.
    public func mean() -> Variable {
        let shape = self.shape, n = Float(value.count)
        return Variable.result(Tensor(value.mean()), [self]) { g in [Tensor(shape: shape, repeating: g.scalar / n)] }
    }

    /// Sum along `axis`.
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
        let shape = self.shape
        var kept = shape
        kept[axis] = 1
        return Variable.result(value.sum(alongAxis: axis, keepingDimension: keepingDimension), [self]) { g in
            [g.reshaped(kept).broadcasted(to: shape)]
        }
    }

    /// Mean along `axis`.
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Variable {
        sum(alongAxis: axis, keepingDimension: keepingDimension) * (1 / Float(shape[axis]))
    }
}
