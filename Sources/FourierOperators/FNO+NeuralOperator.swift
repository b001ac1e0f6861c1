import NeuralNetworks
import NeuropCore
import SpectralKernels

/// Parameters exchanged with neuraloperator 2.0's `FNO` (PyTorch) by its `state_dict` names.
///
/// | neurop | neuraloperator | layout change |
/// | --- | --- | --- |
/// | `lifting.layers.i.weight` `[O, I]` | `lifting.fcs.i.weight` `[O, I, 1]` | unit axis |
/// | `lifting.layers.i.bias` `[O]` | `lifting.fcs.i.bias` `[O]` | — |
/// | `layers.l.spectral.weight` `[K, I, O, 2]` | `fno_blocks.convs.l.weight.tensor` complex `[I, O, M₁…, m_d]` | modes reordered (`SpectralConvolution.weight(fromNeuralOperator:)`) |
/// | `layers.l.spectral.bias` `[O]` | `fno_blocks.convs.l.bias` `[O, 1…]` | unit axes |
/// | `layers.l.skip.weight` `[O, I]` | `fno_blocks.fno_skips.l.conv.weight` `[O, I, 1]` | unit axis |
/// | `layers.l.mlp.layers.i.*` | `fno_blocks.channel_mlp.l.fcs.i.*` | as the lifting |
/// | `layers.l.gate.weight` `[C]` | `fno_blocks.channel_mlp_skips.l.weight` `[1, C, 1…]` | unit axes |
/// | `projection.layers.i.*` | `projection.fcs.i.*` | as the lifting |
///
/// Complex tensors travel as their real view (`torch.view_as_real`: a trailing axis of 2 holding
/// re, im), so a plain float array format (JSON, HDF5, NumPy) carries them.
extension FNO {
    /// How one parameter appears in neuraloperator's `state_dict`.
    public struct NeuralOperatorParameter {
        public let name: String
        public let neuralOperatorName: String
        /// The PyTorch shape (complex weights: the real view's, ending in 2).
        public let neuralOperatorShape: [Int]
        let spectral: SpectralConvolution?
    }

    /// Every parameter with its neuraloperator name and shape, in `namedParameters` order.
    public var neuralOperatorParameters: [NeuralOperatorParameter] {
        let unit = [Int](repeating: 1, count: configuration.spatialRank)
        var out: [NeuralOperatorParameter] = []
        func mlp(_ m: ChannelMLP, _ ours: String, _ theirs: String) {
            for (i, layer) in m.layers.enumerated() {
                let w = layer.weight.value.shape
                out.append(.init(name: "\(ours).layers.\(i).weight", neuralOperatorName: "\(theirs).fcs.\(i).weight",
                                 neuralOperatorShape: w + [1], spectral: nil))
                out.append(.init(name: "\(ours).layers.\(i).bias", neuralOperatorName: "\(theirs).fcs.\(i).bias",
                                 neuralOperatorShape: [w[0]], spectral: nil))
            }
        }
        mlp(lifting, "lifting", "lifting")
        for (l, layer) in layers.enumerated() {
            let s = layer.spectral.operation
            out.append(.init(name: "layers.\(l).spectral.weight", neuralOperatorName: "fno_blocks.convs.\(l).weight.tensor",
                             neuralOperatorShape: [s.inChannels, s.outChannels] + s.keptExtents + [2], spectral: s))
            out.append(.init(name: "layers.\(l).spectral.bias", neuralOperatorName: "fno_blocks.convs.\(l).bias",
                             neuralOperatorShape: [s.outChannels] + unit, spectral: nil))
            out.append(.init(name: "layers.\(l).skip.weight", neuralOperatorName: "fno_blocks.fno_skips.\(l).conv.weight",
                             neuralOperatorShape: layer.skip.weight.value.shape + [1], spectral: nil))
            if let mlpLayer = layer.mlp, let gate = layer.gate {
                mlp(mlpLayer, "layers.\(l).mlp", "fno_blocks.channel_mlp.\(l)")
                out.append(.init(name: "layers.\(l).gate.weight", neuralOperatorName: "fno_blocks.channel_mlp_skips.\(l).weight",
                                 neuralOperatorShape: [1, gate.weight.value.count] + unit, spectral: nil))
            }
        }
        mlp(projection, "projection", "projection")
        return out
    }

    /// Loads parameters saved by neuraloperator, keyed by its `state_dict` names in its layouts
    /// (complex tensors as their real view). Every parameter must be present with its shape.
    public func load(neuralOperator values: [String: Tensor]) throws {
        var ours: [String: Tensor] = [:]
        let shapes = Dictionary(uniqueKeysWithValues: namedParameters.map { ($0.name, $0.parameter.value.shape) })
        for p in neuralOperatorParameters {
            guard let v = values[p.neuralOperatorName] else { throw ModuleError.missingParameter(p.neuralOperatorName) }
            guard v.shape == p.neuralOperatorShape else {
                throw ModuleError.shapeMismatch(p.neuralOperatorName, expected: p.neuralOperatorShape, found: v.shape)
            }
            if let s = p.spectral {
                var complex = ComplexTensor(uninitializedShape: Array(v.shape.dropLast()))
                v.withUnsafeBufferPointer { src in
                    complex.withUnsafeMutableBufferPointer { dst in _ = dst.initialize(from: src) }
                }
                ours[p.name] = s.weight(fromNeuralOperator: complex)
            } else {
                ours[p.name] = v.reshaped(shapes[p.name]!)
            }
        }
        try load(ours)
    }

    /// Tensors keyed by this model's parameter names (values or gradients) in neuraloperator's
    /// names and layouts: the inverse of `load(neuralOperator:)`.
    public func neuralOperatorTensors(_ values: [String: Tensor]) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for p in neuralOperatorParameters {
            guard let v = values[p.name] else { continue }
            if let s = p.spectral {
                let complex = s.neuralOperatorWeight(from: v)
                var real = Tensor(uninitializedShape: p.neuralOperatorShape)
                complex.withUnsafeBufferPointer { src in
                    real.withUnsafeMutableBufferPointer { dst in _ = dst.initialize(from: src) }
                }
                out[p.neuralOperatorName] = real
            } else {
                out[p.neuralOperatorName] = v.reshaped(p.neuralOperatorShape)
            }
        }
        return out
    }

    /// The parameter count as PyTorch reports it (`sum(p.numel())`), counting each complex
    /// spectral weight entry once where `parameterCount` counts its real and imaginary parts.
    public var neuralOperatorParameterCount: Int {
        parameterCount - layers.reduce(0) { $0 + $1.spectral.weight.value.count / 2 }
    }
}
