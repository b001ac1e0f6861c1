import Foundation
import Testing
@testable import Plotting

@Test(arguments: [
    (0.7, 0.5), (1.0, 1.0), (1.4, 1.0), (1.6, 2.0), (2.9, 2.0), (3.1, 5.0), (6.9, 5.0), (7.1, 10.0),
    (0.00123, 0.001), (0.0042, 0.005), (370.0, 500.0), (1.2e6, 1e6),
] as [(Double, Double)])
func niceStepIsTheNearestOneTwoFive(raw: Double, step: Double) {
    #expect(abs(AxisTicks.niceStep(raw) - step) <= 1e-12 * step)
}

@Test func linearTicksOverSeveralRanges() {
    func labels(_ lower: Double, _ upper: Double, _ target: Int) -> [String] {
        AxisTicks.linear(from: lower, to: upper, target: target).map { $0.label! }
    }
    #expect(labels(0, 1, 5) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    #expect(labels(0, 500, 5) == ["0", "100", "200", "300", "400", "500"])
    #expect(labels(-1.07, 1.07, 5) == ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"])
    #expect(labels(3, 12, 5) == ["4", "6", "8", "10", "12"])
    #expect(labels(-2.7e-4, 2.7e-4, 5) == ["\u{2212}2e\u{2212}4", "\u{2212}1e\u{2212}4", "0", "1e\u{2212}4", "2e\u{2212}4"])
    #expect(labels(0, 3e5, 6) == ["0", "5e4", "1e5", "1.5e5", "2e5", "2.5e5", "3e5"])
    #expect(labels(1000.1, 1000.2, 5) == ["1000.10", "1000.12", "1000.14", "1000.16", "1000.18", "1000.20"])
}

@Test func linearTicksLieInTheRangeAtMultiplesOfTheStep() {
    for (lower, upper) in [(0.013, 0.0172), (-3.3, 8.1), (1e-9, 5e-9), (250.0, 251.0), (-7e7, -2e7)] {
        for target in 2...9 {
            let values = AxisTicks.linear(from: lower, to: upper, target: target).map(\.value)
            #expect(values.count >= 2, "\(lower)...\(upper) target \(target)")
            #expect(values.allSatisfy { $0 >= lower - 1e-9 * (upper - lower) && $0 <= upper + 1e-9 * (upper - lower) })
            let steps = zip(values, values.dropFirst()).map { $1 - $0 }
            #expect(steps.allSatisfy { abs($0 - steps[0]) <= 1e-9 * abs(steps[0]) })
            let step = AxisTicks.niceStep(steps[0])
            #expect(abs(step - steps[0]) <= 1e-9 * step, "step \(steps[0]) is not 1, 2 or 5 × 10^k")
        }
    }
}

@Test func logTicksLabelDecadesCompactly() {
    let ticks = AxisTicks.log10(from: 8e-4, to: 1.2, maxLabels: 8)
    #expect(ticks.compactMap(\.label) == ["1e\u{2212}3", "0.01", "0.1", "1"])
    // Minor ticks at 2…9 × 10^k inside the range: 8e−4 and 9e−4, 8 per full decade, none above 1.
    #expect(ticks.filter { $0.label == nil }.count == 2 + 3 * 8)
    #expect(ticks.map(\.value) == ticks.map(\.value).sorted())
}

@Test func logTicksThinOutManyDecades() {
    let ticks = AxisTicks.log10(from: 1e-12, to: 1e4, maxLabels: 5)
    #expect(ticks.compactMap(\.label) == ["1e\u{2212}12", "1e\u{2212}8", "1e\u{2212}4", "1", "1e4"])
    #expect(ticks.count == 17)  // every decade ticked, no minor ticks over 16 decades
}

@Test func shortLogAxesLabelTwoAndFiveThenLinearTicks() {
    #expect(AxisTicks.log10(from: 0.15, to: 0.9, maxLabels: 6).compactMap(\.label) == ["0.2", "0.5"])
    #expect(AxisTicks.log10(from: 30, to: 250, maxLabels: 6).compactMap(\.label) == ["50", "100", "200"])
    let narrow = AxisTicks.log10(from: 0.31, to: 0.39, maxLabels: 6)
    #expect(narrow.compactMap(\.label).count >= 2)
    #expect(narrow.allSatisfy { $0.value >= 0.31 && $0.value <= 0.39 })
}

@Test func decadeLabels() {
    #expect((-4...5).map(AxisTicks.decadeLabel) == ["1e\u{2212}4", "1e\u{2212}3", "0.01", "0.1", "1", "10", "100", "1000", "1e4", "1e5"])
}

@Test func plotAxisAddsMarginsAndPlacesValues() throws {
    let linear = try #require(PlotAxis(scale: .linear, values: [0, 10, .nan]))
    #expect(linear.lower == -0.5 && linear.upper == 10.5)
    #expect(abs(linear.fraction(of: 5) - 0.5) < 1e-12)
    let log = try #require(PlotAxis(scale: .log10, values: [1e-3, 1, -1, 0]))
    #expect(abs(log.fraction(of: pow(10, -1.5)) - 0.5) < 1e-12)
    #expect(abs(log10(log.lower) - (-3.15)) < 1e-12 && abs(log10(log.upper) - 0.15) < 1e-12)
    #expect(log.fraction(of: -1).isNaN)
    #expect(PlotAxis(scale: .log10, values: [0, -2, .nan]) == nil)
    let constant = try #require(PlotAxis(scale: .linear, values: [2, 2]))
    #expect(constant.lower < 2 && constant.upper > 2)
}
