import NeuropCore

/// Reading a field at chosen grid nodes: `[B, C, n₁, …]` → `[B, C, K]`, the values at flat node
/// indices `nodes` (row-major over the spatial axes), in that order. The gradient scatters back:
/// each node's gradient is added where it was read (a node chosen twice gets both), zero elsewhere.
extension Variable {
    public func gatheringNodes(_ nodes: [Int]) -> Variable {
        let shape = self.shape
        return Variable.result(value.gatheringNodes(nodes), [self]) { g in [g.scatteringNodes(nodes, into: shape)] }
    }
}

extension Tensor {
    /// `[B, C, n₁, …]` → `[B, C, K]` at the flat node indices `nodes`.
    public func gatheringNodes(_ nodes: [Int]) -> Tensor {
        precondition(rank >= 3, "nodes are read from a field [B, C, n…], got \(shape)")
        let rows = shape[0] * shape[1], cells = shape.dropFirst(2).reduce(1, *)
        precondition(nodes.allSatisfy { (0..<cells).contains($0) }, "node indices must lie in 0..<\(cells)")
        let k = nodes.count
        var result = Tensor(uninitializedShape: [shape[0], shape[1], k])
        withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in
                for r in 0..<rows { for (j, node) in nodes.enumerated() { y[r * k + j] = x[r * cells + node] } }
            }
        }
        return result
    }

    /// The adjoint of `gatheringNodes`: `[B, C, K]` added into zeros of `shape` at `nodes`.
    public func scatteringNodes(_ nodes: [Int], into shape: [Int]) -> Tensor {
        let rows = shape[0] * shape[1], cells = shape.dropFirst(2).reduce(1, *), k = nodes.count
        precondition(self.shape == [shape[0], shape[1], k], "node values \(self.shape) do not fit \(k) nodes of \(shape)")
        var result = Tensor(shape: shape)
        withUnsafeBufferPointer { g in
            result.withUnsafeMutableBufferPointer { y in
                for r in 0..<rows { for (j, node) in nodes.enumerated() { y[r * cells + node] += g[r * k + j] } }
            }
        }
        return result
    }
}
