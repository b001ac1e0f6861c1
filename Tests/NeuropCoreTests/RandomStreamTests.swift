import NeuropCore
import Testing

@Suite struct RandomStreamTests {
    /// Known-answer vectors of Philox-4×32-10 from Random123's kat_vectors.
    @Test func philoxMatchesRandom123KnownAnswers() {
        let zero = RandomStream.philox(counter: (0, 0, 0, 0), key: (0, 0))
        #expect([zero.0, zero.1, zero.2, zero.3] == [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8])
        let ones = RandomStream.philox(counter: (.max, .max, .max, .max), key: (.max, .max))
        #expect([ones.0, ones.1, ones.2, ones.3] == [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD])
        let pi = RandomStream.philox(counter: (0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344),
                                     key: (0xA409_3822, 0x299F_31D0))
        #expect([pi.0, pi.1, pi.2, pi.3] == [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1])
    }

    @Test func streamsAreReproducibleAndDistinct() {
        var a = RandomStream(seed: 42, stream: 7)
        var b = RandomStream(seed: 42, stream: 7)
        var c = RandomStream(seed: 42, stream: 8)
        var d = RandomStream(seed: 43, stream: 7)
        let xa = (0..<100).map { _ in a.next32() }
        #expect(xa == (0..<100).map { _ in b.next32() })
        #expect(xa != (0..<100).map { _ in c.next32() })
        #expect(xa != (0..<100).map { _ in d.next32() })
    }

    /// Each sample's numbers depend only on (seed, sample index), whatever the thread count.
    @Test(arguments: [1, 2, 3, 8])
    func sameNumbersWhateverTheThreadCount(threads: Int) {
        let samples = 64
        func draw(pool: ThreadPool) -> [[Double]] {
            let out = UnsafeMutablePointer<Double>.allocate(capacity: samples * 50)
            defer { out.deallocate() }
            pool.parallelFor(samples) { i in
                var rng = RandomStream(seed: 2024, stream: UInt64(i))
                for j in 0..<50 { out[i * 50 + j] = rng.normal() }
            }
            return (0..<samples).map { i in Array(UnsafeBufferPointer(start: out + i * 50, count: 50)) }
        }
        let serial = draw(pool: ThreadPool(threads: 1))
        let parallel = draw(pool: ThreadPool(threads: threads))
        #expect(serial == parallel)
    }

    /// Moments of uniform and normal draws within 5 standard errors of their exact values.
    @Test func momentsMatchTheirDistributions() {
        var rng = RandomStream(seed: 3)
        let n = 200_000
        var su = 0.0, su2 = 0.0, sn = 0.0, sn2 = 0.0, sn4 = 0.0
        for _ in 0..<n {
            let u = rng.uniform()
            #expect(u >= 0 && u < 1)
            su += u
            su2 += u * u
            let z = rng.normal()
            sn += z
            sn2 += z * z
            sn4 += z * z * z * z
        }
        let N = Double(n)
        #expect(abs(su / N - 0.5) < 5 * (1.0 / 12).squareRoot() / N.squareRoot())
        #expect(abs(su2 / N - 1.0 / 3) < 5 * (4.0 / 45).squareRoot() / N.squareRoot())
        #expect(abs(sn / N) < 5 / N.squareRoot())
        #expect(abs(sn2 / N - 1) < 5 * 2.0.squareRoot() / N.squareRoot())
        #expect(abs(sn4 / N - 3) < 5 * 96.0.squareRoot() / N.squareRoot())
    }

    @Test func shufflesThroughTheStandardLibrary() {
        var a = RandomStream(seed: 9), b = RandomStream(seed: 9)
        let x = Array(0..<50).shuffled(using: &a)
        #expect(x == Array(0..<50).shuffled(using: &b))
        #expect(x.sorted() == Array(0..<50))
        #expect(x != Array(0..<50))
    }
}
