extension Tensor {
    /// s[c] = Σ_{b, n} self[b, c, n…]: the bias gradient of a channel-first `[B, C, …]` gradient.
    ///
    /// Rows are summed in Float32 over 16 lanes (at most a few thousand terms each) and the row sums
    /// in Float64, in a fixed order, so the result does not depend on the thread count.
    public func channelSums() -> Tensor {
        precondition(rank >= 2, "channel sums need [B, C, …], got \(shape)")
        let (batch, channels) = (shape[0], shape[1])
        let n = count / Swift.max(batch * channels, 1)
        var sums = Tensor(uninitializedShape: [channels])
        withUnsafeBufferPointer { g in
            sums.withUnsafeMutableBufferPointer { s in
                let src = g.baseAddress!, dst = s.baseAddress!
                ThreadPool.shared.parallelFor(channels) { c in
                    var total = 0.0
                    for b in 0..<batch { total += Double(Tensor.rowSum(src + (b * channels + c) * n, n)) }
                    dst[c] = Float(total)
                }
            }
        }
        return sums
    }

    private static func rowSum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD16<Float>()
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 16 <= n {
            lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        var total = lanes.sum()
        while i < n {
            total += p[i]
            i += 1
        }
        return total
    }
}

extension Tensor {
    /// Adds `bias[c]` to every element of channel c of a channel-first `[B, C, …]` tensor, in place:
    /// one pass over the data, where a broadcast `+` would allocate and read a second tensor.
    public mutating func addChannelBias(_ bias: Tensor) {
        precondition(rank >= 2 && bias.shape == [shape[1]], "bias \(bias.shape) does not match the channels of \(shape)")
        let (batch, channels) = (shape[0], shape[1])
        let n = count / Swift.max(batch * channels, 1)
        withUnsafeMutableBufferPointer { y in
            bias.withUnsafeBufferPointer { b in
                let dst = y.baseAddress!, src = b.baseAddress!
                ThreadPool.shared.parallelFor(batch * channels) { plane in
                    let value = src[plane % channels], row = dst + plane * n
                    for i in 0..<n { row[i] += value }
                }
            }
        }
    }
}
