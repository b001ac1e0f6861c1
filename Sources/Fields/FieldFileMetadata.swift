import Foundation

/// The root attributes of a neurop field file that describe how it was produced.
public struct FieldFileMetadata: Equatable {
    /// The PDE, e.g. `darcy`, `burgers`.
    public var pde: String
    /// Program and version that wrote the file, e.g. `neurop 0.1.0`.
    public var generator: String
    /// Seed of the counter-based RNG the samples were drawn with.
    public var seed: Int64
    /// The full generation recipe as YAML text.
    public var recipe: String
    /// Creation time, ISO 8601 UTC (`2025-01-31T12:00:00Z`).
    public var created: String

    public init(pde: String, generator: String, seed: Int64, recipe: String,
                created: String = FieldFileMetadata.timestamp()) {
        self.pde = pde
        self.generator = generator
        self.seed = seed
        self.recipe = recipe
        self.created = created
    }

    /// `date` formatted as ISO 8601 in UTC with whole seconds, e.g. `2025-01-31T12:00:00Z`.
    public static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
