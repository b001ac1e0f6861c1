import Foundation
import NeuropCore
import NeuropTestSupport
import Testing
@testable import Training

/// The pieces of `neurop compare` that do not need a trained model or a real solver.
@Suite struct ComparisonTests {
    /// A window's solver starts from the last input state: the last channel group for the
    /// `channels` layout, and the same with the repeated time axis dropped for `axis`.
    @Test func theSolverStartsFromTheLastInputState() throws {
        // Trajectory of 5 states of 2 channels on a 3×2 grid: state s, channel c holds 10 s + c.
        let states = Tensor(shape: [1, 5, 2, 3, 2]) { i in Float(10 * (i / 12) + (i / 6) % 2) }
        let inputs = states.slice(axis: 1, 0..<1).reshaped([1, 2, 3, 2]), outputs = states.slice(axis: 1, 1..<5)
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("t.h5").path
        try writeFieldFile(file, inputs: inputs, outputs: outputs, times: [0.5, 1, 1.5, 2])
        for layout in TimeWindow.Layout.allCases {
            let pairing = SamplePairing.window(TimeWindow(inputSteps: 2, outputSteps: 2, layout: layout, start: 1))
            let data = try FieldDataset.load(file, samples: 0..<1, pairing: pairing)
            let start = pairing.solverStart(of: data.inputs, channels: data.storedOutputChannels)
            #expect(start.shape == [1, 2, 3, 2])
            let expected: [Float] = (0..<12).map { Float(20 + $0 / 6) }
            #expect(start.values == expected, "\(layout): the state at index 2")
            // States 1, 2 in; 3, 4 out: the solver runs from t = 1 to t = 1.5 and 2.
            #expect(data.lastInputTime == 1 && data.targetTimes == [1.5, 2])
        }
        let direct = SamplePairing.direct.solverStart(of: inputs, channels: 2)
        #expect(direct == inputs)
    }

    /// Differences are measured against the references; a failing sample's error comes through
    /// (the first in index order); progress ends at twice the sample count.
    @Test func solverTimingMeasuresAndReportsFailures() throws {
        var done: [Int] = []
        let timing = try SolverTiming.measure(samples: 3, progress: { done.append($0) },
                                              solve: { i in [Double(i), 1] }, reference: { i in [Double(i), i == 2 ? 2 : 1] })
        #expect(timing.samples == 3 && timing.sequential >= 0 && timing.parallel >= 0)
        #expect(timing.differences[0] == 0 && timing.differences[1] == 0)
        #expect(abs(timing.differences[2] - 1 / 8.0.squareRoot()) < 1e-15)
        #expect(done.last == 6)
        struct Failure: Error, Equatable { let index: Int }
        #expect(throws: Failure(index: 1)) {
            _ = try SolverTiming.measure(samples: 4, solve: { i in
                if i >= 1 { throw Failure(index: i) }
                return [1]
            }, reference: { _ in [1] })
        }
    }

    /// The errors are those `Evaluation` computes; the solver's difference is zero when it returns
    /// the stored outputs; best, median and worst are ordered by the operator's error.
    @Test func comparisonAgreesWithEvaluation() throws {
        let dir = temporaryDirectory()
        let file = dir.appendingPathComponent("p.h5").path
        try writePointwiseSet(file, samples: 7)
        let data = try FieldDataset.load(file, samples: 0..<7)
        var rng = RandomStream(seed: 1, stream: 0)
        let model = NormalizedOperator(model: PointwiseOperator(inChannels: 1, outChannels: 1, width: 4, rng: &rng),
                                       inputNormalizer: nil, outputNormalizer: nil)
        let targets = SolverComparison.rows(of: data.targets, count: 7)
        let inputs = SolverComparison.rows(of: data.inputs, count: 7)
        let comparison = try SolverComparison(model, trainingGrid: data.coordinates, on: data, pairing: .direct, batchSize: 3,
                                              periodic: false, solverSamples: 5) { input in
            targets[inputs.firstIndex(of: input)!]
        }
        let evaluation = Evaluation(of: model, trainingGrid: data.coordinates, on: data, batchSize: 3, periodic: false)
        #expect(comparison.evaluation.relativeL2 == evaluation.relativeL2 && comparison.evaluation.relativeH1 == evaluation.relativeH1)
        #expect(comparison.row.solverTiming.differences == [0, 0, 0, 0, 0])
        #expect(comparison.row.samples == 7 && comparison.row.solverTiming.samples == 5 && comparison.row.operatorTiming.batchSize == 3)
        let errors = comparison.evaluation.relativeL2
        let shown = comparison.showcase.map(\.index)
        #expect(comparison.showcase.map(\.label) == ["best", "median", "worst"])
        #expect(errors[shown[0]] == errors.min() && errors[shown[2]] == errors.max() && errors[shown[1]] == errors.sorted()[3])
    }

    /// The Markdown table's lines are aligned; the CSV has one field per column.
    @Test func tableFormats() {
        let summary = ErrorSummary([0.01, 0.02, 0.03])
        let row = ComparisonRow(data: "Data/a,b.h5", grid: [64, 64], referenceGrid: [127, 127], samples: 3, relativeL2: summary,
                                relativeH1: summary, operatorTiming: OperatorTiming(batchSize: 20, batched: 0.001, single: 0.004),
                                solverTiming: SolverTiming(samples: 3, threads: 2, sequential: 0.1, parallel: 0.05, differences: [1e-3, 2e-3, 3e-3]))
        #expect(abs(row.speedupBatched - 50) < 1e-9 && abs(row.speedupSingle - 25) < 1e-9)
        let table = ComparisonTable(rows: [row, row])
        let lines = table.markdown.split(separator: "\n")
        #expect(lines.count == 4 && Set(lines.map(\.count)).count == 1)
        #expect(lines[2].contains("| a,b.h5 | 64×64 | 127×127 ") && lines[2].contains("| 0.02 ") && lines[2].contains("| 50× "))
        let csv = table.csv.split(separator: "\n")
        #expect(csv.count == 3 && csv[0].split(separator: ",").count == ComparisonTable.csvColumns.count)
        #expect(csv[1].hasPrefix("\"Data/a,b.h5\",64×64,127×127,3,3,0.02,"))
    }
}
