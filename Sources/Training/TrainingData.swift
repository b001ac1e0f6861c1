import Foundation

/// The training and test sets a configuration names, loaded and checked against each other.
public struct TrainingData {
    public var train: FieldDataset
    public var test: FieldDataset

    public init(train: FieldDataset, test: FieldDataset) {
        self.train = train
        self.test = test
    }

    /// Loads `n_train` and `n_test` samples as `data` describes. Throws `ConfigurationError` naming
    /// the key for a missing file, too few samples, or train and test sets that do not match.
    public static func load(_ data: DataConfiguration) throws -> TrainingData {
        let fix = data.recipe.map { "generate it with `neurop generate \($0)`" }
            ?? "correct the path or generate the data with `neurop generate`"
        var files = [("data.train", data.train)]
        if let test = data.test, test != data.train { files.append(("data.test", test)) }
        for (key, path) in files where !FileManager.default.fileExists(atPath: path) {
            throw ConfigurationError.missingFile(key: key, path: path, fix: fix)
        }
        let trainAvailable = try FieldDataset.sampleCount(data.train)
        if data.testFile == data.train {
            guard data.trainCount + data.testCount <= trainAvailable else {
                throw ConfigurationError.inconsistent(
                    detail: "data.n_train + data.n_test = \(data.trainCount + data.testCount) samples are needed from \(data.train), which holds \(trainAvailable)",
                    fix: "lower them or generate more samples")
            }
        } else {
            guard data.trainCount <= trainAvailable else {
                throw ConfigurationError.inconsistent(detail: "data.n_train is \(data.trainCount) but \(data.train) holds \(trainAvailable) samples",
                                                      fix: "lower it or generate more samples")
            }
            let testAvailable = try FieldDataset.sampleCount(data.testFile)
            guard data.testCount <= testAvailable else {
                throw ConfigurationError.inconsistent(detail: "data.n_test is \(data.testCount) but \(data.testFile) holds \(testAvailable) samples",
                                                      fix: "lower it or generate more samples")
            }
        }
        let train = try FieldDataset.load(data.train, samples: 0..<data.trainCount, pairing: data.pairing, subsample: data.subsample)
        let test = try FieldDataset.load(data.testFile, samples: data.testStart..<(data.testStart + data.testCount),
                                         pairing: data.pairing, subsample: data.subsample)
        guard test.inChannels == train.inChannels, test.outChannels == train.outChannels else {
            throw ConfigurationError.channelMismatch(
                detail: "the test data (\(test.inChannels) → \(test.outChannels) channels in \(test.file)) and the training data (\(train.inChannels) → \(train.outChannels) in \(train.file)) differ",
                fix: "use test data of the same kind as the training data")
        }
        guard test.gridShape == train.gridShape else {
            throw ConfigurationError.inconsistent(
                detail: "the test grid \(test.gridShape) of \(test.file) differs from the training grid \(train.gridShape) of \(train.file)",
                fix: "test at the training resolution here and at others with `neurop eval`")
        }
        return TrainingData(train: train, test: test)
    }
}

extension ModelConfiguration {
    /// This model with its channels taken from `dataset`, after checking that the model can take
    /// it: stated channels must match, and there must be one mode count per grid axis, each within
    /// the grid.
    public func resolved(for dataset: FieldDataset) throws -> ModelConfiguration {
        let file = dataset.file
        if let stated = inChannels, stated != dataset.inChannels {
            throw ConfigurationError.channelMismatch(
                detail: "model.in_channels is \(stated) but the inputs of \(file) have \(dataset.inChannels) channel\(dataset.inChannels == 1 ? "" : "s")",
                fix: "set model.in_channels to \(dataset.inChannels) or remove it (it is taken from the data)")
        }
        if let stated = outChannels, stated != dataset.outChannels {
            throw ConfigurationError.channelMismatch(
                detail: "model.out_channels is \(stated) but the targets of \(file) have \(dataset.outChannels) channel\(dataset.outChannels == 1 ? "" : "s")",
                fix: "set model.out_channels to \(dataset.outChannels) or remove it (it is taken from the data)")
        }
        try checkGrid(dataset.gridShape, of: file)
        var resolved = with(inChannels: dataset.inChannels, outChannels: dataset.outChannels)
        // A DeepONet's sensors and queries are the data's grid.
        if case .deeponet(var c) = resolved.architecture {
            c.grid = dataset.gridShape
            resolved.architecture = .deeponet(c)
        }
        return resolved
    }

    /// Checks that the model can run on a grid of extents `grid` (of the data in `file`): one mode
    /// count per grid axis, each within the grid.
    public func checkGrid(_ grid: [Int], of file: String) throws {
        switch architecture {
        case .fno(let c):
            guard c.modes.count == grid.count else {
                throw ConfigurationError.inconsistent(
                    detail: "model.modes \(c.modes) has \(c.modes.count) entr\(c.modes.count == 1 ? "y" : "ies") but the data of \(file) has \(grid.count) grid ax\(grid.count == 1 ? "is" : "es") \(grid)",
                    fix: "give one mode count per grid axis")
            }
            guard zip(c.modes, grid).allSatisfy({ $0 <= $1 }) else {
                throw ConfigurationError.inconsistent(detail: "model.modes \(c.modes) exceed the grid \(grid) of \(file)",
                                                      fix: "keep each mode count within the grid size along its axis")
            }
        case .deeponet(let c):
            guard c.grid.isEmpty || c.grid == grid else {
                throw ConfigurationError.inconsistent(
                    detail: "the DeepONet's sensors are the grid \(c.grid) (model.grid) but the data of \(file) has grid \(grid)",
                    fix: "use data on the grid \(c.grid) (a DeepONet's sensors are fixed) or, for a new model, remove model.grid")
            }
        case .mgno(let c):
            guard c.spatialRank == grid.count else {
                throw ConfigurationError.inconsistent(
                    detail: "model.dimensions is \(c.spatialRank) but the data of \(file) has \(grid.count) grid ax\(grid.count == 1 ? "is" : "es") \(grid)",
                    fix: "set model.dimensions to \(grid.count)")
            }
        }
    }
}
