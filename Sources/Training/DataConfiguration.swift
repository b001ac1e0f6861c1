/// The `data:` section: which files, how many samples, and how stored fields become training pairs.
///
/// Paths are relative to the working directory. `test` may be omitted (or be the training file):
/// the test samples are then the `n_test` samples that follow the `n_train` training samples in
/// that file, so one generated file serves both without overlap. Otherwise both ranges start at 0.
public struct DataConfiguration: Equatable, Sendable {
    /// Training file: a neurop field file or a PDEBench file.
    public var train: String
    /// Test file; nil: the training file, after the training samples.
    public var test: String?
    public var trainCount: Int
    public var testCount: Int
    /// Keep every k-th grid point along each spatial axis (the FNO paper: 421 → 85 with 5). Applied
    /// when loading, before the normalisers are fitted.
    public var subsample: Int = 1
    public var normalization: Normalization = .gaussian
    /// Whether the grid is periodic (the H1 loss and metric then difference across the ends).
    public var periodic: Bool = false
    /// For trajectory data: which states are inputs and which are targets; nil: inputs → outputs.
    public var window: TimeWindow?
    /// Walks per point added to targets at points before every epoch after the first (`FreshWalks`);
    /// nil: the file's targets throughout.
    public var freshWalks: Int?
    /// The recipe in `Data/` that generates the files, named in the error when they are missing.
    public var recipe: String?
    /// Grid targets: the loss of each batch on this many grid nodes, drawn anew per batch from the
    /// run's seed (DeepONet's random query subsets: its trunk then runs on those nodes only); nil:
    /// every node.
    public var queryPoints: Int?

    public enum Normalization: String, CaseIterable, Sendable {
        /// Per grid point and channel, unit Gaussian fitted on the training set (`GaussianNormalizer`);
        /// for targets at points the output normaliser is one mean and deviation over all target values.
        case gaussian
        /// The inputs as `gaussian`, the outputs not at all (the physics-informed loss, which sees no
        /// solution data to fit them to).
        case inputs
        case none
    }

    public init(train: String, test: String? = nil, trainCount: Int, testCount: Int) {
        self.train = train
        self.test = test
        self.trainCount = trainCount
        self.testCount = testCount
    }

    /// The file the test samples come from.
    public var testFile: String { test ?? train }

    /// First test sample in `testFile`: after the training samples when both come from one file.
    public var testStart: Int { testFile == train ? trainCount : 0 }

    /// How stored datasets become (input, target) pairs.
    public var pairing: SamplePairing { window.map { .window($0) } ?? .direct }

    static let keys = ["train", "test", "n_train", "n_test", "subsample", "normalize", "periodic",
                       "input_steps", "output_steps", "time_layout", "start_step", "fresh_walks", "recipe", "query_points"]

    init(_ reader: ConfigReader) throws {
        try reader.expect(Self.keys)
        train = try reader.required("train", example: "Data/darcy-85.h5")
        test = try reader.optional("test")
        trainCount = try reader.required("n_train", example: "1000")
        testCount = try reader.required("n_test", example: "100")
        subsample = try reader.value("subsample", default: 1)
        normalization = try reader.choice("normalize", default: .gaussian)
        periodic = try reader.value("periodic", default: false)
        recipe = try reader.optional("recipe")
        freshWalks = try reader.optional("fresh_walks")
        queryPoints = try reader.optional("query_points")
        if let queryPoints, queryPoints < 1 {
            throw ConfigurationError.invalidValue(key: reader.key("query_points"), reason: "must be at least 1 node per batch, not \(queryPoints); remove it to use every node")
        }
        if let freshWalks, freshWalks < 2 {
            throw ConfigurationError.invalidValue(key: reader.key("fresh_walks"), reason: "must be at least 2 walks per point and epoch (a standard error needs two), not \(freshWalks); remove it to keep the file's targets")
        }
        let inputSteps: Int? = try reader.optional("input_steps"), outputSteps: Int? = try reader.optional("output_steps")
        switch (inputSteps, outputSteps) {
        case let (i?, o?):
            window = TimeWindow(inputSteps: i, outputSteps: o, layout: try reader.choice("time_layout", default: .channels),
                                start: try reader.value("start_step", default: 0))
        case (nil, nil):
            for key in ["time_layout", "start_step"] where reader.contains(key) {
                throw ConfigurationError.invalidValue(key: reader.key(key),
                                                      reason: "needs data.input_steps and data.output_steps; set them or remove it")
            }
        default:
            throw ConfigurationError.invalidValue(key: reader.key(inputSteps == nil ? "output_steps" : "input_steps"),
                                                  reason: "needs its partner: set both data.input_steps and data.output_steps, or neither")
        }
        for (name, value) in [("n_train", trainCount), ("n_test", testCount), ("subsample", subsample)] where value < 1 {
            throw ConfigurationError.invalidValue(key: reader.key(name), reason: "must be at least 1, not \(value)")
        }
        if let window {
            for (name, value) in [("input_steps", window.inputSteps), ("output_steps", window.outputSteps)] where value < 1 {
                throw ConfigurationError.invalidValue(key: reader.key(name), reason: "must be at least 1, not \(value)")
            }
            guard window.start >= 0 else {
                throw ConfigurationError.invalidValue(key: reader.key("start_step"), reason: "must be non-negative, not \(window.start)")
            }
        }
    }

    var node: ConfigNode {
        var entries: [ConfigEntry] = [
            .init(key: "train", value: .string(train)),
            .init(key: "test", value: test.map(ConfigNode.string) ?? .null),
            .init(key: "n_train", value: .number(trainCount)),
            .init(key: "n_test", value: .number(testCount)),
            .init(key: "subsample", value: .number(subsample)),
            .init(key: "normalize", value: .plain(normalization.rawValue)),
            .init(key: "periodic", value: .plain(String(periodic))),
        ]
        if let window {
            entries += [.init(key: "input_steps", value: .number(window.inputSteps)),
                        .init(key: "output_steps", value: .number(window.outputSteps)),
                        .init(key: "time_layout", value: .plain(window.layout.rawValue)),
                        .init(key: "start_step", value: .number(window.start))]
        }
        entries.append(.init(key: "fresh_walks", value: freshWalks.map(ConfigNode.number) ?? .null))
        entries.append(.init(key: "recipe", value: recipe.map(ConfigNode.string) ?? .null))
        entries.append(.init(key: "query_points", value: queryPoints.map(ConfigNode.number) ?? .null))
        return .mapping(entries)
    }
}

extension ConfigNode {
    /// A string value, quoted when it would otherwise read as something else.
    static func string(_ text: String) -> ConfigNode {
        let reserved = ["null", "Null", "NULL", "~", "true", "True", "false", "False", "yes", "no", "on", "off"]
        return .scalar(text, quoted: reserved.contains(text) || Double(text) != nil || !isPlainSafe(text))
    }

    /// A number, written as Swift prints it (shortest text that reads back to the same value).
    static func number<T: LosslessStringConvertible>(_ value: T) -> ConfigNode { .plain(String(value)) }
}
