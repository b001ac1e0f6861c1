import Fields
import NeuropCore

/// Targets at scattered points instead of on the grid: per sample P points in the plane, the
/// estimate of the solution there and its standard error — a Walk-on-Spheres point cloud
/// (`neurop generate wos`: datasets `points` `[N, P, 2]`, `values`, `std_error` and `inside` `[N, P]`).
///
/// `inside` is 1 for points whose value is a target and 0 for points that are none (grid queries
/// outside the domain store 0 there); every loss and metric skips the latter. A file without
/// `inside` holds targets at every point.
public struct PointTargets: Equatable, Sendable {
    /// `[N, P, 2]`: (x, y) in the coordinates of the grid axes.
    public var points: Tensor
    /// `[N, P]`.
    public var values: Tensor
    /// `[N, P]`: the standard error of each value (0 for exact values).
    public var standardError: Tensor
    /// `[N, P]`: 1 where the value is a target, 0 elsewhere.
    public var inside: Tensor

    public init(points: Tensor, values: Tensor, standardError: Tensor, inside: Tensor) {
        precondition(points.rank == 3 && points.shape[2] == 2, "points must be [N, P, 2], got \(points.shape)")
        let shape = Array(points.shape.prefix(2))
        precondition(values.shape == shape && standardError.shape == shape && inside.shape == shape,
                     "values \(values.shape), std_error \(standardError.shape) and inside \(inside.shape) must be \(shape)")
        self.points = points
        self.values = values
        self.standardError = standardError
        self.inside = inside
    }

    public var count: Int { points.shape[0] }
    /// Points per sample.
    public var pointCount: Int { points.shape[1] }

    /// Whether the file holds a point cloud of targets (`points` and `values`).
    static func present(in reader: FieldFileReader) -> Bool {
        reader.datasetNames.contains(FieldFileFormat.points) && reader.datasetNames.contains(FieldFileFormat.values)
    }

    /// Samples `range` of the point cloud in `reader` (of the file at `path`).
    static func load(_ reader: FieldFileReader, samples range: Range<Int>, path: String) throws -> PointTargets {
        let points = try reader.samples(FieldFileFormat.points, range, convertingFloat64: true)
        guard points.rank == 3, points.shape[2] == 2 else {
            throw ConfigurationError.inconsistent(detail: "the points of \(path) have shape \(points.shape), not [N, P, 2]",
                                                  fix: "training on point targets works in the plane (a 2D grid of inputs)")
        }
        let values = try reader.samples(FieldFileFormat.values, range, convertingFloat64: true)
        let hasError = reader.datasetNames.contains(FieldFileFormat.standardError)
        let standardError = hasError ? try reader.samples(FieldFileFormat.standardError, range, convertingFloat64: true)
                                     : Tensor(shape: values.shape)
        let inside = reader.datasetNames.contains(insideDataset) ? try reader.samples(insideDataset, range, convertingFloat64: true)
                                                                 : Tensor(shape: values.shape, repeating: 1)
        guard values.shape == Array(points.shape.prefix(2)), standardError.shape == values.shape, inside.shape == values.shape else {
            throw ConfigurationError.inconsistent(
                detail: "\(path) holds points \(points.shape), values \(values.shape), std_error \(standardError.shape) and inside \(inside.shape)",
                fix: "values, std_error and inside must be [N, P] for points [N, P, 2]")
        }
        return PointTargets(points: points, values: values, standardError: standardError, inside: inside)
    }

    /// The dataset marking which points are targets.
    public static let insideDataset = "inside"

    /// The samples at `indices`, in that order.
    public func gathering(samples indices: some Collection<Int>) -> PointTargets {
        PointTargets(points: points.gathering(samples: indices), values: values.gathering(samples: indices),
                     standardError: standardError.gathering(samples: indices), inside: inside.gathering(samples: indices))
    }

    /// s̄², the mean squared standard error over the target points (0 when there are none).
    public var meanSquaredStandardError: Double {
        var sum = 0.0, n = 0.0
        standardError.withUnsafeBufferPointer { s in
            inside.withUnsafeBufferPointer { m in
                for k in 0..<s.count where m[k] != 0 {
                    sum += Double(s[k]) * Double(s[k])
                    n += 1
                }
            }
        }
        return n > 0 ? sum / n : 0
    }

    /// Mean and sample standard deviation (divisor n − 1) of the target values.
    public var valueStatistics: (mean: Double, deviation: Double) {
        var sum = 0.0, squares = 0.0, n = 0.0
        values.withUnsafeBufferPointer { v in
            inside.withUnsafeBufferPointer { m in
                for k in 0..<v.count where m[k] != 0 {
                    sum += Double(v[k])
                    n += 1
                }
                let mean = n > 0 ? sum / n : 0
                for k in 0..<v.count where m[k] != 0 { squares += (Double(v[k]) - mean) * (Double(v[k]) - mean) }
            }
        }
        return (n > 0 ? sum / n : 0, n > 1 ? (squares / (n - 1)).squareRoot() : 0)
    }
}
