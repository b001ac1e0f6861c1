/// The PDEBench file layouts `FieldFileReader` recognises, and how each is presented.
///
/// PDEBench files have no `format` attribute; their data is in `tensor` and, for Darcy, `nu`, with
/// coordinates in `x-coordinate`, `y-coordinate` and `t-coordinate`.
public enum PDEBenchLayout: Equatable {
    /// `2D_DarcyFlow_beta*.hdf5`: `nu` `[N, X, Y]` (the coefficient) and `tensor` `[N, 1, X, Y]`
    /// (the solution). Presented as `inputs` = `nu` with a channel axis inserted, `[N, 1, X, Y]`
    /// (channel `nu`), and `outputs` = `tensor` unchanged, `[N, 1, X, Y]` (channel `u`); both with
    /// axes `sample,channel,x,y`. Coordinates `x` = `x-coordinate`, `y` = `y-coordinate`.
    case darcy2D
    /// 1D time-dependent files (`1D_Burgers_Sols_Nu*.hdf5`, and the advection and
    /// reaction–diffusion files of the same layout): `tensor` `[N, T, X]`. Presented as
    /// `outputs` = `tensor` with a channel axis inserted after time, `[N, T, 1, X]` (axes
    /// `sample,t,channel,x`), and `inputs` = the t = 0 slice `tensor[:, 0, :]` as `[N, 1, X]` (axes
    /// `sample,channel,x`); channel `u`. Coordinates `x` = `x-coordinate`; `t` = the first T values
    /// of `t-coordinate` (PDEBench stores T + 1 values there, the snapshot times plus one more).
    case timeDependent1D
}
