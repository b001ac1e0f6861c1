/// Why an `FNOConfiguration` cannot make a model: each description names the field and the fix.
public enum FNOConfigurationError: Error, Equatable, CustomStringConvertible {
    case nonPositive(String, Int)
    case spatialRank([Int])
    case oddModes(axis: Int, modes: Int)
    case channelMLPExpansion(Double, width: Int)
    case domainPadding(Double)

    public var description: String {
        switch self {
        case let .nonPositive(field, value):
            return "FNO \(field) is \(value); it must be at least \(field == "liftingChannels" ? 0 : 1)"
        case let .spatialRank(modes):
            return "FNO modes \(modes) must have 1, 2 or 3 entries, one per spatial axis"
        case let .oddModes(axis, m):
            return "FNO modes[\(axis)] is \(m); every axis but the last keeps as many negative as non-negative frequencies, so it must be even and at least 2"
        case let .channelMLPExpansion(e, width):
            return "FNO channelMLPExpansion \(e) gives no hidden channels at width \(width); use a positive fraction such as 0.5"
        case let .domainPadding(p):
            return "FNO domainPadding \(p) must be a non-negative fraction of each axis, e.g. 0.1"
        }
    }
}
