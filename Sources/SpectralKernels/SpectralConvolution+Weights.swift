import NeuropCore

extension SpectralConvolution {
    /// The FNO paper's initial weight: `1/(I·O)` times uniform [0, 1) for the real and the
    /// imaginary part of every entry (Li et al.'s released code, `scale * torch.rand(…, cfloat)`),
    /// drawn in the weight's row-major order `[K, I, O, re/im]` from `rng`.
    public func initialWeight(using rng: inout RandomStream) -> Tensor {
        let scale = 1 / Double(inChannels * outChannels)
        return Tensor(shape: weightShape) { _ in Float(scale * rng.uniform()) }
    }

    /// How a neuraloperator (PyTorch) complex spectral weight orders the frequencies of its
    /// two-ended axes. Both have shape `[I, O, M₁, …, M_{d−1}, m_d]` with `M_a = 2m_a` total
    /// frequencies per two-ended axis and `m_d` on the rfft axis (`n_modes[-1]//2 + 1`).
    public enum NeuralOperatorLayout: String, Sendable, CaseIterable {
        /// neuraloperator ≥ 0.3, including 2.0 (`SpectralConv.weight`, dense, after
        /// `.to_tensor()`): the two-ended axes are in `fftshift` order, index `i` holding
        /// frequency `i − m_a`, i.e. the negative block `−m_a…−1` first, then `0…m_a−1`.
        case centered
        /// The original FNO code and neuraloperator ≤ 0.2, whose corner blocks (`weights1`,
        /// `weights2`, …) concatenated along each two-ended axis give the positive block `0…m_a−1`
        /// first, then `−m_a…−1` — the same order as this layer's kept modes.
        case positiveThenNegative
    }

    /// This layer's `[K, I, O, 2]` weight from a neuraloperator complex weight (see
    /// `NeuralOperatorLayout`), for running a PyTorch-trained layer or comparing against one.
    ///
    /// Only even total mode counts `M_a` map onto the symmetric corner blocks kept here; the
    /// neuraloperator layer with `n_modes = (M₁, …, M_d)` is `modes: [M₁/2, …, M_{d−1}/2, M_d/2 + 1]`.
    public func weight(fromNeuralOperator source: ComplexTensor, layout: NeuralOperatorLayout = .centered) -> Tensor {
        let expected = [inChannels, outChannels] + keptExtents
        precondition(source.shape == expected,
                     "neuraloperator weight has shape \(source.shape); modes \(modes) with \(inChannels) → \(outChannels) channels need \(expected)")
        var result = Tensor(uninitializedShape: weightShape)
        let pairs = inChannels * outChannels
        result.withUnsafeMutableBufferPointer { w in
            for k in 0..<keptModeCount {
                let s = neuralOperatorModeIndex(ofKeptMode: k, layout: layout)
                for io in 0..<pairs {
                    let z = source[flat: io * keptModeCount + s]
                    w[2 * (k * pairs + io)] = z.re
                    w[2 * (k * pairs + io) + 1] = z.im
                }
            }
        }
        return result
    }

    /// The inverse of `weight(fromNeuralOperator:layout:)`.
    public func neuralOperatorWeight(from weight: Tensor, layout: NeuralOperatorLayout = .centered) -> ComplexTensor {
        precondition(weight.shape == weightShape, "weight has shape \(weight.shape), this layer needs \(weightShape)")
        var result = ComplexTensor(uninitializedShape: [inChannels, outChannels] + keptExtents)
        let pairs = inChannels * outChannels
        weight.withUnsafeBufferPointer { w in
            for k in 0..<keptModeCount {
                let s = neuralOperatorModeIndex(ofKeptMode: k, layout: layout)
                for io in 0..<pairs {
                    result[flat: io * keptModeCount + s] = (w[2 * (k * pairs + io)], w[2 * (k * pairs + io) + 1])
                }
            }
        }
        return result
    }

    /// Flat index over the neuraloperator mode axes of kept mode `k`.
    private func neuralOperatorModeIndex(ofKeptMode k: Int, layout: NeuralOperatorLayout) -> Int {
        let e = keptExtents
        var rest = k
        var index = [Int](repeating: 0, count: e.count)
        for a in stride(from: e.count - 1, through: 0, by: -1) {
            index[a] = rest % e[a]
            rest /= e[a]
        }
        var flat = 0
        for a in 0..<e.count {
            var i = index[a]
            // Ours: i < m is frequency i, i ≥ m is i − 2m. Centered: index frequency + m.
            if a < e.count - 1 && layout == .centered { i = (i + modes[a]) % (2 * modes[a]) }
            flat = flat * e[a] + i
        }
        return flat
    }
}
