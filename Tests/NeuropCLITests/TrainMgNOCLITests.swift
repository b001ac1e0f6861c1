import Foundation
import NeuropTestSupport
import Testing
import Training

/// `neurop train` builds an MgNO from `model.kind: mgno` and runs it through the same pipeline.
@Suite struct TrainMgNOCLITests {
    @Test func oneEpochOfATinyMgNOTrainsAndEvaluates() throws {
        let dir = try TrainCLITests.workspace(epochs: 1)
        try """
            name: tiny-mgno
            data: {train: train.h5, test: test.h5, n_train: 100, n_test: 20, recipe: Data/darcy.yaml}
            model: {kind: mgno, channels: 4, layers: 2, levels: 3, smoothing: [1], padding: zero}
            training:
              epochs: 1
              batch_size: 10
              loss: h1
              optimizer: {kind: adam, lr: 5.0e-4, weight_decay: 1.0e-4}
              scheduler: {kind: one_cycle}
              seed: 3
            """.write(to: dir.appendingPathComponent("mgno.yaml"), atomically: true, encoding: .utf8)
        let out = try runNeurop(["train", "mgno.yaml"], currentDirectory: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("trained tiny-mgno for 1 epochs: test relative L2 "), "\(out.stdout)")
        let resolved = try TrainingConfiguration.load(path: dir.appendingPathComponent("runs/tiny-mgno/config.yaml").path)
        #expect(resolved.model.kind == .mgno && resolved.model.inChannels == 1 && resolved.model.outChannels == 1)
        let eval = try runNeurop(["eval", "runs/tiny-mgno", "test.h5"], currentDirectory: dir)
        #expect(eval.status == 0, "\(eval.stderr)")
    }

    /// An unknown key in the mgno section names the valid ones.
    @Test func unknownMgNOKeysNameTheValidOnes() throws {
        #expect(throws: ConfigurationError.unknownKey(key: "model.modes", valid: ["activate_last", "channels", "dimensions", "in_channels", "kind", "layers", "levels",
                                                                                 "out_channels", "padding", "post_smoothing", "restrict", "smoothing"])) {
            try TrainingConfiguration.parse(yaml: "name: x\ndata: {train: a.h5, n_train: 1, n_test: 1}\nmodel: {kind: mgno, modes: [4]}\ntraining: {epochs: 1}\n")
        }
    }
}
