import NeuropCore

/// A harmonic polynomial of the plane, h(x, y) = Re Σ_{k=0}^{K} (p_k + i q_k)(x + iy)^k: the real part
/// of a complex polynomial, so Δh = 0 exactly. Used for manufactured solutions with a known u.
public struct HarmonicPolynomial: Sendable, Equatable {
    /// p_k and q_k, k = 0…K (q₀ has no effect).
    public let real: [Double]
    public let imaginary: [Double]

    public init(real: [Double], imaginary: [Double]) throws {
        guard real.count == imaginary.count, !real.isEmpty else {
            throw WalkOnSpheresError.invalidProblem(reason: "a harmonic polynomial needs equally many (≥ 1) real and imaginary coefficients, got \(real.count) and \(imaginary.count)")
        }
        guard real.allSatisfy(\.isFinite), imaginary.allSatisfy(\.isFinite) else {
            throw WalkOnSpheresError.invalidProblem(reason: "harmonic polynomial coefficients must be finite")
        }
        self.real = real
        self.imaginary = imaginary
    }

    /// Degree K with p_k, q_k ~ U(−1, 1) (q₀ = 0), rounded to Float32 (stored exactly).
    public static func random(degree: Int, using rng: inout RandomStream) -> HarmonicPolynomial {
        var real: [Double] = [], imaginary: [Double] = []
        for k in 0...degree {
            real.append(Double(Float(2 * rng.uniform() - 1)))
            imaginary.append(k == 0 ? 0 : Double(Float(2 * rng.uniform() - 1)))
        }
        return try! HarmonicPolynomial(real: real, imaginary: imaginary)
    }

    /// h(x), with z^k built by repeated complex multiplication.
    public func value(at x: Vector2) -> Double {
        var (zr, zi) = (1.0, 0.0), sum = 0.0
        for k in 0..<real.count {
            sum += real[k] * zr - imaginary[k] * zi
            (zr, zi) = (zr * x.x - zi * x.y, zr * x.y + zi * x.x)
        }
        return sum
    }
}
