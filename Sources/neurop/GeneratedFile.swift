import Fields
import NeuropCore

/// Opens the field file a generator writes, with the root metadata every generated file carries.
///
/// The `recipe` attribute is the run written as a recipe: `pde:` and then each option under its
/// recipe key (the option's name with `_` for `-`), so `neurop generate RECIPE.yaml` run on the
/// stored text regenerates the same samples. Keys must therefore be option names, nothing else.
func generatedFile(_ path: String, pde: String, seed: Int64, options: KeyValuePairs<String, Any>) throws -> FieldFileWriter {
    try generatedFile(path, pde: pde, seed: seed, options: options.map { ($0.key, $0.value) })
}

/// The same, for generators whose set of options depends on the run (an option that does not apply
/// is left out of the recipe).
func generatedFile(_ path: String, pde: String, seed: Int64, options: [(key: String, value: Any)]) throws -> FieldFileWriter {
    var lines = ["pde: \(pde)"]
    for (key, value) in options {
        switch value {
        case let list as [Any]: lines.append("\(key): [\(list.map { "\($0)" }.joined(separator: ", "))]")
        default: lines.append("\(key): \(value)")
        }
    }
    let recipe = lines.joined(separator: "\n") + "\n"
    return try FieldFileWriter(path: path, metadata: FieldFileMetadata(
        pde: pde, generator: NeuropVersion.generator, seed: seed, recipe: recipe))
}
