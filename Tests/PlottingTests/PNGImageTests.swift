import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
@testable import Plotting

/// Random bytes from a fixed Philox stream, so a failing round trip is reproducible.
private func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var rng = RandomStream(seed: seed, stream: 0)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: Int(rng.uniform() * 256)) }
}

@Test(arguments: [PNGImage.PixelFormat.rgb, .rgba])
func writeThenReadIsBitExact(format: PNGImage.PixelFormat) throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (width, height) = (37, 23)  // odd sizes: no row padding can hide an off-by-one
    let image = try PNGImage(width: width, height: height, format: format,
                             pixels: randomBytes(width * height * format.channels, seed: 11))
    let path = directory.appendingPathComponent("round-trip.png").path
    try image.write(to: path)
    let read = try PNGImage(contentsOf: path)
    #expect(read == image)
    #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
}

@Test func writeReplacesAnExistingFile() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("figure.png").path
    try PNGImage(width: 4, height: 4, background: .black).write(to: path)
    let white = try PNGImage(width: 5, height: 3, background: .white)
    try white.write(to: path)
    #expect(try PNGImage(contentsOf: path) == white)
}

@Test func pixelSubscriptAddressesColumnAndRowFromTheTop() throws {
    var image = try PNGImage(width: 3, height: 2, format: .rgba, background: .white)
    image[2, 1] = RGBColor(hex: 0x102030)
    #expect(Array(image.pixels[(1 * 3 + 2) * 4 ..< (1 * 3 + 2) * 4 + 4]) == [0x10, 0x20, 0x30, 255])
    #expect(image[2, 1] == RGBColor(hex: 0x102030))
    #expect(image[0, 0] == .white)
}

@Test func writingIntoAMissingDirectoryNamesIt() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("no-such-folder").path
    let image = try PNGImage(width: 2, height: 2)
    #expect(throws: PlottingError.noSuchDirectory(path: missing)) {
        try image.write(to: missing + "/figure.png")
    }
    #expect(PlottingError.noSuchDirectory(path: missing).description.contains("create it"))
}

@Test func writingOverADirectoryFailsAndLeavesNoPartialFile() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let target = directory.appendingPathComponent("taken")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
    let image = try PNGImage(width: 2, height: 2)
    do {
        try image.write(to: target.path)
        Issue.record("writing a PNG over a directory succeeded")
    } catch let error as PlottingError {
        guard case let .writeFailed(path, reason) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(path == target.path)
        #expect(reason.contains("rename"))
        #expect(error.description.hasPrefix("could not write \(target.path)"))
    }
    #expect(!FileManager.default.fileExists(atPath: target.path + ".partial"))
}

@Test func readingSomethingElseThrowsAClearError() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = directory.appendingPathComponent("notes.png").path
    try "not a PNG".write(toFile: text, atomically: true, encoding: .utf8)
    #expect {
        _ = try PNGImage(contentsOf: text)
    } throws: { error in
        guard case let .readFailed(path, reason) = error as? PlottingError else { return false }
        return path == text && reason.hasPrefix("libpng: ")
    }
    let missing = directory.appendingPathComponent("missing.png").path
    #expect(throws: PlottingError.readFailed(path: missing, reason: "no such file")) {
        _ = try PNGImage(contentsOf: missing)
    }
}

@Test func badSizesAndBufferLengthsThrow() {
    #expect(throws: PlottingError.invalidSize(what: "image", width: 0, height: 5, minimum: 1)) {
        _ = try PNGImage(width: 0, height: 5)
    }
    #expect(throws: PlottingError.pixelCountMismatch(width: 2, height: 2, channels: 3, given: 11)) {
        _ = try PNGImage(width: 2, height: 2, format: .rgb, pixels: [UInt8](repeating: 0, count: 11))
    }
}

@Test func sideBySidePlacesImagesLeftToRightTopAligned() throws {
    var red = try PNGImage(width: 3, height: 2)
    for y in 0..<2 { for x in 0..<3 { red[x, y] = RGBColor(red: 255, green: 0, blue: 0) } }
    var blue = try PNGImage(width: 2, height: 4)
    for y in 0..<4 { for x in 0..<2 { blue[x, y] = RGBColor(red: 0, green: 0, blue: 255) } }
    let both = try PNGImage.sideBySide([red, blue], gap: 1)
    #expect(both.width == 6 && both.height == 4)
    #expect(both[2, 1] == RGBColor(red: 255, green: 0, blue: 0) && both[2, 2] == .white)
    #expect(both[3, 0] == .white && both[4, 3] == RGBColor(red: 0, green: 0, blue: 255))
    #expect(throws: PlottingError.self) { try PNGImage.sideBySide([]) }
}
