import ArgumentParser

/// The grids of `generate darcy` and `generate poisson`: the equation is solved on one grid of
/// s_f × s_f nodes on [0,1]² (boundary included) and each stored grid takes every k-th node of it,
/// k = (s_f − 1)/(s − 1), so that `--resolution 85,141,421` writes the same samples at three
/// resolutions (one file each), as in the FNO data.
struct NodeGridOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Nodes per axis s of the stored grid, boundary included (≥ 16): one (85) or several (85,141,421), each written to FILE-<s>.h5.")
    var resolution: ResolutionList
    @Option(help: "Nodes per axis of the grid the input is sampled and the equation solved on; every stored s must satisfy (solver − 1) = k·(s − 1). Default: the largest --resolution (the FNO sets: 421).")
    var solverResolution: Int?
    @Option(help: "Relative residual the solver reaches.") var tolerance: Double = 1e-8

    /// Nodes per axis of the solver grid.
    var fine: Int { solverResolution ?? resolution.finest }
    /// Nodes per axis of each stored grid.
    var stored: [Int] { resolution.values }

    func validate() throws {
        for s in stored + [fine] where s < 16 {
            throw ValidationError("every resolution must be at least 16 nodes per axis, got \(s).")
        }
        for s in stored where (fine - 1) % (s - 1) != 0 {
            throw ValidationError("--resolution \(s) is not a subsampling of the \(fine)-node solver grid: (\(fine) − 1)/(\(s) − 1) must be a whole number (for 421: 85, 106, 141, 211, 421).")
        }
        guard tolerance > 0, tolerance < 1 else { throw ValidationError("--tolerance must be in (0, 1), got \(tolerance).") }
    }

    /// The node coordinates 0, 1/(s−1), …, 1 of a stored grid of s nodes per axis.
    func nodes(_ s: Int) -> [Double] { (0..<s).map { Double($0) / Double(s - 1) } }

    /// Every k-th node of a solver-grid field: the s×s stored grid on the same square.
    func subsample(_ field: [Double], to s: Int, into out: UnsafeMutablePointer<Double>) {
        let k = (fine - 1) / (s - 1)
        for i in 0..<s { for j in 0..<s { out[i * s + j] = field[(i * k) * fine + j * k] } }
    }
}
