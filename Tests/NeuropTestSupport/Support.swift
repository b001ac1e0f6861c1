import Foundation
import NeuropCore

/// Largest |a − b| / max(|b|, floor) over two equal-length sequences.
public func maxRelativeError<A: Collection, B: Collection>(_ a: A, _ b: B, floor: Double = 1e-12) -> Double
where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
    var worst = 0.0
    for (x, y) in zip(a, b) {
        let d = abs(Double(x) - Double(y)) / max(abs(Double(y)), floor)
        worst = max(worst, d)
    }
    return worst
}

/// ‖a − b‖₂ / ‖b‖₂.
public func relativeL2<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double
where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    precondition(a.count == b.count, "lengths differ: \(a.count) vs \(b.count)")
    var num = 0.0, den = 0.0
    for (x, y) in zip(a, b) {
        num += (Double(x) - Double(y)) * (Double(x) - Double(y))
        den += Double(y) * Double(y)
    }
    return (num / max(den, 1e-300)).squareRoot()
}

/// A tensor of standard-normal values from a fixed stream, for tests.
public func randomTensor(_ shape: [Int], seed: UInt64 = 1, stream: UInt64 = 0) -> Tensor {
    var rng = RandomStream(seed: seed, stream: stream)
    return Tensor(shape: shape) { _ in Float(rng.normal()) }
}

/// A fresh empty directory under the system temporary directory.
public func temporaryDirectory(_ name: String = #function) -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("neurop-tests-\(safe)-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The result of running a program.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs `executable` with `arguments` and returns its exit status and output.
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                       currentDirectory: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting so a chatty child cannot block on a full pipe.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// The folder holding the built products of this test run (where the `neurop` binary is).
public var buildProductsDirectory: URL {
    var url = Bundle.main.bundleURL
    if url.pathExtension == "xctest" { url.deleteLastPathComponent() }
    // On Linux the test runner is the .xctest binary itself.
    let exe = URL(fileURLWithPath: CommandLine.arguments[0])
    if exe.pathExtension == "xctest" { return exe.deletingLastPathComponent() }
    return url
}

/// Runs the built `neurop` executable.
public func runNeurop(_ arguments: [String], environment: [String: String]? = nil,
                      currentDirectory: URL? = nil) throws -> ProcessResult {
    try runProcess(buildProductsDirectory.appendingPathComponent("neurop").path, arguments,
                   environment: environment, currentDirectory: currentDirectory)
}
