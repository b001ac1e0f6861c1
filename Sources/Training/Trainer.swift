import Autograd
import Foundation
import NeuralNetworks
import NeuropCore

/// What a trainer reports while it runs, and how it is told to stop.
public protocol TrainingObserver: AnyObject {
    /// After each optimizer step: 1-based epoch and batch, the batch's mean per-sample loss.
    func batchFinished(epoch: Int, batch: Int, of batches: Int, samples: Int, loss: Double)
    /// After each epoch's test evaluation, with the state already updated (save a checkpoint here).
    func epochFinished(_ record: EpochRecord, trainer: Trainer) throws
    /// Polled after every batch; true stops the run there (`Trainer.Outcome.interrupted`).
    var shouldStop: Bool { get }
}

/// The training loop: mini-batch steps over shuffled samples, a test evaluation per epoch.
///
/// Each step encodes nothing (the training inputs are encoded once), runs the model on a tape,
/// decodes its output, takes the loss (`TrainingObjective`: against the raw targets on the grid or
/// at points, or the physics residual of the raw inputs), and lets the optimizer update the
/// weights at the learning rate the schedule gives for that epoch (or step). The loop holds no state
/// outside `state`, the model's parameters and the optimizer's moments — exactly what a
/// checkpoint stores — and targets refreshed by new walks (`data.fresh_walks`), which depend only
/// on the epoch and are replayed, so a resumed run continues bit for bit.
public final class Trainer {
    /// The resolved configuration (model channels from the data).
    public let configuration: TrainingConfiguration
    public let model: any FieldOperator
    public let optimizer: Optimizer
    /// The training loss's kind and how it combines samples (the whole loss: `TrainingObjective`).
    public let loss: TrainingLoss
    public let sampler: BatchSampler
    public let inputNormalizer: GaussianNormalizer?
    public let outputNormalizer: GaussianNormalizer?
    /// Grid coordinates of the training data (where the normalisers live).
    public let coordinates: [[Double]]
    public private(set) var state: TrainingState
    /// What the model fitted to the training data before training (`FieldOperator.adapt`), for a fresh run.
    public private(set) var adaptation: String?

    private let encodedInputs: Tensor
    private var objective: TrainingObjective
    /// New walks for the point targets before each epoch after the first (`data.fresh_walks`).
    private let freshWalks: FreshWalks?
    private let test: FieldDataset
    /// Where points lie on the training grid (2D grids only; nil otherwise).
    private let box: PlaneBox?

    /// Why `run` returned.
    public enum Outcome: Equatable {
        case finished
        /// Stopped at the observer's request; `state` says where (possibly mid-epoch).
        case interrupted
    }

    /// A trainer for `configuration` on `data`: a fresh run (normalisers fitted on the training
    /// set, weights from `RandomStream(seed, stream: 0)`), or, given `checkpoint`, that run resumed.
    /// `freshWalks` re-estimates the point targets when `data.fresh_walks` asks for it.
    public init(configuration: TrainingConfiguration, data: TrainingData, factory: ModelFactory = .standard,
                resuming checkpoint: Checkpoint? = nil, freshWalks: FreshWalks? = nil) throws {
        var configuration = configuration
        configuration.model = try configuration.model.resolved(for: data.train)
        self.configuration = configuration
        var rng = RandomStream(seed: configuration.training.seed, stream: 0)
        model = try factory.make(configuration.model, &rng)
        optimizer = configuration.training.optimizer.make(parameters: model.namedParameters)
        loss = TrainingLoss(configuration.training.loss, reduction: configuration.training.reduction,
                            periodic: configuration.data.periodic)
        sampler = BatchSampler(sampleCount: data.train.count, batchSize: configuration.training.batchSize,
                               seed: configuration.training.seed)
        coordinates = data.train.coordinates
        box = PlaneBox(coordinates: coordinates)
        objective = try TrainingObjective(configuration, train: data.train)
        if configuration.data.freshWalks != nil {
            guard objective.pointTargets != nil else {
                throw ConfigurationError.invalidValue(key: "data.fresh_walks",
                                                      reason: "re-estimates targets at points, but the run trains on \(data.train.file) with training.loss \(configuration.training.loss.rawValue), which uses none; remove it")
            }
            guard freshWalks != nil else {
                throw ConfigurationError.inconsistent(detail: "data.fresh_walks re-runs the walks of \(data.train.file), which this caller cannot do",
                                                      fix: "train on a `neurop generate wos` file with `neurop train`, or remove data.fresh_walks")
            }
        }
        self.freshWalks = configuration.data.freshWalks == nil ? nil : freshWalks
        if let checkpoint {
            try model.load(checkpoint.parameters)
            optimizer.restore(state: checkpoint.optimizerState, stepCount: checkpoint.optimizerSteps)
            inputNormalizer = checkpoint.inputNormalizer
            outputNormalizer = checkpoint.outputNormalizer
            state = checkpoint.state
        } else {
            let normalization = configuration.data.normalization
            inputNormalizer = normalization != .none ? GaussianNormalizer(fitting: data.train.inputs) : nil
            outputNormalizer = objective.outputNormalizer(normalization, train: data.train)
            state = TrainingState()
            var gridTargets = data.train.pointTargets == nil ? data.train.targets : nil
            if let targets = gridTargets, let normalizer = outputNormalizer { gridTargets = normalizer.encode(targets) }
            adaptation = try model.adapt(toTrainingTargets: gridTargets)
        }
        encodedInputs = inputNormalizer?.encode(data.train.inputs) ?? data.train.inputs
        test = data.test
        if test.pointTargets != nil, box == nil {
            throw ConfigurationError.inconsistent(detail: "the test data \(test.file) holds targets at points, which need a 2D grid, but the grid is \(data.train.gridShape)",
                                                  fix: "use point-cloud data with 2D inputs")
        }
        // A resumed run replays the rounds of walks it had averaged in (an epoch in progress had its own).
        let applied = state.batch > 0 ? state.epoch : state.epoch - 1
        if self.freshWalks != nil, applied >= 1 {
            for round in 1...applied { try refreshTargets(round: round) }
        }
    }

    /// The model with its normalisers, for predictions in physical units.
    public var normalizedOperator: NormalizedOperator {
        NormalizedOperator(model: model, inputNormalizer: inputNormalizer, outputNormalizer: outputNormalizer)
    }

    /// Trains until `configuration.training.epochs` epochs are complete or the observer asks to stop.
    /// Throws `TrainingError` when the loss or the test error stops being finite; the weights are
    /// then those of the last finite step and `state` is that of the last completed epoch.
    public func run(observer: TrainingObserver) throws -> Outcome {
        let epochs = configuration.training.epochs
        let batches = sampler.batchesPerEpoch
        let (schedule, perBatch) = configuration.training.scheduler.schedule(epochs: epochs, batches: batches)
        let baseRate = configuration.training.optimizer.learningRate
        while state.epoch < epochs {
            let epoch = state.epoch
            let order = sampler.order(epoch: epoch)
            var clock = Date()
            if freshWalks != nil, epoch >= 1, state.batch == 0 { try refreshTargets(round: epoch) }
            while state.batch < batches {
                let batch = state.batch
                optimizer.learningRate = schedule.rate(base: baseRate, step: perBatch ? epoch * batches + batch : epoch)
                let indices = sampler.batch(batch, of: order)
                let value = try step(Array(indices), number: epoch * batches + batch)
                guard value.isFinite else {
                    throw TrainingError.nonFiniteLoss(epoch: epoch + 1, batch: batch + 1, value: value)
                }
                let perSample = loss.meanPerSample(value, batch: indices.count)
                state.partialLossSum += perSample * Double(indices.count)
                state.batch += 1
                let now = Date()
                state.partialSeconds += now.timeIntervalSince(clock)
                clock = now
                observer.batchFinished(epoch: epoch + 1, batch: batch + 1, of: batches, samples: indices.count, loss: perSample)
                if observer.shouldStop && state.batch < batches { return .interrupted }
            }
            let (testError, testMSE) = evaluateTestErrors()
            guard testError.isFinite else { throw TrainingError.nonFiniteTestError(epoch: epoch + 1, value: testError) }
            let record = EpochRecord(epoch: epoch + 1, trainLoss: state.partialLossSum / Double(sampler.sampleCount),
                                     testRelativeL2: testError, testMSE: testMSE, learningRate: optimizer.learningRate,
                                     seconds: state.partialSeconds + Date().timeIntervalSince(clock))
            state.history.append(record)
            state.epoch += 1
            state.batch = 0
            state.partialLossSum = 0
            state.partialSeconds = 0
            try observer.epochFinished(record, trainer: self)
            if observer.shouldStop && state.epoch < epochs { return .interrupted }
        }
        return .finished
    }

    /// Averages round `round` of fresh walks into the point targets.
    private func refreshTargets(round: Int) throws {
        objective.replacePointTargets(try freshWalks!.averaging(round: round, into: objective.pointTargets!))
    }

    /// Optimizer step `number` (counted over the whole run) on a batch; returns the loss as
    /// computed (before the update).
    private func step(_ indices: [Int], number: Int) throws -> Float {
        model.zeroGradients()
        let tape = Tape()
        let x = tape.constant(encodedInputs.gathering(samples: indices))
        let value = objective.loss(indices, x: x, model: model, outputNormalizer: outputNormalizer, box: box, step: number)
        guard value.value.scalar.isFinite else { return value.value.scalar }
        tape.gradients(of: value)
        optimizer.step()
        return value.value.scalar
    }

    /// Mean relative L2 error on the test set (decoded predictions against raw targets).
    public func evaluateTest() -> Double { evaluateTestErrors().relativeL2 }

    /// Mean relative L2 error and mean squared error on the test set (decoded predictions against
    /// raw targets, so the MSE is in physical units): over the grid, or over the target points
    /// (`PointLoss.metrics`) for a point-cloud test set.
    public func evaluateTestErrors() -> (relativeL2: Double, mse: Double) {
        let errors: [Double], squared: [Double]
        let batchSize = configuration.training.batchSize
        switch test.supervision {
        case .grid(let targets):
            let predictions = normalizedOperator.predict(test.inputs, batchSize: batchSize)
            errors = FieldMetrics.relativeL2(predictions, targets)
            squared = FieldMetrics.meanSquaredError(predictions, targets)
        case .points(let targets):
            let box = box!
            let predictions = normalizedOperator.predict(test.inputs, at: targets.points, lower: box.lower, upper: box.upper,
                                                         batchSize: batchSize)
            (errors, squared) = PointLoss.metrics(predictions, targets)
        }
        return (errors.reduce(0, +) / Double(errors.count), squared.reduce(0, +) / Double(squared.count))
    }
}

/// Training that cannot go on.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case nonFiniteLoss(epoch: Int, batch: Int, value: Float)
    case nonFiniteTestError(epoch: Int, value: Double)

    public var description: String {
        switch self {
        case let .nonFiniteLoss(epoch, batch, value):
            return "the training loss became \(value) in epoch \(epoch) (batch \(batch))"
        case let .nonFiniteTestError(epoch, value):
            return "the test error became \(value) after epoch \(epoch)"
        }
    }

    public var epoch: Int {
        switch self {
        case let .nonFiniteLoss(epoch, _, _), let .nonFiniteTestError(epoch, _): return epoch
        }
    }
}
