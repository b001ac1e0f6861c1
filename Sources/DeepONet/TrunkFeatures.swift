import Foundation
import NeuropCore

/// Fourier feature expansion of trunk inputs: each coordinate y becomes
/// (y, sin 2πy, cos 2πy, …, sin 2πFy, cos 2πFy), so queries `[…, d]` become `[…, d(1 + 2F)]`.
///
/// It gives the trunk oscillating basis functions it would otherwise have to build from ReLUs
/// (DeepXDE's `apply_feature_transform` with periodic features). Queries are data, not trained, so
/// the expansion works on plain tensors and is not differentiated.
public enum TrunkFeatures {
    public static func expand(_ queries: Tensor, frequencies: Int) -> Tensor {
        guard frequencies > 0 else { return queries }
        let d = queries.shape[queries.rank - 1]
        let rows = queries.count / d
        let width = d * (1 + 2 * frequencies)
        var values = [Float](repeating: 0, count: rows * width)
        for r in 0..<rows {
            for a in 0..<d {
                let y = Double(queries[flat: r * d + a])
                let base = r * width + a * (1 + 2 * frequencies)
                values[base] = Float(y)
                for k in 1...frequencies {
                    let angle = 2 * Double.pi * Double(k) * y
                    values[base + 2 * k - 1] = Float(sin(angle))
                    values[base + 2 * k] = Float(cos(angle))
                }
            }
        }
        return Tensor(shape: Array(queries.shape.dropLast()) + [width], values: values)
    }
}
