import CChannelKernels

/// A Float buffer that frees itself: kernel scratch, packed weights, per-task partial sums.
final class FloatBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// Zero-filled unless `zeroed` is false: for tile scratch, whose rows the kernels write before
    /// they read them. Elementwise passes also run over the unused columns of a short tile, but
    /// nothing computed there reaches a result, and filling 300 KB per task cost 1.6 % of inference.
    init(count: Int, zeroed: Bool = true) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        if zeroed { pointer.initialize(repeating: 0, count: max(count, 1)) }
    }

    deinit { pointer.deallocate() }

    /// `count` floats from `offset`.
    subscript(offset: Int) -> UnsafeMutablePointer<Float> { pointer + offset }
}

extension FloatBuffer {
    /// Σ over tasks k of the `count` lane-split sums at `k · stride + offset` (16 floats per
    /// entry, see `neurop_mix_weight_gradient`): lanes added over tasks in task order, then
    /// across lanes once.
    func sumLanesOverTasks(_ tasks: Int, stride: Int, offset: Int, count: Int) -> [Float] {
        let lanes = FloatBuffer(count: 16 * count)
        for k in 0..<tasks {
            let p = pointer + k * stride + offset
            for i in 0..<16 * count { lanes.pointer[i] += p[i] }
        }
        var total = [Float](repeating: 0, count: count)
        total.withUnsafeMutableBufferPointer { neurop_sum_lanes(count, lanes.pointer, $0.baseAddress!) }
        return total
    }

    /// Σ over tasks k of the `count` floats at `k · stride + offset`, added in task order.
    func sumOverTasks(_ tasks: Int, stride: Int, offset: Int, count: Int) -> [Float] {
        var total = [Float](repeating: 0, count: count)
        for k in 0..<tasks {
            let p = pointer + k * stride + offset
            for i in 0..<count { total[i] += p[i] }
        }
        return total
    }
}
