import Foundation

/// A training run as a configuration file describes it (DESIGN.md, "Training config"):
///
/// ```yaml
/// name: fno-darcy
/// data: {train: Data/darcy-85.h5, n_train: 1000, n_test: 100}
/// model: {kind: fno, modes: [12, 12], width: 32, layers: 4}
/// training:
///   epochs: 500
///   optimizer: {kind: adam, lr: 1.0e-3, weight_decay: 1.0e-4}
///   scheduler: {kind: step, step_size: 100, gamma: 0.5}
/// output: runs/fno-darcy          # default: runs/<name>
/// ```
///
/// Parsing is strict: an unknown key, a value of the wrong type or a missing required key throws a
/// `ConfigurationError` naming the key. `key=value` overrides (`training.epochs=5`,
/// `model.modes=[8,8]`) are applied to the document before it is read, so they are checked exactly
/// like the file. `yaml` writes every key, defaults included: the resolved configuration, which
/// parses back to the same value.
public struct TrainingConfiguration: Equatable, Sendable {
    public var name: String
    public var data: DataConfiguration
    public var model: ModelConfiguration
    public var training: LoopConfiguration
    /// The run folder (checkpoints, metrics, resolved configuration).
    public var output: String

    public init(name: String, data: DataConfiguration, model: ModelConfiguration, training: LoopConfiguration,
                output: String? = nil) {
        self.name = name
        self.data = data
        self.model = model
        self.training = training
        self.output = output ?? "runs/\(name)"
    }

    static let keys = ["name", "data", "model", "training", "output"]

    /// Reads a configuration from YAML text with `overrides` (`dotted.key=value`) applied;
    /// `source` names the text in syntax errors.
    public static func parse(yaml: String, overrides: [String] = [], source: String = "the configuration") throws -> TrainingConfiguration {
        var document = try ConfigNode.parse(yaml: yaml, source: source)
        for override in overrides { document = try apply(override, to: document) }
        return try TrainingConfiguration(document)
    }

    /// Reads the configuration file at `path` with `overrides` applied.
    public static func load(path: String, overrides: [String] = []) throws -> TrainingConfiguration {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError.inconsistent(detail: "no such configuration file: \(path)",
                                                 fix: "give the path of a training configuration such as Solvers/fno-darcy.yaml")
        }
        return try parse(yaml: try String(contentsOfFile: path, encoding: .utf8), overrides: overrides, source: path)
    }

    static func apply(_ override: String, to document: ConfigNode) throws -> ConfigNode {
        guard let eq = override.firstIndex(of: "="), eq != override.startIndex else {
            throw ConfigurationError.badOverride(text: override)
        }
        let path = override[..<eq].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard path.allSatisfy({ !$0.isEmpty }) else { throw ConfigurationError.badOverride(text: override) }
        let text = String(override[override.index(after: eq)...])
        let value = (try? ConfigNode.parse(yaml: text, source: "override '\(override)'")) ?? .plain(text)
        return try document.setting(path, to: value)
    }

    init(_ document: ConfigNode) throws {
        let reader = try ConfigReader(document, path: "")
        try reader.expect(Self.keys)
        name = try reader.required("name", example: "fno-darcy")
        for section in ["data", "model", "training"] where !reader.contains(section) {
            throw ConfigurationError.missingKey(key: section, example: "a '\(section):' section (see Solvers/fno-darcy.yaml)")
        }
        data = try DataConfiguration(reader.section("data"))
        model = try ModelConfiguration(reader.section("model"))
        training = try LoopConfiguration(reader.section("training"))
        output = try reader.value("output", default: "runs/\(name)")
        guard !name.isEmpty, !name.contains("/") else {
            throw ConfigurationError.invalidValue(key: "name", reason: "must be a non-empty name without '/', not '\(name)'")
        }
    }

    /// The document with every key written out.
    public var node: ConfigNode {
        .mapping([
            .init(key: "name", value: .string(name)),
            .init(key: "data", value: data.node),
            .init(key: "model", value: model.node),
            .init(key: "training", value: training.node),
            .init(key: "output", value: .string(output)),
        ])
    }

    /// The resolved configuration as YAML text.
    public var yaml: String { node.yaml }

    /// Dotted keys whose values differ between two configurations.
    public func differences(from other: TrainingConfiguration) -> [String] {
        let mine = Dictionary(node.leaves.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        let theirs = Dictionary(other.node.leaves.map { ($0.path, $0.value) }, uniquingKeysWith: { a, _ in a })
        return Set(mine.keys).union(theirs.keys).filter { mine[$0] != theirs[$0] }.sorted()
    }
}
