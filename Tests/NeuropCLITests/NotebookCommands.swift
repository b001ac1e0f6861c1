import Foundation

/// One shell command from a ```sh block of a notebooks-md page: its words after shell-style
/// splitting (quotes honoured, comments dropped, `\` continuations joined, `&&` splitting commands).
struct NotebookCommand: CustomStringConvertible {
    var page: String
    /// Line of the page where the command starts.
    var line: Int
    var words: [String]

    var description: String { "\(page):\(line): \(words.joined(separator: " "))" }

    /// Whether the program is neurop (`neurop`, or a path to it such as `.build/release/neurop`).
    var isNeurop: Bool { words.first.map { $0 == "neurop" || $0.hasSuffix("/neurop") } ?? false }

    /// Every command of every ```sh (or bash, shell) block of a Markdown page.
    static func all(inMarkdown text: String, page: String) -> [NotebookCommand] {
        var commands: [NotebookCommand] = []
        var inBlock = false
        var pending = "", pendingLine = 0
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inBlock = !inBlock && ["sh", "bash", "shell", "console"].contains(line.dropFirst(3).trimmingCharacters(in: .whitespaces))
                pending = ""
                continue
            }
            guard inBlock else { continue }
            if pending.isEmpty { pendingLine = index + 1 }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            pending += line
            var current: [String] = []
            for word in words(pending) + ["&&"] {
                if word == "&&" || word == ";" {
                    if !current.isEmpty { commands.append(NotebookCommand(page: page, line: pendingLine, words: current)) }
                    current = []
                } else {
                    current.append(word)
                }
            }
            pending = ""
        }
        return commands
    }

    /// Shell-style words: whitespace separates, single and double quotes group, `#` starting a
    /// word begins a comment.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], word = "", quote: Character?, inWord = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else if c == "#" && !inWord {
                break
            } else {
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }
}

/// Rewrites a documented neurop command to tiny sizes, so that every notebook page runs in seconds
/// in a debug build while keeping the command's shape (its subcommand, options and files):
///
/// - `--samples` (and `samples=` of a recipe) at most 6, `--solver-samples` at most 6;
/// - grid sizes (`resolution`, `solver_resolution`, `solver_points`) divided by the largest common
///   factor that keeps every stored grid a subsampling of the solver grid and at least 16 points
///   (node grids of Darcy/Poisson divide s − 1, periodic grids n, even grids stay even): 64,127 →
///   22,43; 85 with solver 421 → 22 with 106; 1024 with 8192 → 16 with 128. Files a
///   multi-resolution run names after its grids (`stem-22.h5`) are renamed to the documented names
///   (`stem-64.h5`) afterwards, so later commands find them;
/// - Walk-on-Spheres: `walks` at most 8, `points` at most 64;
/// - Navier–Stokes: `time` at most 0.1 with `record_every` 0.01 (11 states);
/// - `neurop train`: `training.epochs=1 data.n_train=4 data.n_test=2`, and any `data.subsample=k`
///   dropped: it was chosen for the documented grid, and the shrunk files are already near 16 points;
///   an FNO configuration's `modes` (or a `model.modes=` override's) become 4 per axis, within those grids, and a POD-DeepONet keeps
///   2 modes (`model.branch=[8, 2]`), what 4 training samples can give; a trajectory window
///   becomes 2 input and 8 output steps, within the 11 shrunk states;
/// - `neurop import deepxde FILE.npz`: a FILE the page's user brings (DeepXDE's data) is stood in
///   for by the DeepXDE fixture of FieldsTests.
struct NotebookShrinker {
    static let samples = 6
    /// The folder the commands run in (recipes and configurations are read from it).
    var workspace: URL

    /// The arguments to run (without the program) and the renames to make after the run.
    func shrink(_ command: NotebookCommand) throws -> (arguments: [String], renames: [(from: String, to: String)]) {
        var arguments = Array(command.words.dropFirst())
        guard let subcommand = arguments.first else { return (arguments, []) }
        switch subcommand {
        case "generate":
            guard arguments.count >= 2 else { return (arguments, []) }
            return arguments[1].hasSuffix(".yaml") || arguments[1].hasSuffix(".yml") ? try shrinkRecipe(arguments)
                                                                                      : shrinkGenerator(arguments)
        case "train":
            arguments.removeAll { $0.hasPrefix("data.subsample=") }
            arguments += ["training.epochs=1", "data.n_train=4", "data.n_test=2"]
            let modesOverride = arguments.last { $0.hasPrefix("model.modes=") }.map { $0.split(separator: ",").count }
            if arguments.count >= 2, let axes = modesOverride ?? fnoModeAxes(configuration: arguments[1]) {
                arguments.append("model.modes=[\(Array(repeating: "4", count: axes).joined(separator: ","))]")
            }
            if arguments.count >= 2, configurationLine(arguments[1], startingWith: "pod: true") {
                arguments.append("model.branch=[8,2]")
            }
            if arguments.count >= 2, configurationLine(arguments[1], startingWith: "input_steps:") {
                arguments += ["data.input_steps=2", "data.output_steps=8"]
            }
        case "eval", "compare", "solve":
            for key in ["samples", "solver-samples"] { setOption(&arguments, key) { Int($0).map { "\(min($0, Self.samples))" } } }
        case "import":
            // The user brings DeepXDE's .npz files; the DeepXDE fixture (6 functions) stands in.
            if let file = arguments.first(where: { $0.hasSuffix(".npz") }) {
                let target = workspace.appendingPathComponent(file)
                if !FileManager.default.fileExists(atPath: target.path) {
                    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try FileManager.default.copyItem(at: CLITests.fixtures.appendingPathComponent("deepxde_aligned.npz"), to: target)
                }
            }
        default:
            break
        }
        return (arguments, [])
    }

    /// Whether a line of a training configuration starts (after indentation) with `prefix`.
    private func configurationLine(_ path: String, startingWith prefix: String) -> Bool {
        guard let text = try? String(contentsOf: workspace.appendingPathComponent(path), encoding: .utf8) else { return false }
        return text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
    }

    /// The number of entries of the `modes:` list of a training configuration, if it has one.
    private func fnoModeAxes(configuration path: String) -> Int? {
        guard let text = try? String(contentsOf: workspace.appendingPathComponent(path), encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("modes:"), let open = trimmed.firstIndex(of: "["), let close = trimmed.firstIndex(of: "]") else { continue }
            return trimmed[trimmed.index(after: open)..<close].split(separator: ",").count
        }
        return nil
    }

    /// `neurop generate <kind> --option value …`.
    private func shrinkGenerator(_ arguments: [String]) -> (arguments: [String], renames: [(from: String, to: String)]) {
        var arguments = arguments
        let kind = arguments[1]
        var values: [String: String] = [:]
        for key in ["samples", "resolution", "solver-resolution", "solver-points", "time", "record-every", "walks", "points",
                    "output"] {
            if let value = option(arguments, key) { values[key.replacingOccurrences(of: "-", with: "_")] = value }
        }
        if values["output"] == nil, let o = arguments.firstIndex(of: "-o"), o + 1 < arguments.count { values["output"] = arguments[o + 1] }
        let (changes, renames) = shrunk(kind, values)
        for (key, value) in changes {
            let option = key.replacingOccurrences(of: "_", with: "-")
            if self.option(arguments, option) != nil {
                setOption(&arguments, option) { _ in value }
            } else {
                arguments += ["--\(option)", value]
            }
        }
        return (arguments, renames)
    }

    /// `neurop generate RECIPE.yaml [key=value …]`: the recipe's values with the given overrides,
    /// shrunk, appended as further overrides.
    private func shrinkRecipe(_ arguments: [String]) throws -> (arguments: [String], renames: [(from: String, to: String)]) {
        let text = try String(contentsOf: workspace.appendingPathComponent(arguments[1]), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.components(separatedBy: "\n") where !line.hasPrefix("#") && !line.hasPrefix(" ") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            var value = String(line[line.index(after: colon)...])
            if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
            values[String(line[..<colon])] = value.trimmingCharacters(in: .whitespaces)
        }
        for override in arguments.dropFirst(2) {
            guard let eq = override.firstIndex(of: "=") else { continue }
            values[String(override[..<eq])] = String(override[override.index(after: eq)...])
        }
        let (changes, renames) = shrunk(values["pde"] ?? "", values)
        return (arguments + changes.map { "\($0.key)=\($0.value)" }, renames)
    }

    /// The recipe keys to change for generator `kind` with recipe-style `values`, and the renames.
    private func shrunk(_ kind: String, _ values: [String: String]) -> (changes: [(key: String, value: String)], renames: [(from: String, to: String)]) {
        var changes: [(key: String, value: String)] = []
        func cap(_ key: String, _ limit: Int) {
            if let v = values[key].flatMap({ Int($0) }), v > limit { changes.append((key, "\(limit)")) }
        }
        cap("samples", Self.samples)
        if kind == "wos" {
            cap("walks", 8)
            cap("points", 64)
        }
        if kind == "navier-stokes", (values["time"].flatMap { Double($0) } ?? 50) > 0.1 {
            changes += [("time", "0.1"), ("record_every", "0.01")]
        }
        // Grid sizes: the stored resolutions and the solver grid, shrunk together.
        func list(_ text: String?) -> [Int] {
            (text ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",")
                .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        let stored = list(values["resolution"])
        let solverKey = ["solver_resolution", "solver_points"].first { values[$0] != nil }
        let solver = solverKey.map { list(values[$0]) } ?? []
        let nodeGrid = kind == "darcy" || kind == "poisson"
        let mapped = Self.shrinkGrids(stored + solver, nodeGrid: nodeGrid, keepEven: !nodeGrid)
        var renames: [(from: String, to: String)] = []
        if mapped != stored + solver {
            let newStored = Array(mapped.prefix(stored.count))
            changes.append(("resolution", newStored.map(String.init).joined(separator: ",")))
            if let solverKey { changes.append((solverKey, "\(mapped.last!)")) }
            let multiResolution = ["darcy", "poisson", "burgers", "navier-stokes"].contains(kind) && Set(stored).count > 1
            if multiResolution, let output = values["output"] {
                let stem = output.hasSuffix(".h5") ? String(output.dropLast(3)) : output
                let ext = output.hasSuffix(".h5") ? ".h5" : ""
                renames = zip(newStored, stored).map { ("\(stem)-\($0)\(ext)", "\(stem)-\($1)\(ext)") }
            }
        }
        if changes.contains(where: { $0.key == "resolution" }), values["resolution"]?.hasPrefix("[") == true {
            // Recipes write lists in brackets.
            let index = changes.firstIndex { $0.key == "resolution" }!
            changes[index].value = "[" + changes[index].value + "]"
        }
        return (changes, renames)
    }

    /// `values` divided by the largest d that maps every one exactly (s − 1 for node grids, n for
    /// periodic ones) to at least 16, keeping even sizes even where asked; unchanged when the
    /// largest is already at most 32 or no d works.
    static func shrinkGrids(_ values: [Int], nodeGrid: Bool, keepEven: Bool) -> [Int] {
        guard let largest = values.max(), largest > 32 else { return values }
        for d in stride(from: largest, through: 2, by: -1) {
            let mapped = values.map { v -> Int? in
                if nodeGrid { return (v - 1) % d == 0 ? (v - 1) / d + 1 : nil }
                return v % d == 0 ? v / d : nil
            }
            guard mapped.allSatisfy({ $0 != nil }) else { continue }
            let result = mapped.map { $0! }
            guard result.allSatisfy({ $0 >= 16 }) else { continue }
            if keepEven, zip(values, result).contains(where: { $0 % 2 == 0 && $1 % 2 != 0 }) { continue }
            return result
        }
        return values
    }

    /// The value of `--key value` or `--key=value`.
    private func option(_ arguments: [String], _ key: String) -> String? {
        for (i, word) in arguments.enumerated() {
            if word == "--\(key)", i + 1 < arguments.count { return arguments[i + 1] }
            if word.hasPrefix("--\(key)=") { return String(word.dropFirst(key.count + 3)) }
        }
        return nil
    }

    /// Replaces the value of `--key` by `transform(value)` when that is not nil.
    private func setOption(_ arguments: inout [String], _ key: String, _ transform: (String) -> String?) {
        for i in arguments.indices {
            if arguments[i] == "--\(key)", i + 1 < arguments.count, let new = transform(arguments[i + 1]) {
                arguments[i + 1] = new
            } else if arguments[i].hasPrefix("--\(key)="), let new = transform(String(arguments[i].dropFirst(key.count + 3))) {
                arguments[i] = "--\(key)=\(new)"
            }
        }
    }
}
