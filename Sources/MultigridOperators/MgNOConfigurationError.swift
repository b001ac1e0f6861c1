/// Why an `MgNOConfiguration` cannot make a model: each description names the field and the fix.
public enum MgNOConfigurationError: Error, Equatable, CustomStringConvertible {
    case nonPositive(String, Int)
    case spatialRank(Int)
    case smoothingCount([Int], levels: Int)
    case smoothingSteps([Int], post: Int)

    public var description: String {
        switch self {
        case let .nonPositive(field, value):
            return "MgNO \(field) is \(value); it must be at least 1"
        case let .spatialRank(rank):
            return "MgNO spatialRank is \(rank); the multigrid convolutions work on 1 or 2 spatial axes"
        case let .smoothingCount(steps, levels):
            return "MgNO smoothing \(steps) has \(steps.count) entries for \(levels) levels; give one count for all levels or one per level"
        case let .smoothingSteps(steps, post):
            return "MgNO smoothing \(steps) (post-smoothing \(post)) must be non-negative, with at least 1 step on the finest level"
        }
    }
}

extension MgNOConfigurationError {
    /// The configuration-file key (`model.<key>`) of the offending field.
    public var configurationKey: String {
        switch self {
        case let .nonPositive(field, _):
            return ["inChannels": "in_channels", "outChannels": "out_channels"][field] ?? field
        case .spatialRank: return "dimensions"
        case .smoothingCount, .smoothingSteps: return "smoothing"
        }
    }
}
