import NeuralNetworks

/// The architecture of a `DeepONet`: one small value instead of a long initialiser.
///
/// `branch` and `trunk` list the widths after each net's input, as DeepXDE's `layer_sizes_branch`
/// and `layer_sizes_trunk` without their first entry; the last width of both is the basis size p
/// (the paper's antiderivative model: `[40, 40]` for both, p = 40). With K output channels each
/// net's last layer has K·p outputs, split into K groups of p (DeepXDE's `split_both`).
public struct DeepONetConfiguration: Equatable, Sendable {
    /// m: values the branch net reads per sample (sensors × input channels).
    public var sensors: Int
    /// d: coordinates of a query point (the trunk's input before feature expansion).
    public var queryDimension: Int
    /// K: output channels.
    public var outChannels: Int = 1
    public var branch: [Int] = [40, 40]
    public var trunk: [Int] = [40, 40]
    public var activation: Activation = .relu
    /// Stacked DeepONet (Lu et al. 2021, Fig. 1c): K·p independent branch nets of the hidden
    /// widths `branch.dropLast()`, each with one output; unstacked (Fig. 1d): one net.
    public var stacked: Bool = false
    /// F: Fourier features of the trunk input, y ↦ (y, sin 2πky, cos 2πky for k = 1…F), per coordinate.
    public var trunkFeatures: Int = 0
    /// How the branch and trunk weights are drawn.
    public var initialization: Initialization = .pytorch
    /// POD-DeepONet (Lu et al. 2022): no trunk net; the basis is the leading p POD modes of the
    /// training outputs at fixed query points (`ProperOrthogonalDecomposition`), p = `branch.last`,
    /// and `trunk` is ignored. Only the branch (and b₀) is trained.
    public var pod: Bool = false

    /// Weight initialisation of the branch and trunk layers (b₀ starts at 0 either way).
    public enum Initialization: String, CaseIterable, Sendable {
        /// PyTorch's `nn.Linear` default, as every neurop layer: W and b uniform on ±1/√fan_in.
        case pytorch
        /// DeepXDE's "Glorot normal" as its PyTorch backend draws it (`xavier_normal_`): W normal
        /// with standard deviation √(2/(fan_in + fan_out)), biases 0.
        case glorotNormal = "glorot_normal"
    }

    public init(sensors: Int, queryDimension: Int) {
        self.sensors = sensors
        self.queryDimension = queryDimension
    }

    /// p, the number of basis functions per output channel.
    public var basis: Int { (pod ? branch.last : trunk.last) ?? 0 }

    /// Trunk input width after feature expansion: d·(1 + 2F).
    public var trunkInputWidth: Int { queryDimension * (1 + 2 * trunkFeatures) }

    /// Why this configuration cannot build a model, or nil when it can.
    public var problem: DeepONetConfigurationError? {
        if sensors < 1 { return .invalid("sensors must be at least 1, not \(sensors)") }
        if queryDimension < 1 { return .invalid("queryDimension must be at least 1, not \(queryDimension)") }
        if outChannels < 1 { return .invalid("outChannels must be at least 1, not \(outChannels)") }
        if branch.isEmpty || (trunk.isEmpty && !pod) {
            return .invalid("branch and trunk need at least one width each (the last is the basis size), not \(branch) and \(trunk)")
        }
        if let w = (branch + (pod ? [] : trunk)).first(where: { $0 < 1 }) { return .invalid("every width must be at least 1, not \(w)") }
        if !pod && branch.last != trunk.last {
            return .invalid("the last branch width \(branch.last!) and the last trunk width \(trunk.last!) must be equal: both are the basis size p")
        }
        if trunkFeatures < 0 { return .invalid("trunkFeatures must be at least 0, not \(trunkFeatures)") }
        return nil
    }
}

/// A `DeepONetConfiguration` that cannot build a model; the sentence names the field and the fix.
public enum DeepONetConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): return "DeepONet configuration: \(reason)"
        }
    }
}
