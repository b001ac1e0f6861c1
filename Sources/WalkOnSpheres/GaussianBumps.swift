#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NeuropCore

/// A sum of Gaussian bumps b(x) = Σ_j β_j exp(−|x − μ_j|² / w_j²): WoS-NO's source terms.
///
/// WoS-NO draws two bumps with β_j, μ_j ~ N(0, 1) and width w = 1 (`random(count: 2, widths: 1...1)`).
/// The Laplacian, for manufactured solutions, is Δb = Σ_j β_j exp(−|x − μ_j|²/w_j²) (4|x − μ_j|²/w_j⁴ − 2d/w_j²).
public struct GaussianBumps<Vector: EuclideanVector>: Sendable {
    public struct Bump: Sendable, Equatable {
        public var amplitude: Double
        public var centre: Vector
        public var width: Double

        public init(amplitude: Double, centre: Vector, width: Double) {
            self.amplitude = amplitude
            self.centre = centre
            self.width = width
        }
    }

    public let bumps: [Bump]

    /// Throws `invalidProblem` for a non-positive or non-finite width or non-finite amplitude or centre.
    public init(_ bumps: [Bump]) throws {
        for (j, b) in bumps.enumerated() {
            guard b.width > 0, b.width.isFinite, b.amplitude.isFinite,
                  (0..<Vector.dimension).allSatisfy({ b.centre[$0].isFinite }) else {
                throw WalkOnSpheresError.invalidProblem(reason: "bump \(j) needs a positive finite width and finite amplitude and centre, got width \(b.width), amplitude \(b.amplitude)")
            }
        }
        self.bumps = bumps
    }

    /// `count` bumps with amplitudes and centre coordinates ~ N(0, 1) and widths ~ U(widths), each
    /// rounded to Float32 so that a float32 file stores exactly the bumps used.
    public static func random(count: Int, widths: ClosedRange<Double>, using rng: inout RandomStream) -> GaussianBumps {
        let bumps = (0..<count).map { _ -> Bump in
            let amplitude = Double(Float(rng.normal()))
            var centre = Vector.zero
            for axis in 0..<Vector.dimension { centre[axis] = Double(Float(rng.normal())) }
            let width = Double(Float(widths.lowerBound + (widths.upperBound - widths.lowerBound) * rng.uniform()))
            return Bump(amplitude: amplitude, centre: centre, width: width)
        }
        return try! GaussianBumps(bumps)
    }

    /// b(x).
    public func value(at x: Vector) -> Double {
        var sum = 0.0
        for b in bumps { sum += b.amplitude * exp(-(x - b.centre).lengthSquared / (b.width * b.width)) }
        return sum
    }

    /// Δb(x).
    public func laplacian(at x: Vector) -> Double {
        var sum = 0.0
        let d = Double(Vector.dimension)
        for b in bumps {
            let w2 = b.width * b.width, r2 = (x - b.centre).lengthSquared
            sum += b.amplitude * exp(-r2 / w2) * (4 * r2 / (w2 * w2) - 2 * d / w2)
        }
        return sum
    }
}
