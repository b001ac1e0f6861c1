import Foundation
import Yams

/// A configuration document as a plain tree: scalars (their text), null, lists and mappings that
/// keep their key order.
///
/// YAML is parsed by Yams but typed here, by `ConfigReader`, from the scalar's text: what a key
/// means decides how its text is read (`1e-3` is a number for `lr` whatever YAML's resolver makes
/// of it), and a quoted scalar is always a string. The tree is also what `key=value` overrides
/// edit and what the resolved configuration is written from, so all three share one model.
public indirect enum ConfigNode: Equatable, Sendable {
    /// A scalar's text; `quoted` when it was written in quotes (then it is only ever a string).
    case scalar(String, quoted: Bool)
    case null
    case list([ConfigNode])
    case mapping([ConfigEntry])

    /// An unquoted scalar.
    public static func plain(_ text: String) -> ConfigNode { .scalar(text, quoted: false) }

    /// Parses YAML text; `source` names it in errors (a file path, or `override 'k=v'`).
    public static func parse(yaml: String, source: String) throws -> ConfigNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            let detail = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw ConfigurationError.syntax(source: source, detail: detail)
        }
        guard let node else { return .null }
        return try ConfigNode(node, source: source, path: "")
    }

    private init(_ node: Node, source: String, path: String) throws {
        switch node {
        case .scalar(let scalar):
            if node.null != nil && scalar.style != .singleQuoted && scalar.style != .doubleQuoted {
                self = .null
            } else {
                self = .scalar(scalar.string, quoted: scalar.style == .singleQuoted || scalar.style == .doubleQuoted)
            }
        case .sequence(let sequence):
            self = .list(try sequence.enumerated().map { try ConfigNode($0.element, source: source, path: "\(path)[\($0.offset)]") })
        case .mapping(let mapping):
            var entries: [ConfigEntry] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw ConfigurationError.syntax(source: source, detail: "a key under '\(path)' is not a plain name")
                }
                // Yams has already rejected duplicate keys.
                let full = path.isEmpty ? key.string : "\(path).\(key.string)"
                entries.append(ConfigEntry(key: key.string, value: try ConfigNode(valueNode, source: source, path: full)))
            }
            self = .mapping(entries)
        case .alias:
            throw ConfigurationError.syntax(source: source, detail: "YAML aliases are not supported (at '\(path)'); write the value out")
        }
    }

    /// The value at `key` of a mapping (nil for other nodes or a missing key).
    public subscript(key: String) -> ConfigNode? {
        guard case .mapping(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// This tree with the value at the dotted `path` replaced (or added, creating mappings on the
    /// way). `prefix` is the part of the path already walked, for error messages.
    public func setting(_ path: [String], to value: ConfigNode, prefix: String = "") throws -> ConfigNode {
        guard let key = path.first else { return value }
        let here = prefix.isEmpty ? key : "\(prefix).\(key)"
        var entries: [ConfigEntry]
        switch self {
        case .mapping(let existing): entries = existing
        case .null: entries = []
        default: throw ConfigurationError.notAMapping(key: prefix)
        }
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = try entries[index].value.setting(Array(path.dropFirst()), to: value, prefix: here)
        } else {
            entries.append(ConfigEntry(key: key, value: try ConfigNode.null.setting(Array(path.dropFirst()), to: value, prefix: here)))
        }
        return .mapping(entries)
    }

    /// Every leaf as (dotted path, value), for comparing two configurations key by key.
    public var leaves: [(path: String, value: ConfigNode)] {
        func walk(_ node: ConfigNode, _ path: String, _ out: inout [(path: String, value: ConfigNode)]) {
            if case .mapping(let entries) = node {
                for entry in entries { walk(entry.value, path.isEmpty ? entry.key : "\(path).\(entry.key)", &out) }
            } else {
                out.append((path, node))
            }
        }
        var out: [(path: String, value: ConfigNode)] = []
        walk(self, "", &out)
        return out
    }

    /// Block-style YAML for a mapping: nested mappings indented by two spaces, lists in flow style.
    public var yaml: String {
        guard case .mapping(let entries) = self else { return inline + "\n" }
        var lines: [String] = []
        func emit(_ entries: [ConfigEntry], indent: String) {
            for entry in entries {
                if case .mapping(let inner) = entry.value, !inner.isEmpty {
                    lines.append("\(indent)\(entry.key):")
                    emit(inner, indent: indent + "  ")
                } else {
                    lines.append("\(indent)\(entry.key): \(entry.value.inline)")
                }
            }
        }
        emit(entries, indent: "")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The node on one line (flow style).
    public var inline: String {
        switch self {
        case .null: return "null"
        case .scalar(let text, let quoted): return quoted || !ConfigNode.isPlainSafe(text) ? ConfigNode.quote(text) : text
        case .list(let items): return "[" + items.map(\.inline).joined(separator: ", ") + "]"
        case .mapping(let entries): return "{" + entries.map { "\($0.key): \($0.value.inline)" }.joined(separator: ", ") + "}"
        }
    }

    /// Whether `text` reads back as the same string when written without quotes.
    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-./+"))
        guard text.unicodeScalars.allSatisfy({ allowed.contains($0) }) else { return false }
        return first != "-" || text.count > 1 && Double(text) != nil
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

/// One key of a mapping and its value.
public struct ConfigEntry: Equatable, Sendable {
    public var key: String
    public var value: ConfigNode

    public init(key: String, value: ConfigNode) {
        self.key = key
        self.value = value
    }
}
