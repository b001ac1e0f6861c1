import Autograd
import NeuralNetworks
import NeuropCore

/// A deep operator network (Lu, Jin, Pang, Zhang & Karniadakis, Nat. Mach. Intell. 3, 2021):
///
///     G(v)(y)_c = Σ_{k=1…p} b_{c,k}(v(x₁), …, v(x_m)) · t_{c,k}(y) + b₀_c,   c = 1…K,
///
/// the branch net b reading the input function at m fixed sensors, the trunk net t reading a query
/// point y ∈ ℝᵈ (optionally Fourier-expanded, `TrunkFeatures`), b₀ one trained scalar per output
/// channel (eq. 2 of the paper, initialised to 0). The trunk applies its activation after its last
/// layer too, as DeepXDE does; the branch does not. A POD-DeepONet (`configuration.pod`) has no
/// trunk net: its basis is data (`DeepONetFieldOperator` holds it) and only `cartesian(_:basis:)` applies.
///
/// Two evaluations of the same function:
/// - `cartesian`: the same N query points for every sample (DeepXDE's `DeepONetCartesianProd`):
///   the trunk runs once on N points and each channel is one `[B, p]·[p, N]` matrix product.
/// - `pointwise`: each sample its own N query points (`DeepONet` with per-sample `points`): the
///   trunk runs on B·N points and the sum over k is taken point by point.
public final class DeepONet: Module {
    enum Branch {
        case unstacked(MLP)
        case stacked(StackedMLP)
    }

    public let configuration: DeepONetConfiguration
    let branch: Branch
    /// nil for a POD-DeepONet.
    public let trunk: MLP?
    /// b₀, `[K]`.
    public let bias: Parameter

    /// Draws the weights from `rng` (branch first, then trunk). Throws when the configuration is
    /// inconsistent (`DeepONetConfiguration.problem`).
    public init(_ configuration: DeepONetConfiguration, rng: inout RandomStream) throws {
        if let problem = configuration.problem { throw problem }
        self.configuration = configuration
        let c = configuration, outputs = c.outChannels * c.basis
        if c.stacked {
            branch = .stacked(StackedMLP(count: outputs, widths: [c.sensors] + c.branch.dropLast() + [1], activation: c.activation, rng: &rng))
        } else {
            branch = .unstacked(MLP(widths: [c.sensors] + c.branch.dropLast() + [outputs], activation: c.activation, rng: &rng))
        }
        trunk = c.pod ? nil : MLP(widths: [c.trunkInputWidth] + c.trunk.dropLast() + [outputs], activation: c.activation,
                                  activateLast: true, rng: &rng)
        bias = Parameter(Tensor.zeros([c.outChannels]))
        if c.initialization == .glorotNormal { redrawGlorotNormal(rng: &rng) }
    }

    /// Glorot-normal weights (standard deviation √(2/(fan_in + fan_out)), as PyTorch's
    /// `xavier_normal_` that DeepXDE's PyTorch backend calls) and zero biases for every branch and
    /// trunk layer, in `namedParameters` order. A weight is `[in, out]` (or `[n, in, out]` for the stacked branch: n nets of that
    /// shape), a bias `[out]` (or `[n, 1, out]`).
    private func redrawGlorotNormal(rng: inout RandomStream) {
        for (name, p) in namedParameters where name != "bias" {
            let shape = p.value.shape
            if name.hasSuffix(".bias") {
                p.value = Tensor.zeros(shape)
                continue
            }
            let (fanIn, fanOut) = (shape[shape.count - 2], shape[shape.count - 1])
            let deviation = (2 / Double(fanIn + fanOut)).squareRoot()
            p.value = Tensor(shape: shape) { _ in Float(rng.normal() * deviation) }
        }
    }

    public var namedParameters: [(name: String, parameter: Parameter)] {
        let branchModule: Module
        switch branch {
        case .unstacked(let m): branchModule = m
        case .stacked(let m): branchModule = m
        }
        return Self.nest([("branch", branchModule)] + (trunk.map { [("trunk", $0)] } ?? [])) + [("bias", bias)]
    }

    /// The branch coefficients b for sensor values v `[B, m]`: `[B, K·p]`, channel c in columns c·p ..< (c+1)·p.
    public func coefficients(_ v: Variable) -> Variable {
        precondition(v.rank == 2 && v.shape[1] == configuration.sensors,
                     "DeepONet's branch expects [B, \(configuration.sensors)] sensor values, got \(v.shape)")
        switch branch {
        case .unstacked(let m): return m(v)
        case .stacked(let m): return m(v)
        }
    }

    /// The trunk basis t at query points `[…, d]`: `[…, K·p]`, on the tape of `reference`.
    public func basis(_ queries: Tensor, on reference: Variable) -> Variable {
        precondition(queries.shape.last == configuration.queryDimension,
                     "DeepONet's trunk expects query points with \(configuration.queryDimension) coordinates, got \(queries.shape)")
        guard let trunk else { preconditionFailure("a POD-DeepONet has no trunk net; its basis is given to cartesian(_:basis:)") }
        let y = TrunkFeatures.expand(queries, frequencies: configuration.trunkFeatures)
        let lead = Array(y.shape.dropLast())
        let flat = y.reshaped([-1, y.shape[y.rank - 1]])
        return trunk(reference.tape?.constant(flat) ?? Variable(flat)).reshaped(lead + [configuration.outChannels * configuration.basis])
    }

    /// G(v) at query points shared by the batch: v `[B, m]`, queries `[N, d]` → `[B, K, N]`, one
    /// `[B, p]·[p, N]` GEMM per channel read in place (`CartesianProduct`).
    public func cartesian(_ v: Variable, queries: Tensor) -> Variable {
        precondition(queries.rank == 2, "cartesian queries are [N, d], got \(queries.shape)")
        return cartesian(v, basis: basis(queries, on: v))
    }

    /// G(v) with the basis given at N shared query points: `[N, K·p]` (a POD basis, or the trunk's).
    public func cartesian(_ v: Variable, basis: Variable) -> Variable {
        CartesianProduct.evaluate(coefficients: coefficients(v), basis: basis, bias: v.use(bias), channels: configuration.outChannels)
    }

    /// G(v) at each sample's own query points: v `[B, m]`, queries `[B, N, d]` → `[B, K, N]`.
    public func pointwise(_ v: Variable, queries: Tensor) -> Variable {
        precondition(queries.rank == 3 && queries.shape[0] == v.shape[0],
                     "pointwise queries are [B, N, d] with B = \(v.shape[0]), got \(queries.shape)")
        let (k, p, batch, n) = (configuration.outChannels, configuration.basis, v.shape[0], queries.shape[1])
        let b = coefficients(v).reshaped([batch, 1, k, p])
        let t = basis(queries, on: v).reshaped([batch, n, k, p])
        return (b * t).sum(alongAxis: 3).permuted([0, 2, 1]) + v.use(bias).reshaped([1, k, 1])
    }
}
