/// Strict, typed reading of one mapping of a configuration.
///
/// A section first states its valid keys (`expect`), which rejects any other key at once, listing
/// the valid ones — before a missing required key is reported, so a misspelt key is named as such.
/// Values are typed from the scalar text: integers, numbers (`1e-3`, `.5`), `true`/
/// `false`, strings (any scalar), choices from an enumeration, lists of integers. Null (`~`, empty
/// or `null`) counts as absent.
struct ConfigReader {
    /// Dotted path of this mapping (empty for the document).
    let path: String
    private let entries: [ConfigEntry]

    init(_ node: ConfigNode?, path: String) throws {
        self.path = path
        switch node {
        case .mapping(let entries)?: self.entries = entries
        case .null?, nil: entries = []
        default: throw ConfigurationError.notAMapping(key: path)
        }
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// Throws for the first key of the mapping that is not in `valid`.
    func expect(_ valid: [String]) throws {
        if let unknown = entries.first(where: { !valid.contains($0.key) }) {
            throw ConfigurationError.unknownKey(key: key(unknown.key), valid: valid.sorted())
        }
    }

    /// The raw node at `name`, nil when absent or null.
    func node(_ name: String) -> ConfigNode? {
        guard let value = entries.first(where: { $0.key == name })?.value, value != .null else { return nil }
        return value
    }

    /// Whether `name` is present and not null.
    func contains(_ name: String) -> Bool {
        entries.contains { $0.key == name && $0.value != .null }
    }

    func section(_ name: String) throws -> ConfigReader {
        try ConfigReader(node(name), path: key(name))
    }

    func optional<T: ConfigScalar>(_ name: String, _ type: T.Type = T.self) throws -> T? {
        guard let value = node(name) else { return nil }
        guard case .scalar(let text, let quoted) = value, let parsed = T(configText: text, quoted: quoted) else {
            throw ConfigurationError.wrongType(key: key(name), expected: T.configTypeName, found: ConfigReader.describe(value))
        }
        return parsed
    }

    func value<T: ConfigScalar>(_ name: String, default fallback: T) throws -> T {
        try optional(name) ?? fallback
    }

    func required<T: ConfigScalar>(_ name: String, _ type: T.Type = T.self, example: String) throws -> T {
        guard let value: T = try optional(name) else {
            throw ConfigurationError.missingKey(key: key(name), example: "\(key(name).split(separator: ".").last!): \(example)")
        }
        return value
    }

    /// A value from a fixed set of names (an enumeration's raw values).
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T?) throws -> T
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        guard let text: String = try optional(name) else {
            if let fallback { return fallback }
            throw ConfigurationError.missingKey(key: key(name), example: "\(name): \(names[0])")
        }
        guard let value = T(rawValue: text) else {
            throw ConfigurationError.invalidValue(key: key(name), reason: "must be one of \(names.joined(separator: ", ")), not '\(text)'")
        }
        return value
    }

    /// A list of integers (`[12, 12]`).
    func integers(_ name: String, example: String) throws -> [Int] {
        guard let value = node(name) else {
            throw ConfigurationError.missingKey(key: key(name), example: "\(name): \(example)")
        }
        let wrong = ConfigurationError.wrongType(key: key(name), expected: "a list of integers such as \(example)",
                                                 found: ConfigReader.describe(value))
        guard case .list(let items) = value else { throw wrong }
        return try items.map { item in
            guard case .scalar(let text, let quoted) = item, let n = Int(configText: text, quoted: quoted) else { throw wrong }
            return n
        }
    }

    static func describe(_ node: ConfigNode) -> String {
        switch node {
        case .null: return "null"
        case .scalar(let text, _): return "'\(text)'"
        case .list: return "a list (\(node.inline))"
        case .mapping: return "a mapping (\(node.inline))"
        }
    }
}

/// A value a configuration scalar can hold.
protocol ConfigScalar {
    init?(configText: String, quoted: Bool)
    static var configTypeName: String { get }
}

extension Int: ConfigScalar {
    init?(configText text: String, quoted: Bool) {
        guard !quoted, let value = Int(text.replacingOccurrences(of: "_", with: "")) else { return nil }
        self = value
    }
    static var configTypeName: String { "an integer" }
}

extension Double: ConfigScalar {
    init?(configText text: String, quoted: Bool) {
        guard !quoted, let value = Double(text), value.isFinite else { return nil }
        self = value
    }
    static var configTypeName: String { "a number" }
}

extension Float: ConfigScalar {
    init?(configText text: String, quoted: Bool) {
        guard let value = Double(configText: text, quoted: quoted), abs(value) <= Double(Float.greatestFiniteMagnitude) else {
            return nil
        }
        self = Float(value)
    }
    static var configTypeName: String { "a number" }
}

extension Bool: ConfigScalar {
    init?(configText text: String, quoted: Bool) {
        guard !quoted else { return nil }
        switch text {
        case "true", "True": self = true
        case "false", "False": self = false
        default: return nil
        }
    }
    static var configTypeName: String { "true or false" }
}

extension String: ConfigScalar {
    init?(configText text: String, quoted: Bool) { self = text }
    static var configTypeName: String { "a string" }
}
