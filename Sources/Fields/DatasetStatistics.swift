/// Minimum, maximum and mean of a numeric dataset, computed in slabs along the first axis so that
/// a file larger than memory can be summarised (`neurop inspect`).
public struct DatasetStatistics: Equatable, Sendable {
    public var count: Int
    public var minimum: Double
    public var maximum: Double
    public var mean: Double
    /// Elements that are NaN or infinite (left out of min, max and mean).
    public var nonFinite: Int

    /// Summarises `dataset`, reading at most about `slabElements` values at a time.
    /// Returns nil for non-numeric or empty datasets.
    public static func of(_ dataset: HDF5Dataset, slabElements: Int = 1 << 22) throws -> DatasetStatistics? {
        guard try dataset.elementType.isNumeric else { return nil }
        let shape = try dataset.shape
        let total = shape.reduce(1, *)
        if total == 0 { return nil }
        var stats = DatasetStatistics(count: 0, minimum: .infinity, maximum: -.infinity, mean: 0, nonFinite: 0)
        var sum = 0.0
        func accumulate(_ values: [Double]) {
            for v in values {
                if v.isFinite {
                    stats.count += 1
                    sum += v
                    if v < stats.minimum { stats.minimum = v }
                    if v > stats.maximum { stats.maximum = v }
                } else {
                    stats.nonFinite += 1
                }
            }
        }
        if shape.isEmpty {
            accumulate(try dataset.read(Double.self, converting: true))
        } else {
            let row = shape.dropFirst().reduce(1, *)
            let rowsPerSlab = max(1, slabElements / max(row, 1))
            var start = 0
            while start < shape[0] {
                let rows = min(rowsPerSlab, shape[0] - start)
                accumulate(try dataset.read(Double.self, start: [start] + shape.dropFirst().map { _ in 0 },
                                            count: [rows] + shape.dropFirst(), converting: true))
                start += rows
            }
        }
        stats.mean = stats.count > 0 ? sum / Double(stats.count) : .nan
        if stats.count == 0 { stats.minimum = .nan; stats.maximum = .nan }
        return stats
    }
}
