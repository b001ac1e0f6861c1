import Foundation
import NeuropTestSupport
import Testing

/// Keeps the walkthroughs in notebooks-md/ runnable: every `neurop …` command of their ```sh
/// blocks runs, in order, shrunk to tiny sizes (`NotebookShrinker`), in a scratch folder holding
/// copies of Data/*.yaml and Solvers/*.yaml (paths in the pages are relative to the repository
/// root). A documented command that fails — an unknown option, a missing file, a wrong path —
/// fails the test with the page and line. Other programs (`swift`, `make`, `cp`) are not run,
/// except `mkdir -p` inside the folder.
@Suite struct NotebookTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let pages = ((try? FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("notebooks-md").path)) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted()

    /// A scratch folder with the repository's recipes and configurations and notebooks-md/figures/.
    static func workspace(_ name: String) throws -> URL {
        let dir = temporaryDirectory(name)
        let manager = FileManager.default
        for folder in ["Data", "Solvers"] {
            try manager.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
            for file in try manager.contentsOfDirectory(atPath: repository.appendingPathComponent(folder).path)
            where file.hasSuffix(".yaml") {
                try manager.copyItem(at: repository.appendingPathComponent("\(folder)/\(file)"), to: dir.appendingPathComponent("\(folder)/\(file)"))
            }
        }
        try manager.createDirectory(at: dir.appendingPathComponent("notebooks-md/figures"), withIntermediateDirectories: true)
        return dir
    }

    /// Runs the neurop commands of `markdown` in `dir`; returns how many ran and the failures.
    static func run(markdown: String, page: String, in dir: URL) throws -> (ran: Int, failures: [String]) {
        let shrinker = NotebookShrinker(workspace: dir)
        var ran = 0, failures: [String] = []
        for command in NotebookCommand.all(inMarkdown: markdown, page: page) {
            if command.words.first == "mkdir" {
                for path in command.words.dropFirst() where !path.hasPrefix("-") && !path.hasPrefix("/") {
                    try FileManager.default.createDirectory(at: dir.appendingPathComponent(path), withIntermediateDirectories: true)
                }
                continue
            }
            guard command.isNeurop else { continue }
            let (arguments, renames) = try shrinker.shrink(command)
            let result = try runNeurop(arguments, currentDirectory: dir)
            ran += 1
            guard result.status == 0 else {
                failures.append("\(command)\n  ran as: neurop \(arguments.joined(separator: " "))\n  status \(result.status): \(result.stderr)")
                continue
            }
            // Files a multi-resolution run named after the shrunk grids get their documented names.
            let moved = try renames.map { rename -> (URL, URL) in
                let temporary = dir.appendingPathComponent(rename.from + ".renaming")
                try FileManager.default.moveItem(at: dir.appendingPathComponent(rename.from), to: temporary)
                return (temporary, dir.appendingPathComponent(rename.to))
            }
            for (from, to) in moved {
                try? FileManager.default.removeItem(at: to)
                try FileManager.default.moveItem(at: from, to: to)
            }
        }
        return (ran, failures)
    }

    /// Every page's commands run; each page has some.
    @Test(arguments: pages)
    func everyDocumentedCommandRuns(page: String) throws {
        let markdown = try String(contentsOf: Self.repository.appendingPathComponent("notebooks-md/\(page)"), encoding: .utf8)
        let dir = try Self.workspace(page)
        let (ran, failures) = try Self.run(markdown: markdown, page: page, in: dir)
        #expect(ran > 0, "\(page) has no neurop command in a ```sh block")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func thePagesAreFound() {
        #expect(Self.pages.contains("01-quickstart.md") && Self.pages.contains("reference-solvers.md"), "\(Self.pages)")
    }

    /// A page with a broken command fails: an unknown option, and a file no earlier command made.
    @Test func aBrokenCommandIsReported() throws {
        let dir = try Self.workspace(#function)
        let page = """
            Text, and a command outside a block: `neurop generate darcy --bogus`.
            ```sh
            neurop generate darcy --resolution 64 --samples 600 \\
                --resolutoin 64 -o a.h5   # misspelt
            neurop eval runs/none missing.h5
            swift build   # not neurop: not run
            ```
            """
        let (ran, failures) = try Self.run(markdown: page, page: "broken.md", in: dir)
        #expect(ran == 2 && failures.count == 2, "\(failures)")
        #expect(failures.first?.contains("broken.md:3: neurop generate darcy") == true && failures.first?.contains("resolutoin") == true)
    }

    /// The rewriting keeps commands valid: splitting, grids, samples, recipes, renames.
    @Test func commandsShrinkToTinySizes() throws {
        let commands = NotebookCommand.all(inMarkdown: """
            ```sh
            neurop generate darcy --resolution 64,127 --samples 50 --seed 1 -o Data/t.h5 && neurop train Solvers/x.yaml
            .build/release/neurop generate wos --query grid --resolution 128 \\
                --walks 1024 --samples 1 -o "w s.h5"   # comment
            ```
            """, page: "p.md")
        #expect(commands.map(\.line) == [2, 2, 3] && commands.map(\.isNeurop) == [true, true, true])
        #expect(commands[2].words.last == "w s.h5")
        let shrinker = NotebookShrinker(workspace: try Self.workspace(#function))
        let darcy = try shrinker.shrink(commands[0])
        #expect(darcy.arguments == ["generate", "darcy", "--resolution", "22,43", "--samples", "6", "--seed", "1", "-o", "Data/t.h5"])
        #expect(darcy.renames.map(\.from) == ["Data/t-22.h5", "Data/t-43.h5"] && darcy.renames.map(\.to) == ["Data/t-64.h5", "Data/t-127.h5"])
        #expect(try shrinker.shrink(commands[1]).arguments.suffix(3) == ["training.epochs=1", "data.n_train=4", "data.n_test=2"])
        let wos = try shrinker.shrink(commands[2]).arguments
        #expect(wos.contains("--walks") && wos[wos.firstIndex(of: "--walks")! + 1] == "8" && wos[wos.firstIndex(of: "--resolution")! + 1] == "16")
        let recipe = try shrinker.shrink(NotebookCommand(page: "p", line: 1, words: ["neurop", "generate", "Data/darcy-421.yaml"]))
        #expect(recipe.arguments.contains("resolution=[43,71,106]") && recipe.arguments.contains("solver_resolution=211")
                && recipe.arguments.contains("samples=6"), "\(recipe.arguments)")
        #expect(recipe.renames.map(\.to) == ["Data/darcy-85.h5", "Data/darcy-141.h5", "Data/darcy-211.h5"])
        #expect(NotebookShrinker.shrinkGrids([1024, 8192], nodeGrid: false, keepEven: true) == [16, 128])
        #expect(NotebookShrinker.shrinkGrids([85, 421], nodeGrid: true, keepEven: false) == [22, 106])
        #expect(NotebookShrinker.shrinkGrids([24], nodeGrid: true, keepEven: false) == [24])
    }
}
