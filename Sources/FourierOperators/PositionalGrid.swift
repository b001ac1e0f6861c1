import NeuropCore

/// The grid coordinates an FNO appends to its input (neuraloperator's `GridEmbeddingND` on
/// `[0, 1]` per axis): channel a holds `j_a / n_a` at grid index `j` — the left end of each of the
/// `n_a` equal cells, so 0 is included and 1 is not, at every resolution.
enum PositionalGrid {
    /// `[1, d, n₁, …, n_d]`: coordinate a in channel a.
    static func coordinates(extents: [Int]) -> Tensor {
        let d = extents.count
        let points = extents.reduce(1, *)
        let strides = Tensor.strides(of: extents)
        return Tensor(shape: [1, d] + extents) { flat in
            let axis = flat / points, cell = flat % points
            let j = (cell / strides[axis]) % extents[axis]
            return Float(j) / Float(extents[axis])
        }
    }
}
