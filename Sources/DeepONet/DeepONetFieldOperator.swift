import Autograd
import Foundation
import NeuralNetworks
import NeuropCore

/// A DeepONet as a grid-to-grid `FieldOperator`, so the training pipeline, `neurop eval` and
/// `compare` run it like any operator.
///
/// Sensors are the input grid (or every `sensorStride`-th node of it): the branch reads x
/// `[B, C_in, n₁, …]` at the sensors, flattened to `[B, C_in·m]`. Queries are the output grid's
/// nodes on the unit cube, y_i = i/(n − 1) along each axis (row-major, as the grid is flattened),
/// shared by the batch, so the operator uses the Cartesian-product evaluation. The sensors are fixed: the model runs only on the grid it was
/// built for.
///
/// A POD-DeepONet's basis and mean (`pod.basis` `[N, K·p]`, `pod.mean` `[K, N]`, per output channel
/// the `ProperOrthogonalDecomposition` of the normalised training outputs) are parameters so that
/// checkpoints carry them, but never on a tape, so no optimizer changes them; they are zero until
/// `fitPOD(toTrainingTargets:)` fits them, which the trainer does once at the start of a run:
///
///     G(v)(y_j)_c = Σ_k b_{c,k}(v) φ_{c,k}(y_j) + ū_c(y_j) + b₀_c.
public final class DeepONetFieldOperator: FieldOperator {
    public let configuration: DeepONetFieldConfiguration
    public let network: DeepONet
    /// The query points, `[n₁⋯n_d, d]`.
    public let queries: Tensor
    /// The POD basis and mean of a POD-DeepONet, nil otherwise.
    public let pod: (basis: Parameter, mean: Parameter)?

    public init(_ configuration: DeepONetFieldConfiguration, rng: inout RandomStream) throws {
        self.configuration = configuration
        network = try DeepONet(configuration.resolvedNetwork, rng: &rng)
        queries = Self.unitGrid(configuration.grid)
        let (k, p, points) = (configuration.outChannels, network.configuration.basis, configuration.grid.reduce(1, *))
        pod = configuration.network.pod ? (Parameter(Tensor.zeros([points, k * p])), Parameter(Tensor.zeros([k, points]))) : nil
    }

    public var inChannels: Int { configuration.inChannels }
    public var outChannels: Int { configuration.outChannels }
    public var namedParameters: [(name: String, parameter: Parameter)] {
        network.namedParameters + (pod.map { [("pod.basis", $0.basis), ("pod.mean", $0.mean)] } ?? [])
    }

    /// A POD-DeepONet's basis fitted (`fitPOD`), in a sentence; nil without POD.
    public func adapt(toTrainingTargets targets: Tensor?) throws -> String? {
        guard pod != nil else { return nil }
        guard let targets else {
            throw DeepONetConfigurationError.invalid(
                "a POD-DeepONet takes its basis from training outputs on the grid, and these targets are at scattered points; set model.pod to false")
        }
        let captured = try fitPOD(toTrainingTargets: targets).map { String(format: "%.2f%%", 100 * $0) }
        return "POD basis: \(network.configuration.basis) modes per channel capture \(captured.joined(separator: ", ")) of the training outputs' variance"
    }

    /// Fits a POD-DeepONet's basis and mean to the (normalised) training outputs `[n, K, n₁, …]`,
    /// channel by channel; returns the fraction of variance the modes capture per channel. Nothing
    /// to do (an empty list) without POD.
    @discardableResult
    public func fitPOD(toTrainingTargets targets: Tensor) throws -> [Double] {
        guard let pod else { return [] }
        let (k, p, points) = (outChannels, network.configuration.basis, configuration.grid.reduce(1, *))
        let n = targets.shape[0]
        precondition(targets.count == n * k * points, "training targets \(targets.shape) do not fit \(k) channels on \(configuration.grid)")
        var basis = [Float](repeating: 0, count: points * k * p), mean = [Float](repeating: 0, count: k * points)
        var captured: [Double] = []
        for c in 0..<k {
            var rows = [Float](repeating: 0, count: n * points)
            for i in 0..<n { for j in 0..<points { rows[i * points + j] = targets[flat: (i * k + c) * points + j] } }
            let decomposition = try ProperOrthogonalDecomposition(rows: n, columns: points, values: rows, modes: p)
            for j in 0..<points {
                for m in 0..<p { basis[j * k * p + c * p + m] = decomposition.basis[j * p + m] }
                mean[c * points + j] = decomposition.mean[j]
            }
            captured.append(decomposition.captured)
        }
        pod.basis.value = Tensor(shape: [points, k * p], values: basis)
        pod.mean.value = Tensor(shape: [k, points], values: mean)
        return captured
    }

    public func callAsFunction(_ x: Variable) -> Variable {
        let grid = configuration.grid
        precondition(Array(x.shape.dropFirst()) == [inChannels] + grid,
                     "this DeepONet reads [B, \(inChannels)] + grid \(grid), got \(x.shape)")
        let batch = x.shape[0]
        let v = branchInput(x)
        guard let pod else { return network.cartesian(v, queries: queries).reshaped([batch, outChannels] + grid) }
        let constant = { (t: Tensor) in x.tape?.constant(t) ?? Variable(t) }
        let points = queries.shape[0]
        let g = network.cartesian(v, basis: constant(pod.basis.value)) + constant(pod.mean.value.reshaped([1, outChannels, points]))
        return g.reshaped([batch, outChannels] + grid)
    }

    /// G(v) at each sample's own points (the pointwise trunk evaluation, no interpolation; a
    /// POD-DeepONet interpolates its grid output, its basis being known at the nodes only): the
    /// points `[B, P, 2]` of the box `lower`…`upper` are mapped onto the unit square the trunk was
    /// built on (node i of an axis ↔ i/(n − 1)), so at grid nodes this equals the grid output.
    public func evaluate(_ x: Variable, at points: Tensor, lower: (Float, Float), upper: (Float, Float)) -> Variable {
        let grid = configuration.grid
        precondition(grid.count == 2 && Array(x.shape.dropFirst()) == [inChannels] + grid,
                     "this DeepONet reads [B, \(inChannels)] + grid \(grid), got \(x.shape)")
        precondition(points.rank == 3 && points.shape[0] == x.shape[0] && points.shape[2] == 2,
                     "points must be [\(x.shape[0]), P, 2], got \(points.shape)")
        // A POD basis exists only at the grid nodes: interpolate the grid output there.
        if pod != nil { return self(x).bilinear(at: points, lower: lower, upper: upper) }
        let (scale0, scale1) = (1 / (upper.0 - lower.0), 1 / (upper.1 - lower.1))
        let unit = Tensor(shape: points.shape) { k in
            k % 2 == 0 ? (points[flat: k] - lower.0) * scale0 : (points[flat: k] - lower.1) * scale1
        }
        return network.pointwise(branchInput(x), queries: unit)
    }

    /// G(v) at grid nodes only: the trunk runs on those query points alone (a POD basis and mean
    /// are read at them), so a batch costs K instead of n₁⋯n_d queries; equal to the grid output
    /// read at the nodes.
    public func evaluate(_ x: Variable, atNodes nodes: [Int]) -> Variable {
        let grid = configuration.grid
        precondition(Array(x.shape.dropFirst()) == [inChannels] + grid,
                     "this DeepONet reads [B, \(inChannels)] + grid \(grid), got \(x.shape)")
        let v = branchInput(x)
        let d = queries.shape[1]
        let chosen = Tensor(shape: [nodes.count, d]) { queries[flat: nodes[$0 / d] * d + $0 % d] }
        guard let pod else { return network.cartesian(v, queries: chosen) }
        let constant = { (t: Tensor) in x.tape?.constant(t) ?? Variable(t) }
        let width = pod.basis.value.shape[1], points = queries.shape[0]
        let basis = Tensor(shape: [nodes.count, width]) { pod.basis.value[flat: nodes[$0 / width] * width + $0 % width] }
        let mean = Tensor(shape: [1, outChannels, nodes.count]) { i in
            pod.mean.value[flat: (i / nodes.count) * points + nodes[i % nodes.count]]
        }
        return network.cartesian(v, basis: constant(basis)) + constant(mean)
    }

    /// The branch's input: x at the sensors, `[B, C_in·m]`.
    private func branchInput(_ x: Variable) -> Variable {
        let sensors = configuration.sensorNodes.map { x.gatheringNodes($0) } ?? x
        return sensors.reshaped([x.shape[0], -1])
    }

    /// Nodes of the grid `extents` on [0, 1]ᵈ (an axis of one node sits at 0), row-major: `[∏n, d]`.
    public static func unitGrid(_ extents: [Int]) -> Tensor {
        let count = extents.reduce(1, *), d = extents.count
        var values = [Float](repeating: 0, count: count * d)
        for node in 0..<count {
            var rest = node
            for axis in (0..<d).reversed() {
                let n = extents[axis], i = rest % n
                rest /= n
                values[node * d + axis] = n > 1 ? Float(i) / Float(n - 1) : 0
            }
        }
        return Tensor(shape: [count, d], values: values)
    }
}
