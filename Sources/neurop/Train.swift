import ArgumentParser
import Fields
import Foundation
import Training

/// `neurop train CONFIG [key=value …] [--resume]`: trains the operator a configuration describes
/// into its run folder (`runs/<name>/`: config.yaml, checkpoint.h5, best.h5, metrics.csv).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a neural operator from a configuration file (e.g. Solvers/fno-darcy.yaml).",
        discussion: """
            key=value arguments override the file with dotted keys (training.epochs=5, model.modes=[8,8]). \
            Ctrl-C stops after the current batch and saves the checkpoint; --resume continues from it exactly \
            as if the run had not stopped (only training.epochs may change).
            """)

    @Argument(help: "Training configuration (YAML).") var config: String
    @Argument(help: "Overrides, key=value with dotted keys.") var overrides: [String] = []
    @Flag(help: "Continue the run in the configuration's output folder from its checkpoint.") var resume = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: config) else {
            throw CLIError("no such configuration file: \(config); give the path of one such as Solvers/fno-darcy.yaml")
        }
        let configuration: TrainingConfiguration
        do {
            configuration = try TrainingConfiguration.load(path: config, overrides: overrides)
        } catch let error as ConfigurationError {
            throw CLIError("\(config): \(error)")
        }
        let run = RunDirectory(configuration.output)
        let checkpoint = try resume ? resumable(run, configuration) : nil
        if checkpoint == nil, run.holdsRun {
            throw CLIError("\(run.path) already holds a run; continue it with --resume, or train into another folder with output=runs/NAME")
        }
        let trainer: Trainer
        do {
            let data = try TrainingData.load(configuration.data)
            trainer = try Trainer(configuration: configuration, data: data, resuming: checkpoint,
                                  freshWalks: try freshWalks(configuration, file: data.train.file))
        } catch let error as ConfigurationError {
            throw CLIError("\(config): \(error)")
        }
        let epochs = configuration.training.epochs
        guard trainer.state.epoch < epochs else {
            print("\(configuration.name) has already trained \(trainer.state.epoch) epochs; raise training.epochs to train on")
            return
        }
        try run.start(trainer.configuration)
        FileHandle.standardError.write(Data(("training \(configuration.name): \(configuration.model.kind.rawValue), "
            + "\(trainer.model.parameterCount) parameters, \(trainer.sampler.sampleCount) samples at \(trainer.coordinates.map(\.count)), "
            + "\(trainer.sampler.batchesPerEpoch) batches per epoch"
            + (checkpoint.map { " — resuming after epoch \($0.state.epoch)" + ($0.state.batch > 0 ? " batch \($0.state.batch)" : "") } ?? "")
            + " → \(run.path)\n").utf8))
        if let adaptation = trainer.adaptation { FileHandle.standardError.write(Data((adaptation + "\n").utf8)) }

        InterruptSignal.install()
        let outcome: Trainer.Outcome
        do {
            outcome = try trainer.run(observer: TrainingReporter(run: run, epochs: epochs))
        } catch let error as TrainingError {
            let kept = error.epoch > 1
                ? "the last good checkpoint (epoch \(error.epoch - 1)) is kept in \(run.checkpoint)"
                : "no checkpoint was written"
            throw CLIError("\(error); \(kept); lower training.optimizer.lr or check the data")
        }
        switch outcome {
        case .finished:
            let last = trainer.state.history.last!, best = trainer.state.best!
            let mse = configuration.training.loss == .mse ? ", test MSE \(String(format: "%.4g", last.testMSE))" : ""
            print("trained \(configuration.name) for \(trainer.state.epoch) epochs: test relative L2 \(String(format: "%.4g", last.testRelativeL2))"
                  + " (best \(String(format: "%.4g", best.testRelativeL2)) at epoch \(best.epoch))\(mse); \(run.path)")
        case .interrupted:
            try run.recordInterruption(of: trainer)
            let state = trainer.state
            let position = state.batch > 0 ? "in epoch \(state.epoch + 1) after batch \(state.batch)" : "after epoch \(state.epoch)"
            let again = (["neurop", "train", config] + overrides + ["--resume"]).map(Self.shellWord).joined(separator: " ")
            FileHandle.standardError.write(Data(
                "\ninterrupted \(position); \(run.checkpoint) holds that state; continue with \(again)\n".utf8))
            throw ExitCode(130)
        }
    }

    /// `argument` as one shell word: as it is when it has no character a shell treats specially
    /// (`model.smoothing=[1,2]` would glob), else in single quotes.
    static func shellWord(_ argument: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,+-@%")
        if !argument.isEmpty && argument.allSatisfy(plain.contains) { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// With `data.fresh_walks`: the file's Walk-on-Spheres problems, ready to be walked again.
    private func freshWalks(_ configuration: TrainingConfiguration, file: String) throws -> FreshWalks? {
        guard let walks = configuration.data.freshWalks else { return nil }
        guard let problems = try StoredWoSProblems(FieldFileReader(path: file), file: file) else {
            throw CLIError("\(config): 'data.fresh_walks' re-runs Walk-on-Spheres, but \(file) was not written by `neurop generate wos`; remove it or train on such a file")
        }
        return try problems.freshWalks(walksPerRound: walks)
    }

    /// The checkpoint to resume, after checking that only `training.epochs` differs from the
    /// configuration it was trained with.
    private func resumable(_ run: RunDirectory, _ configuration: TrainingConfiguration) throws -> Checkpoint {
        guard run.holdsRun else {
            throw CLIError("there is no checkpoint in \(run.path) to resume; start the run without --resume")
        }
        let checkpoint = try Checkpoint(path: run.checkpoint)
        var stored = checkpoint.configuration, given = configuration
        stored.training.epochs = given.training.epochs
        given.model.inChannels = given.model.inChannels ?? stored.model.inChannels
        given.model.outChannels = given.model.outChannels ?? stored.model.outChannels
        let changed = given.differences(from: stored)
        guard changed.isEmpty else {
            throw CLIError("the configuration differs from the one \(run.checkpoint) was trained with in \(changed.joined(separator: ", ")); only training.epochs may change on --resume")
        }
        return checkpoint
    }
}
