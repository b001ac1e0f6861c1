import Autograd
import NeuralNetworks
import NeuropCore

/// What a run minimises, chosen by the configuration and the kind of training data:
///
/// - `grid`: targets on the grid, `TrainingLoss` on the decoded grid output — or, with
///   `data.query_points` K, on K nodes drawn per batch (`QuerySubset`), where the operator is
///   evaluated at those nodes only (`FieldOperator.evaluate(_:atNodes:)`);
/// - `points`: targets at points (Walk-on-Spheres estimates), `PointLoss` on the decoded output at
///   the points (`FieldOperator.evaluate(_:at:)`: bilinear interpolation of a grid operator's
///   output, DeepONet's trunk at the points);
/// - `physics`: no targets, `PoissonResidualLoss` of the decoded grid output and the raw inputs.
///
/// The model-specific part is only `FieldOperator.evaluate`; everything here is the same for every
/// operator.
struct TrainingObjective {
    enum Kind {
        case grid(TrainingLoss, targets: Tensor, subset: QuerySubset?)
        case points(PointLoss, targets: PointTargets)
        case physics(PoissonResidualLoss, inputs: Tensor)
    }

    private(set) var kind: Kind

    /// The objective `configuration` asks for on the training set `train`; throws, naming the key,
    /// when the loss does not fit the data.
    init(_ configuration: TrainingConfiguration, train: FieldDataset) throws {
        let loop = configuration.training, data = configuration.data
        if loop.loss == .poissonResidual {
            guard data.queryPoints == nil else {
                throw ConfigurationError.invalidValue(key: "data.query_points", reason: "draws nodes of the targets, and the poisson_residual loss has none; remove it")
            }
            guard data.normalization != .gaussian else {
                throw ConfigurationError.invalidValue(
                    key: "data.normalize",
                    reason: "gaussian fits an output normaliser to solution data, which the poisson_residual loss does not see; set it to inputs or none")
            }
            kind = .physics(try PoissonResidualLoss(inputChannels: train.inputChannels, coordinates: train.coordinates,
                                                    boundaryWeight: loop.boundaryWeight, reduction: loop.reduction, file: train.file),
                            inputs: train.inputs)
            return
        }
        switch train.supervision {
        case .grid(let targets):
            guard loop.pointWeights == .uniform else {
                throw ConfigurationError.invalidValue(key: "training.point_weights",
                                                      reason: "weights targets at points, but \(train.file) holds targets on the grid; remove it")
            }
            var subset: QuerySubset?
            if let k = data.queryPoints {
                let nodes = train.gridShape.reduce(1, *)
                guard loop.loss == .relativeL2 || loop.loss == .mse else {
                    throw ConfigurationError.invalidValue(
                        key: "data.query_points", reason: "draws scattered nodes, but training.loss \(loop.loss.rawValue) differentiates along the grid; use relative_l2 or mse, or remove data.query_points")
                }
                guard k <= nodes else {
                    throw ConfigurationError.invalidValue(key: "data.query_points", reason: "is \(k), more than the \(nodes) grid nodes of \(train.file); use at most \(nodes)")
                }
                subset = QuerySubset(count: k, nodes: nodes, seed: loop.seed)
            }
            kind = .grid(TrainingLoss(loop.loss, reduction: loop.reduction, periodic: data.periodic), targets: targets, subset: subset)
        case .points(let targets):
            guard data.queryPoints == nil else {
                throw ConfigurationError.invalidValue(key: "data.query_points", reason: "draws grid nodes, but \(train.file) holds targets at points; remove it")
            }
            guard loop.loss == .relativeL2 || loop.loss == .mse else {
                throw ConfigurationError.invalidValue(
                    key: "training.loss", reason: "is \(loop.loss.rawValue), which needs targets on the grid, but \(train.file) holds targets at points; use relative_l2 or mse")
            }
            kind = .points(PointLoss(loop.loss, reduction: loop.reduction, weighting: loop.pointWeights,
                                     meanSquaredStandardError: targets.meanSquaredStandardError), targets: targets)
        }
    }

    /// The targets at points, for a point objective.
    var pointTargets: PointTargets? {
        if case .points(_, let targets) = kind { return targets }
        return nil
    }

    /// The point objective with `targets` (refreshed walks) in place of its targets; s̄² of the
    /// inverse-variance weights follows them.
    mutating func replacePointTargets(_ targets: PointTargets) {
        guard case .points(var loss, _) = kind else { preconditionFailure("only a point objective has targets at points") }
        loss.meanSquaredStandardError = targets.meanSquaredStandardError
        kind = .points(loss, targets: targets)
    }

    /// The output normaliser for `normalization` (nil unless `gaussian`): fitted to the grid
    /// targets, or one mean and deviation of all point targets spread over the grid.
    func outputNormalizer(_ normalization: DataConfiguration.Normalization, train: FieldDataset) -> GaussianNormalizer? {
        guard normalization == .gaussian else { return nil }
        switch kind {
        case .grid(_, let targets, _): return GaussianNormalizer(fitting: targets)
        case .points(_, let targets):
            let (mean, deviation) = targets.valueStatistics
            return GaussianNormalizer(constant: mean, deviation: deviation, channels: 1, grid: train.gridShape)
        case .physics: return nil
        }
    }

    /// The loss of the training samples `indices`, whose encoded inputs are `x` (on a tape), in
    /// optimizer step `step` of the run (counted from 0 over all epochs).
    func loss(_ indices: [Int], x: Variable, model: any FieldOperator, outputNormalizer: GaussianNormalizer?,
              box: PlaneBox?, step: Int) -> Variable {
        switch kind {
        case .grid(let loss, let targets, nil):
            let prediction = model(x)
            return loss(outputNormalizer?.decode(prediction) ?? prediction, targets.gathering(samples: indices))
        case .grid(let loss, let targets, let subset?):
            let nodes = subset.nodes(step: step)
            let prediction = model.evaluate(x, atNodes: nodes)
            return loss(outputNormalizer?.decode(prediction, atNodes: nodes) ?? prediction,
                        targets.gathering(samples: indices).gatheringNodes(nodes))
        case .points(let loss, let targets):
            let batch = targets.gathering(samples: indices)
            let box = box!
            let prediction = model.evaluate(x, at: batch.points, lower: box.lower, upper: box.upper)
            let decoded = outputNormalizer?.decode(prediction, at: batch.points, lower: box.lower, upper: box.upper) ?? prediction
            return loss(decoded, batch)
        case .physics(let loss, let inputs):
            let prediction = model(x)
            return loss(outputNormalizer?.decode(prediction) ?? prediction, inputs: inputs.gathering(samples: indices))
        }
    }
}

/// The grid nodes a batch's loss is taken on, with `data.query_points`: `count` of the `nodes`
/// drawn without replacement from `RandomStream(seed, stream: 2⁶³ + step)` (a partial Fisher–Yates
/// pass), in increasing order. A step's draw depends on nothing else, so a resumed run draws the
/// same nodes.
struct QuerySubset {
    let count: Int
    let nodes: Int
    let seed: UInt64

    func nodes(step: Int) -> [Int] {
        var rng = RandomStream(seed: seed, stream: 1 << 63 | UInt64(step))
        var all = Array(0..<nodes)
        for i in 0..<count { all.swapAt(i, i + Int(rng.next() % UInt64(nodes - i))) }
        return all[..<count].sorted()
    }
}

/// The box a 2D node grid spans: its first and last coordinate along each axis, where points
/// given in the same coordinates are located on the grid.
public struct PlaneBox: Equatable, Sendable {
    public var lower: (Float, Float)
    public var upper: (Float, Float)

    public static func == (a: PlaneBox, b: PlaneBox) -> Bool { a.lower == b.lower && a.upper == b.upper }

    /// The box of a grid with `coordinates`; nil unless it has two axes of at least two nodes.
    public init?(coordinates: [[Double]]) {
        guard coordinates.count == 2, coordinates.allSatisfy({ $0.count >= 2 }) else { return nil }
        lower = (Float(coordinates[0].first!), Float(coordinates[1].first!))
        upper = (Float(coordinates[0].last!), Float(coordinates[1].last!))
    }
}
