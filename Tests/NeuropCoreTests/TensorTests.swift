import Foundation
import NeuropCore
import NeuropTestSupport
import Testing

@Suite struct TensorTests {
    @Test func broadcastingArithmeticMatchesElementLoops() {
        let a = randomTensor([3, 1, 5], seed: 1)
        let b = randomTensor([4, 1], seed: 2)
        let c = a * b + a
        #expect(c.shape == [3, 4, 5])
        for i in 0..<3 {
            for j in 0..<4 {
                for k in 0..<5 {
                    #expect(c[i, j, k] == a[i, 0, k] * b[j, 0] + a[i, 0, k])
                }
            }
        }
        #expect(Tensor.broadcastShape([2, 3], [4, 3]) == nil)
        let big = randomTensor([64, 33, 40], seed: 5) - randomTensor([33, 1], seed: 6)
        let small = randomTensor([33, 1], seed: 6)
        let ref = randomTensor([64, 33, 40], seed: 5)
        #expect(big[63, 32, 39] == ref[63, 32, 39] - small[32, 0])
    }

    @Test func reducingToABroadcastShapeSumsTheStretchedAxes() {
        let x = randomTensor([3, 4, 5], seed: 3)
        let r = x.reduced(toShape: [4, 1])
        for j in 0..<4 {
            var s: Float = 0
            for i in 0..<3 { for k in 0..<5 { s += x[i, j, k] } }
            #expect(abs(r[j, 0] - s) < 1e-5)
        }
        #expect(abs(x.sum(alongAxis: 1)[2, 3] - (0..<4).map { x[2, $0, 3] }.reduce(0, +)) < 1e-5)
    }

    @Test func reductions() {
        let x = Tensor(shape: [2, 3], values: [1, -2, 3, 4, 5, -6])
        #expect(x.sum() == 5)
        #expect(abs(x.mean() - 5.0 / 6) < 1e-7)
        #expect(x.min() == -6 && x.max() == 5)
        #expect(x.squaredNorm() == 91)
        #expect(x.sum(alongAxis: 0).values == [5, 3, -3])
        #expect(x.mean(alongAxis: 1, keepingDimension: true).shape == [2, 1])
    }

    @Test func permuteSliceConcatenate() {
        let x = randomTensor([2, 3, 4], seed: 4)
        let p = x.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        #expect(p[3, 1, 2] == x[1, 2, 3])
        #expect(x.transposed()[1, 3, 2] == x[1, 2, 3])
        let s = x.slice(axis: 1, 1..<3)
        #expect(s.shape == [2, 2, 4] && s[1, 0, 2] == x[1, 1, 2])
        let joined = Tensor.concatenate([x.slice(axis: 1, 0..<1), s], axis: 1)
        #expect(joined == x)
        #expect(x.reshaped([6, -1]).shape == [6, 4])
    }

    @Test func paddingModes() {
        let x = Tensor(shape: [1, 3], values: [1, 2, 3])
        #expect(x.padded([(2, 2)], mode: .zero).values == [0, 0, 1, 2, 3, 0, 0])
        #expect(x.padded([(2, 2)], mode: .circular).values == [2, 3, 1, 2, 3, 1, 2])
        #expect(x.padded([(2, 2)], mode: .reflect).values == [3, 2, 1, 2, 3, 2, 1])
        let y = Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        let r = y.padded([(1, 0), (0, 1)], mode: .reflect)
        #expect(r.shape == [3, 3])
        #expect(r.values == [3, 4, 3, 1, 2, 1, 3, 4, 3])
    }

    @Test func copyOnWriteKeepsValuesIndependent() {
        let a = Tensor(shape: [2], values: [1, 2])
        var b = a
        b[1] = 7
        #expect(a.values == [1, 2] && b.values == [1, 7])
    }

    /// The vector level the kernel choice reads from CPUID/XGETBV agrees with the kernel's own
    /// account of the CPU (Linux's /proc/cpuinfo flags).
    @Test func cpuVectorLevelMatchesTheKernelsFlags() throws {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return }
        let flags = Set(line.split(separator: " ").map(String.init))
        let avx512 = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
        let expected = avx512 ? 2 : (flags.contains("avx2") && flags.contains("fma")) ? 1 : 0
        #expect(BLAS.cpuVectorLevel == expected, "flags: \(flags.sorted().filter { $0.hasPrefix("avx") || $0 == "fma" })")
    }

    @Test func matmulMatchesNaiveProducts() {
        let a = randomTensor([2, 5, 7], seed: 10)
        let b = randomTensor([2, 7, 3], seed: 11)
        let c = Tensor.matmul(a, b)
        let bt = Tensor.matmul(a, b.transposed(), transposeB: true)
        let at = Tensor.matmul(a.transposed(), b, transposeA: true)
        let shared = Tensor.matmul(a, b.slice(axis: 0, 1..<2).reshaped([7, 3]))
        for n in 0..<2 {
            for i in 0..<5 {
                for j in 0..<3 {
                    var s: Float = 0
                    for k in 0..<7 { s += a[n, i, k] * b[n, k, j] }
                    #expect(abs(c[n, i, j] - s) < 1e-5)
                    #expect(abs(bt[n, i, j] - s) < 1e-5)
                    #expect(abs(at[n, i, j] - s) < 1e-5)
                    var t: Float = 0
                    for k in 0..<7 { t += a[n, i, k] * b[1, k, j] }
                    #expect(abs(shared[n, i, j] - t) < 1e-5)
                }
            }
        }
    }

    @Test func threadPoolRunsEveryIndexOnceAndNestsSerially() {
        let pool = ThreadPool(threads: 3)
        let hits = UnsafeMutablePointer<Int>.allocate(capacity: 1000)
        hits.initialize(repeating: 0, count: 1000)
        defer { hits.deallocate() }
        pool.parallelFor(10) { outer in
            pool.parallelFor(100) { inner in hits[outer * 100 + inner] += 1 }
        }
        #expect((0..<1000).allSatisfy { hits[$0] == 1 })
    }

    /// Rounds of 3 bodies side by side (7 = 3 + 3 + 1): every index runs once, results reach
    /// `consume` in index order, bodies of a full round run inside the pool's region (their own
    /// loops serial) and the last, lone one on the caller with the pool free.
    @Test func roundsConsumeInIndexOrder() {
        let pool = ThreadPool(threads: 3)
        var order: [Int] = [], nested: [Bool] = []
        pool.forEachInRounds(7, { i in (i * i, ThreadPool.isInsideParallelRegion) }, consume: { i, result in
            #expect(result.0 == i * i)
            order.append(i)
            nested.append(result.1)
        })
        #expect(order == Array(0..<7))
        #expect(nested == [true, true, true, true, true, true, false])
    }
}

@Suite struct BroadcastTests {
    @Test func broadcastedCopiesAlongStretchedAxes() {
        let x = Tensor(shape: [2, 1], values: [1, 2])
        #expect(x.broadcasted(to: [3, 2, 2]).values == [1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2])
        #expect(x.broadcasted(to: [3, 2, 2]).reduced(toShape: [2, 1]).values == [6, 12])
    }
}
