import Foundation
import Testing
import NeuropCore
@testable import Fields

/// A fresh, empty temporary folder for one test; removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("neurop-fields-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Names of the files in the folder, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Path of a committed fixture under `Tests/FieldsTests/Fixtures`.
func fixturePath(_ name: String) throws -> String {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let path = folder.appendingPathComponent(name).path
    try #require(FileManager.default.fileExists(atPath: path), "missing fixture \(name); run make_fixtures.py")
    return path
}

/// Runs `/usr/bin/h5dump` with `arguments` and returns its standard output; records an issue when
/// it exits with a non-zero status.
func h5dump(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/h5dump")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = Pipe()
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "h5dump \(arguments.joined(separator: " ")) failed")
    return String(decoding: data, as: UTF8.self)
}

/// Collapses runs of whitespace to one space, so h5dump's layout does not matter to assertions.
func squeezed(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

extension Tensor {
    /// The elements in row-major order.
    var values: [Float] { withUnsafeBufferPointer { Array($0) } }
}

/// Metadata used by the writer tests.
let sampleMetadata = FieldFileMetadata(
    pde: "darcy", generator: "neurop-tests 0.1", seed: 20_250_101,
    recipe: "pde: darcy\nresolution: 3\n", created: "2025-01-31T12:00:00Z")
