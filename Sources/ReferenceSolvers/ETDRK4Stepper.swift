import Foundation

/// Errors of the reference solvers, each naming the fix.
public enum SpectralSolverError: Error, CustomStringConvertible, Equatable {
    case invalidStep(dt: Double)
    case notAMultipleOfStep(time: Double, dt: Double)
    case wrongFieldSize(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .invalidStep(dt): return "time step \(dt) must be positive and finite"
        case let .notAMultipleOfStep(t, dt):
            return "time \(t) is not a whole number of steps dt = \(dt); choose dt dividing every recording time"
        case let .wrongFieldSize(expected, got):
            return "expected batch × points = \(expected) values, got \(got); pass the fields row-major, concatenated"
        }
    }
}

/// The step-size-dependent coefficients of ETDRK4 for one diagonal symbol, per mode.
///
/// With `z = hL̂(k)`: `E = e^z`, `E₂ = e^{z/2}`, `Q = h(e^{z/2} − 1)/z`,
/// `f₁ = h(−4 − z + e^z(4 − 3z + z²))/z³`, `f₂ = h(2 + z + e^z(z − 2))/z³`,
/// `f₃ = h(−4 − 3z − z² + e^z(4 − z))/z³` (Cox & Matthews 2002, eq. 26). The divided differences
/// cancel catastrophically for small |z|, so each is evaluated as the mean over M = 32 points of a
/// circle of radius 1 around z (Kassam & Trefethen 2005, §3 and their `kdv.m`): by Cauchy's formula
/// the mean equals the value at the centre, and no point on the circle is near the removable
/// singularity at 0. For real z the points' upper half suffices and the real part is the answer.
public struct ETDRK4Coefficients: Sendable {
    public let dt: Double
    let e, e2, q, f1, f2, f3: [Double]

    public init(symbol: [Double], dt: Double, contourPoints: Int = 32) {
        self.dt = dt
        let M = contourPoints
        let roots = (1...M).map { j -> (Double, Double) in
            let a = Double.pi * (Double(j) - 0.5) / Double(M)
            return (cos(a), sin(a))
        }
        var e = [Double](), e2 = [Double](), q = [Double](), f1 = [Double](), f2 = [Double](), f3 = [Double]()
        for l in symbol {
            let z = dt * l
            e.append(exp(z))
            e2.append(exp(z / 2))
            var sq = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            for (rc, rs) in roots {
                let w = Cx(z + rc, rs)
                let ew = w.exp, ew2 = (w * 0.5).exp
                let w2 = w * w, w3 = w2 * w
                sq += ((ew2 - 1) / w).re
                s1 += ((-4 - w + ew * (4 - 3 * w + w2)) / w3).re
                s2 += ((2 + w + ew * (w - 2)) / w3).re
                s3 += ((-4 - 3 * w - w2 + ew * (4 - w)) / w3).re
            }
            let scale = dt / Double(M)
            q.append(scale * sq); f1.append(scale * s1); f2.append(scale * s2); f3.append(scale * s3)
        }
        (self.e, self.e2, self.q, self.f1, self.f2, self.f3) = (e, e2, q, f1, f2, f3)
    }
}

/// Cox–Matthews fourth-order exponential time differencing Runge–Kutta (ETDRK4) for
/// `û_t = L̂ û + N̂(û)` with a diagonal linear symbol, on a batch of fields of one `SpectralPDE`.
///
/// One step of size h (Cox & Matthews 2002, eq. 26–29; Kassam & Trefethen 2005, eq. 2.5):
/// ```
/// a = E₂û + Q N(û),   b = E₂û + Q N(a),   c = E₂a + Q (2N(b) − N(û)),
/// û ← E û + f₁ N(û) + 2 f₂ (N(a) + N(b)) + f₃ N(c)
/// ```
/// The linear part is integrated exactly (a PDE with N = 0 is solved to rounding for any h), so the
/// step size is limited by the nonlinear term only; the error is O(h⁴).
///
/// The stepper holds the PDE as a value and owns a `NonlinearWorkspace` (FFTs, scratch), so a
/// stepper must not be shared between threads; make one per thread instead.
public struct ETDRK4Stepper<PDE: SpectralPDE> {
    public let pde: PDE
    public let batch: Int
    public let workspace: NonlinearWorkspace
    /// L̂(k) per mode.
    public let symbol: [Double]
    private let stages: Stages

    public init(pde: PDE, batch: Int = 1) {
        self.pde = pde
        self.batch = batch
        workspace = NonlinearWorkspace(grid: pde.grid, batch: batch, scratchFields: pde.scratchFieldCount)
        let grid = pde.grid
        symbol = (0..<grid.modeCount).map { m in pde.linearSymbol(grid.wavenumbers.map { $0[m] }) }
        stages = Stages(count: 2 * batch * grid.modeCount)
    }

    /// Coefficients for step size `dt`; compute once per dt and reuse.
    public func coefficients(dt: Double) -> ETDRK4Coefficients {
        ETDRK4Coefficients(symbol: symbol, dt: dt)
    }

    /// Advances the normalised coefficients `uHat` (`batch × modeCount` complex) by one step.
    public func step(_ uHat: UnsafeMutablePointer<Double>, _ c: ETDRK4Coefficients) {
        let modes = pde.grid.modeCount
        let s = stages
        let nu = s.nu, na = s.na, nb = s.nb, nc = s.nc, a = s.a, b = s.b
        pde.nonlinear(uHat, into: nu, workspace: workspace)
        Self.forEach(batch, modes) { i, m in a[i] = c.e2[m] * uHat[i] + c.q[m] * nu[i] }
        pde.nonlinear(a, into: na, workspace: workspace)
        Self.forEach(batch, modes) { i, m in b[i] = c.e2[m] * uHat[i] + c.q[m] * na[i] }
        pde.nonlinear(b, into: nb, workspace: workspace)
        // c-stage overwrites `a`'s storage only after its last use.
        Self.forEach(batch, modes) { i, m in a[i] = c.e2[m] * a[i] + c.q[m] * (2 * nb[i] - nu[i]) }
        pde.nonlinear(a, into: nc, workspace: workspace)
        Self.forEach(batch, modes) { i, m in
            uHat[i] = c.e[m] * uHat[i] + c.f1[m] * nu[i] + 2 * c.f2[m] * (na[i] + nb[i]) + c.f3[m] * nc[i]
        }
    }

    /// Runs `body(i, m)` over every real slot `i` of the batch's interleaved spectra, `m` its mode.
    @inline(__always)
    private static func forEach(_ batch: Int, _ modes: Int, _ body: (Int, Int) -> Void) {
        var i = 0
        for _ in 0..<batch {
            for m in 0..<modes {
                body(i, m)
                body(i + 1, m)
                i += 2
            }
        }
    }

    /// Evolves `batch` real fields (row-major, concatenated) from t = 0 with step `dt` and returns
    /// the fields at each of `times` (ascending, each a whole number of steps; 0 allowed).
    public func evolve(_ u0: [Double], dt: Double, recordingAt times: [Double]) throws -> [[Double]] {
        guard dt > 0, dt.isFinite else { throw SpectralSolverError.invalidStep(dt: dt) }
        let n = batch * pde.grid.pointCount
        guard u0.count == n else { throw SpectralSolverError.wrongFieldSize(expected: n, got: u0.count) }
        var stepsAt: [Int] = []
        for t in times {
            let k = (t / dt).rounded()
            guard t >= 0, abs(k * dt - t) <= 1e-9 * max(t, dt) else {
                throw SpectralSolverError.notAMultipleOfStep(time: t, dt: dt)
            }
            stepsAt.append(Int(k))
        }
        precondition(stepsAt == stepsAt.sorted(), "recording times must be ascending")
        let c = coefficients(dt: dt)
        let uHat = UnsafeMutablePointer<Double>.allocate(capacity: 2 * batch * pde.grid.modeCount)
        defer { uHat.deallocate() }
        u0.withUnsafeBufferPointer { workspace.transform($0.baseAddress!, into: uHat) }
        var out: [[Double]] = []
        var done = 0
        for target in stepsAt {
            while done < target {
                step(uHat, c)
                done += 1
            }
            var u = [Double](repeating: 0, count: n)
            u.withUnsafeMutableBufferPointer { workspace.inverseTransform(uHat, into: $0.baseAddress!) }
            out.append(u)
        }
        return out
    }

    /// Evolves to time `T` and returns the final fields.
    public func evolve(_ u0: [Double], to T: Double, dt: Double) throws -> [Double] {
        try evolve(u0, dt: dt, recordingAt: [T])[0]
    }
}

/// Stage buffers of one stepper (a class so the stepper stays a value that can be copied cheaply).
private final class Stages {
    let nu, na, nb, nc, a, b: UnsafeMutablePointer<Double>
    init(count: Int) {
        func make() -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: count)
            p.initialize(repeating: 0, count: count)
            return p
        }
        (nu, na, nb, nc, a, b) = (make(), make(), make(), make(), make(), make())
    }
    deinit { [nu, na, nb, nc, a, b].forEach { $0.deallocate() } }
}

/// Minimal complex arithmetic for the contour integrals.
struct Cx {
    var re, im: Double
    init(_ re: Double, _ im: Double) { self.re = re; self.im = im }
    var exp: Cx { let r = Foundation.exp(re); return Cx(r * cos(im), r * sin(im)) }
    static func + (a: Cx, b: Cx) -> Cx { Cx(a.re + b.re, a.im + b.im) }
    static func - (a: Cx, b: Cx) -> Cx { Cx(a.re - b.re, a.im - b.im) }
    static func * (a: Cx, b: Cx) -> Cx { Cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func / (a: Cx, b: Cx) -> Cx {
        let d = b.re * b.re + b.im * b.im
        return Cx((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
    }
    static func + (a: Double, b: Cx) -> Cx { Cx(a + b.re, b.im) }
    static func + (a: Cx, b: Double) -> Cx { Cx(a.re + b, a.im) }
    static func - (a: Double, b: Cx) -> Cx { Cx(a - b.re, -b.im) }
    static func - (a: Cx, b: Double) -> Cx { Cx(a.re - b, a.im) }
    static func * (a: Double, b: Cx) -> Cx { Cx(a * b.re, a * b.im) }
    static func * (a: Cx, b: Double) -> Cx { Cx(a.re * b, a.im * b) }
    static prefix func - (a: Cx) -> Cx { Cx(-a.re, -a.im) }
}
