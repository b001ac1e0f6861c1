import Autograd
import NeuropCore

/// The physics-informed loss of Δu = f in Ω, u = g on ∂Ω (the baseline WoS-NO compares with): no
/// solution data, only the problem, read from the input channels `mask` (1 in Ω), `f` and `g`
/// (g extended off ∂Ω, `OperatorInputs`), on decoded predictions u `[B, 1, n1, n2]`:
///
///     L_b = (1/|I|) Σ_{I} (Δ_h u − f)²  +  λ (1/|Γ|) Σ_{Γ} (u − g)²,
///
/// Δ_h the five-point Laplacian `(u_{i+1,j} − 2u_{ij} + u_{i−1,j})/h₁² + (u_{i,j+1} − 2u_{ij} + u_{i,j−1})/h₂²`
/// with the grid spacings h₁, h₂ of the coordinates; I the nodes inside Ω (mask 1) off the box's
/// edge; Γ the nodes the stencils of I reach outside Ω (mask 0 with a mask-1 neighbour), plus
/// mask-1 nodes on the box's edge. λ = `training.boundary_weight`. Its minimiser is the
/// stair-step finite-difference solution (Dirichlet data g on the outer layer Γ), which is O(h)
/// from the true one at the boundary. Samples combine as `reduction` says. Gradient:
/// `(2/|I|) Δ_hᵀ r + (2λ/|Γ|)(u − g)` on Γ, r the residual (Δ_h is symmetric on the grid's nodes).
public struct PoissonResidualLoss: Equatable, Sendable {
    public static let channels = ["mask", "f", "g"]

    public var boundaryWeight: Double
    public var reduction: TrainingLoss.Reduction
    /// Grid spacings h₁, h₂.
    public var spacing: (Double, Double)
    /// Indices of mask, f and g among the input channels.
    public var channelIndices: [Int]

    public static func == (a: PoissonResidualLoss, b: PoissonResidualLoss) -> Bool {
        a.boundaryWeight == b.boundaryWeight && a.reduction == b.reduction && a.spacing == b.spacing && a.channelIndices == b.channelIndices
    }

    /// The loss for inputs whose channels are `inputChannels` on a grid with `coordinates`; throws,
    /// naming the key, when a channel is missing or the grid is not a uniform 2D grid.
    public init(inputChannels: [String]?, coordinates: [[Double]], boundaryWeight: Double, reduction: TrainingLoss.Reduction,
                file: String) throws {
        let names = inputChannels ?? []
        let indices = Self.channels.map { names.firstIndex(of: $0) }
        guard indices.allSatisfy({ $0 != nil }) else {
            throw ConfigurationError.inconsistent(
                detail: "training.loss poisson_residual reads the input channels \(Self.channels.joined(separator: ", ")) but \(file) has \(names.isEmpty ? "no channel names" : names.joined(separator: ", "))",
                fix: "train it on Poisson problems with those channels, such as `neurop generate wos` files")
        }
        guard coordinates.count == 2, coordinates.allSatisfy({ $0.count >= 3 }) else {
            throw ConfigurationError.inconsistent(detail: "training.loss poisson_residual needs a 2D grid of at least 3 × 3 nodes, but \(file) has \(coordinates.map(\.count))",
                                                  fix: "use 2D Poisson data")
        }
        var spacing: [Double] = []
        for axis in coordinates {
            let h = (axis.last! - axis.first!) / Double(axis.count - 1)
            guard h > 0, zip(axis, axis.dropFirst()).allSatisfy({ abs(($1 - $0) - h) <= 1e-6 * h }) else {
                throw ConfigurationError.inconsistent(detail: "training.loss poisson_residual needs uniformly spaced grid coordinates, but those of \(file) are not",
                                                      fix: "use data on a uniform grid")
            }
            spacing.append(h)
        }
        self.init(channelIndices: indices.map { $0! }, spacing: (spacing[0], spacing[1]), boundaryWeight: boundaryWeight, reduction: reduction)
    }

    public init(channelIndices: [Int], spacing: (Double, Double), boundaryWeight: Double, reduction: TrainingLoss.Reduction = .mean) {
        self.channelIndices = channelIndices
        self.spacing = spacing
        self.boundaryWeight = boundaryWeight
        self.reduction = reduction
    }

    /// The differentiable loss of decoded predictions u `[B, 1, n1, n2]` for raw inputs `[B, C, n1, n2]`.
    public func callAsFunction(_ prediction: Variable, inputs: Tensor) -> Variable {
        let (batch, n1, n2) = (inputs.shape[0], inputs.shape[2], inputs.shape[3])
        precondition(prediction.shape == [batch, 1, n1, n2], "predictions must be [\(batch), 1, \(n1), \(n2)], got \(prediction.shape)")
        let channels = inputs.shape[1], plane = n1 * n2
        let (c1, c2) = (1 / (spacing.0 * spacing.0), 1 / (spacing.1 * spacing.1))
        let u = prediction.value
        // Residuals on I and boundary misfits on Γ, per node (0 elsewhere), and the set sizes.
        var residual = [Double](repeating: 0, count: batch * plane), misfit = [Double](repeating: 0, count: batch * plane)
        var interiorCount = [Double](repeating: 0, count: batch), boundaryCount = [Double](repeating: 0, count: batch)
        var total = 0.0
        u.withUnsafeBufferPointer { up in
            inputs.withUnsafeBufferPointer { xp in
                for b in 0..<batch {
                    let field = up.baseAddress! + b * plane
                    let mask = xp.baseAddress! + (b * channels + channelIndices[0]) * plane
                    let f = xp.baseAddress! + (b * channels + channelIndices[1]) * plane
                    let g = xp.baseAddress! + (b * channels + channelIndices[2]) * plane
                    var interiorSum = 0.0, boundarySum = 0.0
                    for i in 0..<n1 {
                        for j in 0..<n2 {
                            let k = i * n2 + j
                            let edge = i == 0 || j == 0 || i == n1 - 1 || j == n2 - 1
                            if mask[k] != 0 && !edge {
                                let lap = c1 * (Double(field[k + n2]) - 2 * Double(field[k]) + Double(field[k - n2]))
                                    + c2 * (Double(field[k + 1]) - 2 * Double(field[k]) + Double(field[k - 1]))
                                let r = lap - Double(f[k])
                                residual[b * plane + k] = r
                                interiorSum += r * r
                                interiorCount[b] += 1
                            } else if mask[k] != 0 || Self.touchesInterior(mask, i, j, n1, n2) {
                                let d = Double(field[k]) - Double(g[k])
                                misfit[b * plane + k] = d
                                boundarySum += d * d
                                boundaryCount[b] += 1
                            }
                        }
                    }
                    if interiorCount[b] > 0 { total += interiorSum / interiorCount[b] }
                    if boundaryCount[b] > 0 { total += boundaryWeight * boundarySum / boundaryCount[b] }
                }
            }
        }
        let combine = reduction == .mean ? 1 / Double(batch) : 1
        let lambda = boundaryWeight
        return Variable.operation(Tensor(Float(total * combine)), inputs: [prediction]) { g in
            var grad = Tensor(shape: [batch, 1, n1, n2])
            grad.withUnsafeMutableBufferPointer { d in
                for b in 0..<batch {
                    let out = d.baseAddress! + b * plane
                    if interiorCount[b] > 0 {
                        let s = Double(g.scalar) * combine * 2 / interiorCount[b]
                        // Δ_hᵀ r: each residual scattered back onto its five stencil nodes.
                        for k in 0..<plane {
                            let r = residual[b * plane + k]
                            guard r != 0 else { continue }
                            let w = s * r
                            out[k] += Float(-2 * (c1 + c2) * w)
                            out[k + n2] += Float(c1 * w)
                            out[k - n2] += Float(c1 * w)
                            out[k + 1] += Float(c2 * w)
                            out[k - 1] += Float(c2 * w)
                        }
                    }
                    if boundaryCount[b] > 0 {
                        let s = Double(g.scalar) * combine * 2 * lambda / boundaryCount[b]
                        for k in 0..<plane where misfit[b * plane + k] != 0 { out[k] += Float(s * misfit[b * plane + k]) }
                    }
                }
            }
            return [grad]
        }
    }

    /// Whether node (i, j), outside Ω, has a 4-neighbour in I (inside Ω, off the box's edge).
    private static func touchesInterior(_ mask: UnsafePointer<Float>, _ i: Int, _ j: Int, _ n1: Int, _ n2: Int) -> Bool {
        for (a, b) in [(i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)] {
            guard a > 0, b > 0, a < n1 - 1, b < n2 - 1 else { continue }
            if mask[a * n2 + b] != 0 { return true }
        }
        return false
    }
}
