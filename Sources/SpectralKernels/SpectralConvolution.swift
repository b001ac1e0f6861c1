import Foundation
import NeuropCore

// Dimension letters: B batch, I input channels (Cin), O output channels (Cout), K kept modes,
// N = Π n_a grid points of one plane, d spatial axes.

/// The Fourier layer's spectral convolution `y = IRFFT(R · RFFT(x)|kept)` in 1D, 2D and 3D
/// (Li et al. 2021, "Fourier Neural Operator for Parametric PDEs", eq. 4–5), autograd-agnostic.
///
/// **Maths.** For an input `x[b, i, j]` on a periodic grid `j ∈ Π_a 0..<n_a` (channel-first,
/// `[B, I, n₁(, n₂(, n₃))]`):
///
///     X[b, i, k] = Σ_j x[b, i, j] e^{−2πi Σ_a j_a k_a / n_a}              (unnormalised rfft)
///     Y[b, o, k] = Σ_i X[b, i, k] R[k, i, o]                              (kept modes only)
///     y[b, o, j] = (1/N) Σ_{k kept} μ_k Re(Y[b, o, k] e^{+2πi Σ_a j_a k_a / n_a})
///
/// i.e. `y = irfftn(Y zero-filled to the half spectrum)`, the same function as torch's
/// `irfftn(…, norm="backward")` and neuraloperator's `SpectralConv` (both apply the `1/N` once).
///
/// **Kept modes** (`modes = [m₁, …, m_d]`): on the last (rfft) axis the frequencies `0..<m_d`
/// of its `n_d/2 + 1`, so `m_d ≤ n_d/2 + 1` (the maximum keeps the Nyquist column for even `n_d`);
/// on every other axis the `m_a` lowest at **both ends**, grid indices `0..<m_a` and `n_a−m_a..<n_a`
/// (frequencies `0…m_a−1` and `−m_a…−1`), so `2m_a ≤ n_a` — the FNO paper's corner blocks (two
/// weight blocks in 2D, four in 3D). neuraloperator 2.0's `SpectralConv(n_modes=(12, 12))` keeps
/// 12 frequencies in total on the first axis (6 per end) and 12//2+1 = 7 on the rfft axis: it is
/// `modes: [6, 7]` here; the FNO paper's `modes = 12` is `modes: [12, 12]`. Good values: 8–16 per
/// axis at 64²–128², 16 in 1D (Burgers); more modes cost linearly in the mixing and the transforms.
///
/// **Weight.** A real `Tensor` `[K, I, O, 2]`, `K = Π keptExtents = Π_{a<d} 2m_a · m_d`, the kept
/// modes row-major over `keptExtents = [2m₁, …, 2m_{d−1}, m_d]` with the positive block first on each
/// two-ended axis, the last axis (re, im): per mode a complex `I × O` matrix `R_k`.
///
/// **Half spectrum and the adjoint.** The real output only sees `Re(Y e^{iθ})`: c2r (FFTW, torch)
/// reads a last-axis frequency `1 ≤ k_d < n_d/2` as standing for itself and its unstored conjugate
/// twin, contributing `2 Re(Y e^{iθ})` (`μ_k = 2`), while the DC column `k_d = 0` and, for even `n_d`,
/// the Nyquist column `k_d = n_d/2` have no twin (`μ_k = 1`) and the imaginary part left after the
/// transforms along the other axes is discarded. `TruncatedRealFFT.inverse` zeroes exactly those
/// imaginary parts before the last-axis c2r so the result never depends on how a c2r treats
/// non-Hermitian input. With `F` the kept-mode rfft and `F⁻` that inverse, the adjoints (under
/// `⟨A, B⟩ = Σ Re(conj A · B)`) are `F*(G) = F⁻(G / μ)` and `(F⁻)*(g) = μ ⊙ F(g)`, so
///
///     dX = (1/N) μ ⊙ F(dy) · Rᴴ,  dx = F*(dX) = (1/N) F⁻(F(dy) · Rᴴ)      (μ cancels)
///     dR_k = (μ_k / N) X_kᴴ F(dy)_k                                        (μ stays)
///
/// where `X_k`, `F(dy)_k` are the `B × I`, `B × O` matrices of mode k. On the DC/Nyquist columns of
/// a 1-D transform `X` and `F(dy)` are real, so the imaginary part of `dR` there is zero — the
/// imaginary weight has no effect on the output; in 2D/3D it does, through the other axes.
///
/// **Cost.** Only kept modes are computed: the last axis of every row (a pruned DFT as small
/// `sgemm`s when few columns are kept, else FFTW r2c/c2r), then 1-D c2c transforms along the other
/// axes on the kept columns only, then `K` complex GEMMs of `B × I · I × O`. Transforms run in
/// parallel over the `B·I` (or `B·O`) planes, the mixing over modes, on `ThreadPool.shared`; the
/// results are bitwise the same for every thread count. At batch 32, 32 → 32 channels, 64², modes
/// [6, 7] forward takes ≈ 2.6 ms and forward + backward ≈ 5.6 ms on 2 cores (neuraloperator:
/// 16 ms and 116 ms); `spectral-bench` measures it.
public struct SpectralConvolution: Sendable, Hashable {
    /// What defines the layer: channel counts and kept modes per spatial axis.
    public struct Configuration: Sendable, Hashable {
        public var inChannels: Int
        public var outChannels: Int
        /// `[m₁, …, m_d]`, d = 1…3: see `SpectralConvolution` for which frequencies they keep.
        public var modes: [Int]
        /// How the last axis is transformed; `nil` picks by cost (`LastAxisMethod.automatic`).
        /// Both give the same function up to Float32 rounding.
        public var lastAxisMethod: LastAxisMethod?

        public init(inChannels: Int, outChannels: Int, modes: [Int], lastAxisMethod: LastAxisMethod? = nil) {
            self.inChannels = inChannels
            self.outChannels = outChannels
            self.modes = modes
            self.lastAxisMethod = lastAxisMethod
        }
    }

    public let configuration: Configuration

    public init(_ configuration: Configuration) {
        precondition(configuration.inChannels >= 1 && configuration.outChannels >= 1,
                     "channel counts must be positive, got \(configuration.inChannels) → \(configuration.outChannels)")
        precondition((1...3).contains(configuration.modes.count) && configuration.modes.allSatisfy { $0 >= 1 },
                     "modes \(configuration.modes) must be 1 to 3 positive counts, one per spatial axis")
        self.configuration = configuration
    }

    public init(inChannels: Int, outChannels: Int, modes: [Int], lastAxisMethod: LastAxisMethod? = nil) {
        self.init(Configuration(inChannels: inChannels, outChannels: outChannels, modes: modes,
                                lastAxisMethod: lastAxisMethod))
    }

    public var inChannels: Int { configuration.inChannels }
    public var outChannels: Int { configuration.outChannels }
    public var modes: [Int] { configuration.modes }
    /// Number of spatial axes d.
    public var spatialRank: Int { modes.count }
    /// `[2m₁, …, 2m_{d−1}, m_d]`.
    public var keptExtents: [Int] { modes.enumerated().map { $0.offset == modes.count - 1 ? $0.element : 2 * $0.element } }
    /// K, the number of kept modes.
    public var keptModeCount: Int { keptExtents.reduce(1, *) }
    /// `[K, I, O, 2]`.
    public var weightShape: [Int] { [keptModeCount, inChannels, outChannels, 2] }

    /// What `backward` needs from `forward`: the kept input spectrum (`K × B × I` complex values,
    /// a `[K, B, I, 2]` tensor — `K·B·I·8` bytes, e.g. 2.4 MB for K = 288, B = I = 32) and shapes.
    public struct Context: Sendable {
        public let inputShape: [Int]
        public let spectrum: Tensor
    }

    // MARK: - Forward

    /// `y = IRFFT(R · RFFT(x)|kept)`: `[B, I, n…]` → `[B, O, n…]`.
    public func forward(_ input: Tensor, weight: Tensor) -> Tensor {
        forwardKeepingContext(input, weight: weight).output
    }

    /// `forward`, also returning what `backward(_:context:weight:)` needs.
    public func forwardKeepingContext(_ input: Tensor, weight: Tensor) -> (output: Tensor, context: Context) {
        checkWeight(weight)
        return forwardKeepingContext(input) { body in
            weight.withUnsafeBufferPointer { w in
                body(.interleaved(.init(pointer: w.baseAddress!, stride: inChannels * outChannels, leadingDimension: outChannels)))
            }
        }
    }

    /// `forwardKeepingContext` with the weight prepared by `mixingWeight(_:)`.
    public func forwardKeepingContext(_ input: Tensor, mixing: MixingWeight) -> (output: Tensor, context: Context) {
        precondition(mixing.forward.shape == [keptModeCount, 2, inChannels, outChannels],
                     "mixing weight \(mixing.forward.shape) was not made for this layer's weight \(weightShape)")
        return forwardKeepingContext(input) { body in
            mixing.forward.withUnsafeBufferPointer { body(.planes($0.baseAddress!)) }
        }
    }

    private func forwardKeepingContext(_ input: Tensor,
                                       weight: ((ModeMixing.RightOperand) -> Void) -> Void) -> (output: Tensor, context: Context) {
        let (batch, spatial) = checkInput(input)
        let transform = TruncatedRealFFT.cached(extents: spatial, modes: modes, lastAxisMethod: configuration.lastAxisMethod)
        let spectrum = analyse(input, planes: batch * inChannels, transform: transform, shape: [keptModeCount, batch, inChannels, 2])
        let points = spatial.reduce(1, *)
        // Y_k = (1/N) X_k R_k, [B × I]·[I × O].
        var mixed = Tensor(uninitializedShape: [keptModeCount, batch, outChannels, 2])
        spectrum.withUnsafeBufferPointer { x in
            mixed.withUnsafeMutableBufferPointer { y in
                weight { r in
                    ModeMixing.multiply(
                        count: keptModeCount, m: batch, n: outChannels, inner: inChannels, alpha: { _ in 1 / Float(points) },
                        .init(pointer: x.baseAddress!, stride: batch * inChannels, leadingDimension: inChannels), r,
                        into: y.baseAddress!)
                }
            }
        }
        var output = Tensor(uninitializedShape: [batch, outChannels] + spatial)
        synthesise(mixed, planes: batch * outChannels, transform: transform, into: &output, accumulate: false)
        return (output, Context(inputShape: input.shape, spectrum: spectrum))
    }

    /// The weight as the per-mode products read it: `R_k` and (for a backward) `R_kᴴ` split into
    /// real and imaginary planes, `[K, 2, I, O]` and `[K, 2, O, I]`. A pass that runs the layer on
    /// several micro-batches with one weight prepares it once, instead of once per product.
    public struct MixingWeight: Sendable {
        public let forward: Tensor
        /// nil when made for inference only.
        public let adjoint: Tensor?
    }

    public func mixingWeight(_ weight: Tensor, withAdjoint: Bool) -> MixingWeight {
        checkWeight(weight)
        let (k, i, o) = (keptModeCount, inChannels, outChannels)
        func planes(_ shape: [Int], inner: Int, n: Int, _ operation: ModeMixing.Operation) -> Tensor {
            var result = Tensor(uninitializedShape: shape)
            weight.withUnsafeBufferPointer { w in
                result.withUnsafeMutableBufferPointer {
                    ModeMixing.planes(count: k, inner: inner, n: n,
                                      of: .init(pointer: w.baseAddress!, stride: i * o, leadingDimension: o, operation: operation),
                                      into: $0.baseAddress!)
                }
            }
            return result
        }
        return MixingWeight(forward: planes([k, 2, i, o], inner: i, n: o, .none),
                            adjoint: withAdjoint ? planes([k, 2, o, i], inner: o, n: i, .conjugateTranspose) : nil)
    }

    // MARK: - Backward

    /// Gradients of a scalar loss with respect to the input and the weight, given its gradient
    /// `gradOutput` (`[B, O, n…]`) with respect to the output of `forwardKeepingContext`.
    /// Returns fresh tensors shaped like the input and the weight.
    public func backward(_ gradOutput: Tensor, context: Context, weight: Tensor) -> (gradInput: Tensor, gradWeight: Tensor) {
        var gradWeight: Tensor?
        let (inputSpectrum, transform) = spectralGradients(gradOutput, context: context, weight: adjoint(of: weight),
                                                           addingWeightGradientTo: &gradWeight)
        let shape = context.inputShape
        var gradInput = Tensor(uninitializedShape: shape)
        synthesise(inputSpectrum, planes: shape[0] * inChannels, transform: transform, into: &gradInput, accumulate: false)
        return (gradInput, gradWeight!)
    }

    /// `backward`, adding the input gradient to `gradInput` (shaped like the input) instead of
    /// returning it — for an input that also feeds other operations, whose gradients are summed.
    /// Returns the weight gradient.
    public func backward(_ gradOutput: Tensor, context: Context, weight: Tensor, addingInputGradientTo gradInput: inout Tensor) -> Tensor {
        var gradWeight: Tensor?
        backward(gradOutput, context: context, adjoint: adjoint(of: weight), addingInputGradientTo: &gradInput,
                 addingWeightGradientTo: &gradWeight)
        return gradWeight!
    }

    /// `backward(_:context:weight:addingInputGradientTo:)` with the weight prepared by `mixingWeight(_:)`,
    /// also adding the weight gradient to `gradWeight` (or setting it, when nil): a micro-batched
    /// pass sums both over its micro-batches without a fresh tensor and a pass over it per micro-batch.
    public func backward(_ gradOutput: Tensor, context: Context, mixing: MixingWeight, addingInputGradientTo gradInput: inout Tensor,
                         addingWeightGradientTo gradWeight: inout Tensor?) {
        guard let adjoint = mixing.adjoint else { preconditionFailure("this mixing weight was made without its adjoint (withAdjoint: false)") }
        precondition(adjoint.shape == [keptModeCount, 2, outChannels, inChannels],
                     "mixing weight \(adjoint.shape) was not made for this layer's weight \(weightShape)")
        backward(gradOutput, context: context, adjoint: { body in
            adjoint.withUnsafeBufferPointer { body(.planes($0.baseAddress!)) }
        }, addingInputGradientTo: &gradInput, addingWeightGradientTo: &gradWeight)
    }

    private func backward(_ gradOutput: Tensor, context: Context, adjoint: ((ModeMixing.RightOperand) -> Void) -> Void,
                          addingInputGradientTo gradInput: inout Tensor, addingWeightGradientTo gradWeight: inout Tensor?) {
        precondition(gradInput.shape == context.inputShape,
                     "input gradient to add to has shape \(gradInput.shape), the layer's input \(context.inputShape)")
        let (inputSpectrum, transform) = spectralGradients(gradOutput, context: context, weight: adjoint,
                                                           addingWeightGradientTo: &gradWeight)
        synthesise(inputSpectrum, planes: context.inputShape[0] * inChannels, transform: transform, into: &gradInput, accumulate: true)
    }

    /// `R_kᴴ` read from the interleaved weight, as the input gradient's right operand.
    private func adjoint(of weight: Tensor) -> ((ModeMixing.RightOperand) -> Void) -> Void {
        checkWeight(weight)
        let (i, o) = (inChannels, outChannels)
        return { body in
            weight.withUnsafeBufferPointer { w in
                body(.interleaved(.init(pointer: w.baseAddress!, stride: i * o, leadingDimension: o, operation: .conjugateTranspose)))
            }
        }
    }

    /// The kept spectrum of the input gradient, `dX_k = (1/N) F(dy)_k R_kᴴ`; the weight gradient is
    /// added to `gradWeight` (set when nil). `weight` hands over `R_kᴴ` as a right operand.
    private func spectralGradients(_ gradOutput: Tensor, context: Context, weight: ((ModeMixing.RightOperand) -> Void) -> Void,
                                   addingWeightGradientTo gradWeight: inout Tensor?)
        -> (inputSpectrum: Tensor, transform: TruncatedRealFFT)
    {
        let shape = context.inputShape
        let batch = shape[0]
        let spatial = Array(shape.dropFirst(2))
        precondition(gradOutput.shape == [batch, outChannels] + spatial,
                     "gradOutput has shape \(gradOutput.shape), the layer's output has shape \([batch, outChannels] + spatial)")
        precondition(context.spectrum.shape == [keptModeCount, batch, inChannels, 2],
                     "context spectrum \(context.spectrum.shape) was not made by this layer for input \(shape)")
        let transform = TruncatedRealFFT.cached(extents: spatial, modes: modes, lastAxisMethod: configuration.lastAxisMethod)
        let points = Float(spatial.reduce(1, *))
        // G = F(dy), mode-major [K, B, O].
        let g = analyse(gradOutput, planes: batch * outChannels, transform: transform, shape: [keptModeCount, batch, outChannels, 2])

        var inputSpectrum = Tensor(uninitializedShape: [keptModeCount, batch, inChannels, 2])
        let accumulate = gradWeight != nil
        if let gradWeight {
            precondition(gradWeight.shape == weightShape, "weight gradient to add to has shape \(gradWeight.shape), the weight \(weightShape)")
        } else {
            gradWeight = Tensor(uninitializedShape: weightShape)
        }
        g.withUnsafeBufferPointer { gp in
            inputSpectrum.withUnsafeMutableBufferPointer { dx in
                weight { rh in
                    // dX_k = (1/N) G_k R_kᴴ: [B × O]·[O × I].
                    ModeMixing.multiply(
                        count: keptModeCount, m: batch, n: inChannels, inner: outChannels, alpha: { _ in 1 / points },
                        .init(pointer: gp.baseAddress!, stride: batch * outChannels, leadingDimension: outChannels), rh,
                        into: dx.baseAddress!)
                }
            }
            context.spectrum.withUnsafeBufferPointer { x in
                gradWeight!.withUnsafeMutableBufferPointer { dw in
                    // dR_k = (μ_k/N) X_kᴴ G_k: [I × B]·[B × O].
                    ModeMixing.multiply(
                        count: keptModeCount, m: inChannels, n: outChannels, inner: batch,
                        alpha: { k in Float(transform.multiplicity(ofKeptMode: k)) / points },
                        .init(pointer: x.baseAddress!, stride: batch * inChannels, leadingDimension: inChannels,
                              operation: .conjugateTranspose),
                        .interleaved(.init(pointer: gp.baseAddress!, stride: batch * outChannels, leadingDimension: outChannels)),
                        into: dw.baseAddress!, accumulate: accumulate)
                }
            }
        }
        return (inputSpectrum, transform)
    }

    /// `backward` without a saved context: recomputes the kept input spectrum from `input`.
    public func backward(_ gradOutput: Tensor, input: Tensor, weight: Tensor) -> (gradInput: Tensor, gradWeight: Tensor) {
        let (batch, spatial) = checkInput(input)
        let transform = TruncatedRealFFT.cached(extents: spatial, modes: modes, lastAxisMethod: configuration.lastAxisMethod)
        let spectrum = analyse(input, planes: batch * inChannels, transform: transform, shape: [keptModeCount, batch, inChannels, 2])
        return backward(gradOutput, context: Context(inputShape: input.shape, spectrum: spectrum), weight: weight)
    }

    // MARK: - Helpers

    private func checkInput(_ input: Tensor) -> (batch: Int, spatial: [Int]) {
        precondition(input.rank == spatialRank + 2 && input.shape[1] == inChannels,
                     "input of shape \(input.shape) does not match [B, \(inChannels), \(spatialRank) spatial extents] for modes \(modes)")
        precondition(input.shape[0] >= 1, "empty batch in input of shape \(input.shape)")
        let spatial = Array(input.shape.dropFirst(2))
        TruncatedRealFFT.validate(extents: spatial, modes: modes)
        return (input.shape[0], spatial)
    }

    private func checkWeight(_ weight: Tensor) {
        precondition(weight.shape == weightShape,
                     "weight has shape \(weight.shape), this layer needs \(weightShape) ([K, Cin, Cout, re/im] for modes \(modes))")
    }

    private func analyse(_ x: Tensor, planes: Int, transform: TruncatedRealFFT, shape: [Int]) -> Tensor {
        var spectrum = Tensor(uninitializedShape: shape)
        x.withUnsafeBufferPointer { xp in
            spectrum.withUnsafeMutableBufferPointer { sp in
                transform.forward(xp.baseAddress!, planes: planes, into: sp.baseAddress!)
            }
        }
        return spectrum
    }

    private func synthesise(_ spectrum: Tensor, planes: Int, transform: TruncatedRealFFT, into output: inout Tensor,
                            accumulate: Bool) {
        spectrum.withUnsafeBufferPointer { sp in
            output.withUnsafeMutableBufferPointer { op in
                transform.inverse(sp.baseAddress!, planes: planes, into: op.baseAddress!, accumulate: accumulate)
            }
        }
    }
}

extension TruncatedRealFFT {
    private struct CacheKey: Hashable {
        var extents: [Int]
        var modes: [Int]
        var method: LastAxisMethod?
    }

    nonisolated(unsafe) private static var cache: [CacheKey: TruncatedRealFFT] = [:]
    private static let cacheLock = NSLock()

    /// A shared transform for these extents and modes, made (and its FFTW plans planned) once.
    public static func cached(extents: [Int], modes: [Int], lastAxisMethod: LastAxisMethod? = nil) -> TruncatedRealFFT {
        let key = CacheKey(extents: extents, modes: modes, method: lastAxisMethod)
        cacheLock.lock()
        if let t = cache[key] {
            cacheLock.unlock()
            return t
        }
        cacheLock.unlock()
        let made = TruncatedRealFFT(extents: extents, modes: modes, lastAxisMethod: lastAxisMethod)
        cacheLock.lock()
        cache[key] = made
        cacheLock.unlock()
        return made
    }
}
