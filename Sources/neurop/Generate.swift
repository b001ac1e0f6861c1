import ArgumentParser
import Foundation
import Yams

/// `neurop generate <kind> [options]` or `neurop generate RECIPE.yaml [key=value …]`: datasets of
/// input functions and PDE solutions as field files.
///
/// A recipe is the same options written as YAML: `pde:` names the generator and every other key is
/// one of its options (`length_scale: 0.2` for `--length-scale 0.2`, `keep_mean: true` for the
/// flag), so recipes and the command line can never disagree about what an option means.
/// `key=value` arguments override the recipe.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a dataset as an HDF5 field file, from options or from a recipe file.",
        discussion: "A recipe runs as `neurop generate RECIPE.yaml [key=value …]`: `pde:` names the generator, every other key is one of its options with `_` for `-`, and key=value arguments override the file.",
        subcommands: [GenerateDarcy.self, GeneratePoisson.self, GenerateHeat.self, GenerateBurgers.self, GenerateNavierStokes.self,
                      GenerateAntiderivative.self, GenerateGRF.self, GenerateWoS.self])

    /// Whether the arguments after `generate` name a recipe file rather than a generator.
    static func isRecipe(_ argument: String) -> Bool {
        argument.hasSuffix(".yaml") || argument.hasSuffix(".yml")
    }

    static var generatorNames: [String] { configuration.subcommands.map { $0._commandName } }

    /// The generator subcommand a recipe file describes, with `overrides` applied.
    static func command(fromRecipe path: String, overrides: [String]) throws -> ParsableCommand {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no such recipe file: \(path)") }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { throw CLIError("\(path) is not valid YAML: \(error)") }
        guard var keys = loaded as? [String: Any] else { throw CLIError("\(path) must be a YAML mapping of option names to values") }
        for override in overrides {
            guard let eq = override.firstIndex(of: "="), eq != override.startIndex else {
                throw CLIError("override '\(override)' must be key=value, e.g. samples=100")
            }
            let key = String(override[..<eq]), value = String(override[override.index(after: eq)...])
            keys[key] = (try? Yams.load(yaml: value)) ?? value
        }
        guard let pde = keys.removeValue(forKey: "pde") as? String else {
            throw CLIError("\(path) has no 'pde' key; set it to one of \(generatorNames.joined(separator: ", "))")
        }
        guard generatorNames.contains(pde) else {
            throw CLIError("unknown pde '\(pde)' in \(path); choose one of \(generatorNames.joined(separator: ", "))")
        }
        var arguments = [pde]
        for key in keys.keys.sorted() {
            let option = "--" + key.replacingOccurrences(of: "_", with: "-")
            switch keys[key]! {
            case let flag as Bool: if flag { arguments.append(option) }
            // `--key=value` keeps a negative number from reading as an option.
            case let list as [Any]: arguments.append("\(option)=\(list.map { "\($0)" }.joined(separator: ","))")
            case let value: arguments.append("\(option)=\(value)")
            }
        }
        do {
            return try Generate.parseAsRoot(arguments)
        } catch {
            let message = Generate.message(for: error)
            if let range = message.range(of: #"Unknown option '--([a-z0-9-]+)'"#, options: .regularExpression) {
                let option = String(message[range]).components(separatedBy: "'--")[1].dropLast()
                throw CLIError("unknown key '\(option.replacingOccurrences(of: "-", with: "_"))' in \(path) for pde \(pde); `neurop generate \(pde) --help` lists the valid ones")
            }
            throw CLIError("\(path): \(message)")
        }
    }
}
