/// Chooses chunk shapes for datasets whose first axis indexes samples.
///
/// A chunk holds whole samples when one sample fits in `maxBytes` (1 MiB, HDF5's default chunk
/// cache per dataset, so the chunk being appended to stays cached): as many samples as reach
/// `targetBytes` (64 KiB), at most `maxSamples` (64) and never more than the dataset holds. So
/// a Darcy sample of 85×85 float32 (28 KiB) gets chunks of 3 samples, a 128×128 one chunks of 1,
/// and reading one sample decompresses at most 64 KiB more than it needs. When one sample is larger
/// than `maxBytes`, the chunk is one sample with its leading axes cut (outermost first) until it
/// fits, so reading a sample touches only its own chunks.
public enum ChunkShape {
    public static let maxBytes = 1 << 20
    public static let targetBytes = 1 << 16
    public static let maxSamples = 64

    /// Chunk shape `[k, c1, c2, …]` for samples of `sampleShape` with elements of `elementSize`
    /// bytes; `sampleCount` caps k for datasets of fixed length (nil when the first axis grows).
    public static func forSamples(sampleShape: [Int], elementSize: Int, sampleCount: Int?) -> [Int] {
        let sample = sampleShape.map { max($0, 1) }
        let sampleBytes = sample.reduce(max(elementSize, 1), *)
        if sampleBytes <= maxBytes {
            var perChunk = min(maxSamples, (targetBytes + sampleBytes - 1) / sampleBytes)
            if let sampleCount { perChunk = min(perChunk, sampleCount) }
            return [max(perChunk, 1)] + sample
        }
        var chunk = [1] + sample
        var bytes = sampleBytes
        for axis in 1..<chunk.count where bytes > maxBytes {
            let withoutAxis = bytes / chunk[axis]
            chunk[axis] = min(chunk[axis], max(1, maxBytes / withoutAxis))
            bytes = withoutAxis * chunk[axis]
        }
        return chunk
    }
}
