import Foundation

/// Seconds of wall-clock time `body` takes.
func seconds(_ body: () -> Void) -> Double {
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
}

/// Median times of two contenders, measured alternately so that both see the same machine load
/// (on a shared 2-core machine, load drifts over seconds; interleaving cancels it).
func interleavedMedians(rounds: Int, warmup: Int = 2, _ neurop: () -> Void, _ peer: () -> Void) -> (Double, Double) {
    for _ in 0..<warmup {
        neurop()
        peer()
    }
    var a: [Double] = [], b: [Double] = []
    for r in 0..<rounds {
        // Alternate which goes first, so neither always runs on a warmer cache.
        if r % 2 == 0 {
            a.append(seconds(neurop))
            b.append(seconds(peer))
        } else {
            b.append(seconds(peer))
            a.append(seconds(neurop))
        }
    }
    return (a.sorted()[rounds / 2], b.sorted()[rounds / 2])
}

/// The stable result line: `ratio` > 1 means neurop is better (`higherIsBetter` for rates).
func report(_ name: String, neurop: Double, peer: Double, unit: String, higherIsBetter: Bool) {
    let ratio = higherIsBetter ? neurop / peer : peer / neurop
    print("bench \(name) neurop=\(format(neurop)) peer=\(format(peer)) unit=\(unit) ratio=\(String(format: "%.3f", ratio))")
}

func format(_ x: Double) -> String {
    x >= 100 ? String(format: "%.1f", x) : x >= 1 ? String(format: "%.3f", x) : String(format: "%.4g", x)
}
