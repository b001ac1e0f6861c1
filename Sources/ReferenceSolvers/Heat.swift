import Foundation

/// The heat equation `u_t = κΔu` on the periodic unit interval or square, solved exactly in Fourier
/// space: `û_k(t) = e^{−κ(2π|k|)²t} û_k(0)` on the grid `x_j = j/n` (no time-stepping error; only
/// the grid's band limit). Also a `SpectralPDE` with N = 0, for which ETDRK4 is exact as well.
public struct Heat: SpectralPDE {
    public let grid: SpectralGrid
    public let diffusivity: Double

    /// - Parameter dims: `[n]` or `[nx, ny]`.
    public init(dims: [Int], diffusivity: Double) {
        grid = SpectralGrid(dims: dims)
        self.diffusivity = diffusivity
    }

    public var scratchFieldCount: Int { 0 }

    public func linearSymbol(_ k: [Int]) -> Double {
        let k2 = k.reduce(0.0) { $0 + Double($1 * $1) }
        return -diffusivity * 4 * Double.pi * Double.pi * k2
    }

    public func nonlinear(_ uHat: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>,
                          workspace: NonlinearWorkspace) {
        output.update(repeating: 0, count: 2 * workspace.batch * grid.modeCount)
    }

    /// The exact solution at time `t` from the `batch` fields `u0` (row-major, concatenated).
    public func solution(_ u0: [Double], at t: Double, batch: Int = 1) -> [Double] {
        precondition(u0.count == batch * grid.pointCount,
                     "expected \(batch) × \(grid.pointCount) values, got \(u0.count)")
        let ws = NonlinearWorkspace(grid: grid, batch: batch, scratchFields: 0)
        let modes = grid.modeCount
        var hat = [Double](repeating: 0, count: 2 * batch * modes)
        var out = [Double](repeating: 0, count: u0.count)
        let decay = (0..<modes).map { m in exp(t * linearSymbol(grid.wavenumbers.map { $0[m] })) }
        hat.withUnsafeMutableBufferPointer { h in
            u0.withUnsafeBufferPointer { ws.transform($0.baseAddress!, into: h.baseAddress!) }
            for b in 0..<batch {
                for m in 0..<modes {
                    h[2 * (b * modes + m)] *= decay[m]
                    h[2 * (b * modes + m) + 1] *= decay[m]
                }
            }
            out.withUnsafeMutableBufferPointer { ws.inverseTransform(h.baseAddress!, into: $0.baseAddress!) }
        }
        return out
    }
}
