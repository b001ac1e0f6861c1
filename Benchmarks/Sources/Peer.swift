import Foundation

/// Runs a Python peer script from `Benchmarks/peers/` with the interpreter of the benchmark
/// virtualenv and returns its `peer NAME VALUE` lines, or nil (after saying why) when the peer
/// cannot run here — the benchmark then reports neurop's figures alone.
func runPeer(_ script: String, _ arguments: [String]) -> [String: Double]? {
    let python = ProcessInfo.processInfo.environment["NEUROP_PEER_PYTHON"] ?? "Benchmarks/.venv/bin/python"
    guard FileManager.default.isExecutableFile(atPath: python) else {
        print("  peer skipped: no Python peer environment at \(python) (`make bench` creates it)")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["Benchmarks/peers/\(script)"] + arguments
    let out = Pipe()
    process.standardOutput = out
    do { try process.run() } catch {
        print("  peer skipped: could not start \(python): \(error)")
        return nil
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        print("  peer skipped: \(script) exited with status \(process.terminationStatus) (is torch installed?)")
        return nil
    }
    var values: [String: Double] = [:]
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let f = line.split(separator: " ")
        if f.count == 3, f[0] == "peer", let v = Double(f[2]) { values[String(f[1])] = v }
    }
    return values
}

/// Median milliseconds of `body` over `rounds` runs after `warmup` runs.
func medianMilliseconds(rounds: Int, warmup: Int = 3, _ body: () -> Void) -> Double {
    for _ in 0..<warmup { body() }
    var times: [Double] = []
    for _ in 0..<rounds { times.append(seconds(body) * 1e3) }
    return times.sorted()[rounds / 2]
}
