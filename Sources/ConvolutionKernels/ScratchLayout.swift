/// Per-task scratch: regions of given float counts in one 64-byte-aligned allocation, each region
/// starting on a 64-byte boundary so that OpenBLAS's aligned paths apply.
///
/// Debug builds fill the scratch with NaN first, so a kernel that reads scratch it did not write
/// (a gap or rim left unzeroed, then multiplied by zero: 0 · NaN = NaN) fails the tests instead of
/// passing on whatever fresh pages happen to hold.
struct ScratchLayout {
    let counts: [Int]

    init(_ counts: [Int]) { self.counts = counts }

    func with(_ body: ([UnsafeMutablePointer<Float>]) -> Void) {
        let rounded = counts.map { ($0 + 15) / 16 * 16 }
        let total = max(1, rounded.reduce(0, +))
        let raw = UnsafeMutableRawPointer.allocate(byteCount: total * 4, alignment: 64)
        defer { raw.deallocate() }
        let base = raw.bindMemory(to: Float.self, capacity: total)
        assert({ base.initialize(repeating: .nan, count: total); return true }())
        var offset = 0
        var regions: [UnsafeMutablePointer<Float>] = []
        for r in rounded {
            regions.append(base + offset)
            offset += r
        }
        body(regions)
    }
}
