#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NeuropCore

/// Boundary data as a Fourier series in the polar angle: g(θ) = a₀ + Σ_{k=1}^{K} (a_k cos kθ + b_k sin kθ),
/// read at a point x by θ = atan2(y, x) — WoS-NO's g, with a₀ ~ U(−1, 1) and a_k, b_k ~ U(−1/4, 1/4)
/// for K = 2 (its `b_0 + b_1/4 cos θ + …` with every b ~ U(−1, 1)).
public struct AngularFourierSeries: Sendable, Equatable {
    public let constant: Double
    /// a_k and b_k for k = 1…K.
    public let cosine: [Double]
    public let sine: [Double]

    public init(constant: Double, cosine: [Double], sine: [Double]) throws {
        guard cosine.count == sine.count else {
            throw WalkOnSpheresError.invalidProblem(reason: "a Fourier series needs as many sine as cosine coefficients, got \(sine.count) and \(cosine.count)")
        }
        guard constant.isFinite, cosine.allSatisfy(\.isFinite), sine.allSatisfy(\.isFinite) else {
            throw WalkOnSpheresError.invalidProblem(reason: "Fourier coefficients must be finite")
        }
        self.constant = constant
        self.cosine = cosine
        self.sine = sine
    }

    /// a₀ ~ U(−1, 1), a_k, b_k ~ U(−1/4, 1/4) for k ≤ `modes`, rounded to Float32 (stored exactly).
    public static func random(modes: Int, using rng: inout RandomStream) -> AngularFourierSeries {
        func draw(_ half: Double) -> Double { Double(Float(half * (2 * rng.uniform() - 1))) }
        let constant = draw(1)
        var cosine: [Double] = [], sine: [Double] = []
        for _ in 0..<modes {
            cosine.append(draw(0.25))
            sine.append(draw(0.25))
        }
        return try! AngularFourierSeries(constant: constant, cosine: cosine, sine: sine)
    }

    /// g(θ).
    public func value(angle theta: Double) -> Double {
        var sum = constant
        for k in 0..<cosine.count {
            let kt = Double(k + 1) * theta
            sum += cosine[k] * cos(kt) + sine[k] * sin(kt)
        }
        return sum
    }

    /// g at the polar angle of x (θ = 0 at the origin).
    public func value(at x: Vector2) -> Double { value(angle: atan2(x.y, x.x)) }
}
