/// neurop's version, recorded in every file it writes (`generator` attribute) and shown by `--version`.
public enum NeuropVersion {
    public static let string = "0.1.0"
    /// The `generator` attribute of files neurop writes.
    public static var generator: String { "neurop \(string)" }
}
