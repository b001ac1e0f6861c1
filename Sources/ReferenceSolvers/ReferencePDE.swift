/// The PDEs whose stored input functions a reference solver can solve again (`neurop solve`,
/// `neurop compare`): each maps one input field of a file to its solution on the same grid.
public enum ReferencePDE: String, CaseIterable, Sendable {
    /// `−∇·(a∇u) = f`, u = 0 on ∂[0,1]²; input the coefficient a on the s×s node grid.
    case darcy
    /// `−Δu = f`, u = 0 on ∂[0,1]²; input the source f on the s×s node grid.
    case poisson
    /// `u_t = κΔu` on the periodic unit interval or square; input u0.
    case heat
    /// `u_t + (u²/2)_x = ν u_xx` on the periodic unit interval; input u0, output u(T).
    case burgers
    /// 2D vorticity form on the unit torus with the FNO forcing; input w0, output w at recorded times.
    case navierStokes = "navier-stokes"

    /// The PDE a field file's `pde` attribute names, or nil when no reference solver handles it.
    public init?(fileAttribute name: String) {
        self.init(rawValue: name)
    }

    /// Names of every PDE with a reference solver, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
