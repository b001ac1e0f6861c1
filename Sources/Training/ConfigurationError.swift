/// A training configuration that cannot be used, described in one sentence that names the key (as
/// a dotted path, `training.optimizer.lr`) or the file, and the fix.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The text is not YAML.
    case syntax(source: String, detail: String)
    /// A key the section does not have; `valid` lists the ones it has.
    case unknownKey(key: String, valid: [String])
    /// A key that must be given is absent.
    case missingKey(key: String, example: String)
    /// A value of the wrong kind (`expected` is e.g. "an integer").
    case wrongType(key: String, expected: String, found: String)
    /// A value of the right kind outside what the key allows.
    case invalidValue(key: String, reason: String)
    /// A section (or the document) is not a mapping.
    case notAMapping(key: String)
    /// A `key=value` override that is not of that form.
    case badOverride(text: String)
    /// A data file named by `key` does not exist; `fix` says how to make it.
    case missingFile(key: String, path: String, fix: String)
    /// Data and model (or two data files) disagree about the channels.
    case channelMismatch(detail: String, fix: String)
    /// Values that fit together nowhere (data shape vs model, too few samples…).
    case inconsistent(detail: String, fix: String)

    public var description: String {
        switch self {
        case let .syntax(source, detail):
            return "\(source) is not valid YAML: \(detail)"
        case let .unknownKey(key, valid):
            let section = key.split(separator: ".").dropLast().joined(separator: ".")
            let place = section.isEmpty ? "at the top level" : "in '\(section)'"
            return "unknown key '\(key)'; the valid keys \(place) are: \(valid.joined(separator: ", "))"
        case let .missingKey(key, example):
            return "missing required key '\(key)'; add it, e.g. \(example)"
        case let .wrongType(key, expected, found):
            return "'\(key)' must be \(expected), but it is \(found)"
        case let .invalidValue(key, reason):
            return "'\(key)' \(reason)"
        case let .notAMapping(key):
            return key.isEmpty ? "the configuration must be a YAML mapping of sections (name, data, model, training, output)"
                : "'\(key)' must be a mapping of keys to values"
        case let .badOverride(text):
            return "override '\(text)' must have the form key=value with a dotted key, e.g. training.epochs=5"
        case let .missingFile(key, path, fix):
            return "'\(key)' names \(path), which does not exist; \(fix)"
        case let .channelMismatch(detail, fix):
            return "\(detail); \(fix)"
        case let .inconsistent(detail, fix):
            return "\(detail); \(fix)"
        }
    }
}
