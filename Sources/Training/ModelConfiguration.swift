import DeepONet
import FourierOperators
import MultigridOperators

/// The `model:` section: which operator and its architecture.
///
/// `fno` keys map one to one onto `FNOConfiguration` (neuraloperator's `FNO` arguments):
/// `modes` (neuraloperator's `n_modes`), `width`, `layers`, `lifting_channels` (0: one linear
/// map, as the FNO paper's lifting), `projection_channels`, `positional_embedding`, `channel_mlp`,
/// `channel_mlp_expansion`, `repeated_activation` (false: σ once per layer without the channel MLP,
/// the FNO paper's layer), `domain_padding`. `mgno` keys map onto `MgNOConfiguration`:
/// `dimensions` (spatial axes, 1 or 2), `channels`, `layers`, `levels`, `smoothing` (pre-smoothing
/// steps: one count, or one per level), `post_smoothing`, `padding` (zero, circular, reflect),
/// `restrict` (residual, rhs: what the V-cycle restricts to the next grid), `activate_last` (true:
/// σ after the last layer too, as the authors' code).
///
/// `deeponet` keys map onto `DeepONetConfiguration`: `branch` and `trunk` (widths after each net's
/// input, the last of both the basis size p, as DeepXDE's layer sizes without the input),
/// `activation`, `stacked`, `trunk_features`, `init` (`pytorch`, the default, or DeepXDE's
/// `glorot_normal`), `pod` (true: POD-DeepONet, the trunk replaced by the training outputs' leading
/// POD modes, p = the last branch width; `trunk` is then left out). The sensors are the input grid
/// (`sensor_stride: s`: every s-th node along each axis) and the queries the output grid's nodes
/// (`DeepONetFieldOperator`); `grid`, like the channels, is taken from the data.
///
/// Input and output channels come from the data. `in_channels` and `out_channels` may be written
/// anyway, to state what the model expects: they must then match the data. The resolved
/// configuration always records them, so a checkpoint says what data it takes.
public struct ModelConfiguration: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case fno
        case deeponet
        case mgno
    }

    /// The architecture, with in/out channels set once the data is known.
    public enum Architecture: Equatable, Sendable {
        case fno(FNOConfiguration)
        case deeponet(DeepONetFieldConfiguration)
        case mgno(MgNOConfiguration)
    }

    public var architecture: Architecture
    /// Channels stated in the configuration (nil: taken from the data).
    public var inChannels: Int?
    public var outChannels: Int?

    public init(_ architecture: Architecture, inChannels: Int? = nil, outChannels: Int? = nil) {
        self.architecture = architecture
        self.inChannels = inChannels
        self.outChannels = outChannels
    }

    public var kind: Kind {
        switch architecture {
        case .fno: return .fno
        case .deeponet: return .deeponet
        case .mgno: return .mgno
        }
    }

    /// Number of spatial axes the model works on (for FNO: one per entry of `modes`).
    public var spatialRank: Int {
        switch architecture {
        case .fno(let c): return c.modes.count
        case .deeponet(let c): return c.grid.count
        case .mgno(let c): return c.spatialRank
        }
    }

    /// The same model taking `inChannels` and producing `outChannels`.
    public func with(inChannels: Int, outChannels: Int) -> ModelConfiguration {
        var copy = self
        copy.inChannels = inChannels
        copy.outChannels = outChannels
        switch architecture {
        case .fno(var c):
            c.inChannels = inChannels
            c.outChannels = outChannels
            copy.architecture = .fno(c)
        case .deeponet(var c):
            c.inChannels = inChannels
            c.outChannels = outChannels
            copy.architecture = .deeponet(c)
        case .mgno(var c):
            c.inChannels = inChannels
            c.outChannels = outChannels
            copy.architecture = .mgno(c)
        }
        return copy
    }

    static let fnoKeys = ["modes", "width", "layers", "lifting_channels", "projection_channels", "positional_embedding",
                          "channel_mlp", "channel_mlp_expansion", "repeated_activation", "domain_padding"]

    static let deeponetKeys = ["branch", "trunk", "activation", "stacked", "trunk_features", "init", "pod", "grid", "sensor_stride"]
    static let mgnoKeys = ["dimensions", "channels", "layers", "levels", "smoothing", "post_smoothing", "padding", "restrict", "activate_last"]

    init(_ reader: ConfigReader) throws {
        let kind: Kind = try reader.choice("kind", default: nil)
        switch kind {
        case .fno:
            try reader.expect(["kind", "in_channels", "out_channels"] + Self.fnoKeys)
            var c = FNOConfiguration(modes: try reader.integers("modes", example: "[12, 12]"))
            c.width = try reader.value("width", default: c.width)
            c.layers = try reader.value("layers", default: c.layers)
            c.liftingChannels = try reader.optional("lifting_channels")
            c.projectionChannels = try reader.optional("projection_channels")
            c.positionalEmbedding = try reader.value("positional_embedding", default: c.positionalEmbedding)
            c.channelMLP = try reader.value("channel_mlp", default: c.channelMLP)
            c.channelMLPExpansion = try reader.value("channel_mlp_expansion", default: c.channelMLPExpansion)
            c.repeatedActivation = try reader.value("repeated_activation", default: c.repeatedActivation)
            c.domainPadding = try reader.value("domain_padding", default: c.domainPadding)
            guard (1...3).contains(c.modes.count), c.modes.allSatisfy({ $0 >= 1 }) else {
                throw ConfigurationError.invalidValue(key: reader.key("modes"),
                                                      reason: "must list 1 to 3 positive mode counts (one per spatial axis), not \(c.modes)")
            }
            if let odd = c.modes.dropLast().first(where: { $0 % 2 != 0 }) {
                throw ConfigurationError.invalidValue(
                    key: reader.key("modes"),
                    reason: "has \(odd) on an axis before the last; those keep as many negative as non-negative frequencies, so their counts must be even")
            }
            for (name, value, least) in [("width", c.width, 1), ("layers", c.layers, 1), ("lifting_channels", c.liftingChannels ?? 0, 0),
                                         ("projection_channels", c.projectionChannels ?? 1, 1)] where value < least {
                throw ConfigurationError.invalidValue(key: reader.key(name), reason: "must be at least \(least), not \(value)")
            }
            guard c.channelMLPExpansion > 0, !c.channelMLP || c.channelMLPChannels >= 1 else {
                throw ConfigurationError.invalidValue(key: reader.key("channel_mlp_expansion"),
                                                      reason: "must leave at least one hidden channel at width \(c.width), not \(c.channelMLPExpansion)")
            }
            guard c.domainPadding >= 0, c.domainPadding < 1 else {
                throw ConfigurationError.invalidValue(key: reader.key("domain_padding"),
                                                      reason: "must be a fraction in [0, 1), not \(c.domainPadding)")
            }
            architecture = .fno(c)
        case .deeponet:
            try reader.expect(["kind", "in_channels", "out_channels"] + Self.deeponetKeys)
            var c = DeepONetFieldConfiguration(grid: reader.contains("grid") ? try reader.integers("grid", example: "[100]") : [])
            c.network.branch = try reader.integers("branch", example: "[40, 40]")
            c.network.pod = try reader.value("pod", default: c.network.pod)
            if c.network.pod {
                guard !reader.contains("trunk") else {
                    throw ConfigurationError.invalidValue(
                        key: reader.key("trunk"),
                        reason: "is not used by a POD-DeepONet (model.pod: true takes its basis from the training outputs, p = the last branch width); remove it")
                }
                c.network.trunk = []
            } else {
                c.network.trunk = try reader.integers("trunk", example: "[40, 40]")
            }
            c.network.activation = try reader.choice("activation", default: c.network.activation)
            c.network.stacked = try reader.value("stacked", default: c.network.stacked)
            c.network.trunkFeatures = try reader.value("trunk_features", default: c.network.trunkFeatures)
            c.network.initialization = try reader.choice("init", default: c.network.initialization)
            c.sensorStride = try reader.value("sensor_stride", default: c.sensorStride)
            guard c.sensorStride >= 1 else {
                throw ConfigurationError.invalidValue(key: reader.key("sensor_stride"), reason: "must be at least 1 (every node a sensor), not \(c.sensorStride)")
            }
            for name in c.network.pod ? ["branch"] : ["branch", "trunk"] {
                let widths = name == "branch" ? c.network.branch : c.network.trunk
                guard !widths.isEmpty, widths.allSatisfy({ $0 >= 1 }) else {
                    throw ConfigurationError.invalidValue(key: reader.key(name),
                                                          reason: "must list at least one positive width (the last is the basis size p), not \(widths)")
                }
            }
            guard c.network.pod || c.network.branch.last == c.network.trunk.last else {
                throw ConfigurationError.invalidValue(
                    key: reader.key("trunk"),
                    reason: "must end in the same width as model.branch (\(c.network.branch.last!)): both are the basis size p, not \(c.network.trunk.last!)")
            }
            guard c.network.trunkFeatures >= 0 else {
                throw ConfigurationError.invalidValue(key: reader.key("trunk_features"), reason: "must be at least 0, not \(c.network.trunkFeatures)")
            }
            guard c.grid.allSatisfy({ $0 >= 1 }), c.grid.count <= 3 else {
                throw ConfigurationError.invalidValue(key: reader.key("grid"), reason: "must list 1 to 3 positive grid extents, not \(c.grid)")
            }
            architecture = .deeponet(c)
        case .mgno:
            try reader.expect(["kind", "in_channels", "out_channels"] + Self.mgnoKeys)
            var c = MgNOConfiguration()
            c.spatialRank = try reader.value("dimensions", default: c.spatialRank)
            c.channels = try reader.value("channels", default: c.channels)
            c.layers = try reader.value("layers", default: c.layers)
            c.levels = try reader.value("levels", default: c.levels)
            if reader.node("smoothing") != nil { c.smoothing = try reader.integers("smoothing", example: "[1]") }
            c.postSmoothing = try reader.value("post_smoothing", default: c.postSmoothing)
            c.padding = try reader.choice("padding", default: c.padding)
            c.restriction = try reader.choice("restrict", default: c.restriction)
            c.activatesLastLayer = try reader.value("activate_last", default: c.activatesLastLayer)
            do { try c.validate() } catch let error as MgNOConfigurationError {
                throw ConfigurationError.invalidValue(key: reader.key(error.configurationKey), reason: "is invalid: \(error)")
            }
            architecture = .mgno(c)
        }
        inChannels = try reader.optional("in_channels")
        outChannels = try reader.optional("out_channels")
        for (name, value) in [("in_channels", inChannels), ("out_channels", outChannels)] {
            if let value, value < 1 { throw ConfigurationError.invalidValue(key: reader.key(name), reason: "must be at least 1, not \(value)") }
        }
        // Stated channels are the architecture's (a resolved configuration states both).
        if case .fno(var c) = architecture {
            c.inChannels = inChannels ?? c.inChannels
            c.outChannels = outChannels ?? c.outChannels
            architecture = .fno(c)
        }
        if case .deeponet(var c) = architecture {
            c.inChannels = inChannels ?? c.inChannels
            c.outChannels = outChannels ?? c.outChannels
            architecture = .deeponet(c)
        }
        if case .mgno(var c) = architecture {
            c.inChannels = inChannels ?? c.inChannels
            c.outChannels = outChannels ?? c.outChannels
            architecture = .mgno(c)
        }
    }

    var node: ConfigNode {
        var entries: [ConfigEntry] = [.init(key: "kind", value: .plain(kind.rawValue))]
        entries.append(.init(key: "in_channels", value: inChannels.map(ConfigNode.number) ?? .null))
        entries.append(.init(key: "out_channels", value: outChannels.map(ConfigNode.number) ?? .null))
        switch architecture {
        case .fno(let c):
            entries += [
                .init(key: "modes", value: .list(c.modes.map(ConfigNode.number))),
                .init(key: "width", value: .number(c.width)),
                .init(key: "layers", value: .number(c.layers)),
                .init(key: "lifting_channels", value: c.liftingChannels.map(ConfigNode.number) ?? .null),
                .init(key: "projection_channels", value: c.projectionChannels.map(ConfigNode.number) ?? .null),
                .init(key: "positional_embedding", value: .plain(String(c.positionalEmbedding))),
                .init(key: "channel_mlp", value: .plain(String(c.channelMLP))),
                .init(key: "channel_mlp_expansion", value: .number(c.channelMLPExpansion)),
                .init(key: "repeated_activation", value: .plain(String(c.repeatedActivation))),
                .init(key: "domain_padding", value: .number(c.domainPadding)),
            ]
        case .deeponet(let c):
            entries += [
                .init(key: "branch", value: .list(c.network.branch.map(ConfigNode.number))),
            ]
            if !c.network.pod { entries.append(.init(key: "trunk", value: .list(c.network.trunk.map(ConfigNode.number)))) }
            entries += [
                .init(key: "activation", value: .plain(c.network.activation.rawValue)),
                .init(key: "stacked", value: .plain(String(c.network.stacked))),
                .init(key: "trunk_features", value: .number(c.network.trunkFeatures)),
                .init(key: "init", value: .plain(c.network.initialization.rawValue)),
                .init(key: "pod", value: .plain(String(c.network.pod))),
                .init(key: "grid", value: c.grid.isEmpty ? .null : .list(c.grid.map(ConfigNode.number))),
                .init(key: "sensor_stride", value: .number(c.sensorStride)),
            ]
        case .mgno(let c):
            entries += [
                .init(key: "dimensions", value: .number(c.spatialRank)),
                .init(key: "channels", value: .number(c.channels)),
                .init(key: "layers", value: .number(c.layers)),
                .init(key: "levels", value: .number(c.levels)),
                .init(key: "smoothing", value: .list(c.smoothing.map(ConfigNode.number))),
                .init(key: "post_smoothing", value: .number(c.postSmoothing)),
                .init(key: "padding", value: .plain(c.padding.rawValue)),
                .init(key: "restrict", value: .plain(c.restriction.rawValue)),
                .init(key: "activate_last", value: .plain(String(c.activatesLastLayer))),
            ]
        }
        return .mapping(entries)
    }
}
