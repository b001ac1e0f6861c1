/// A counter-based random number generator: Philox-4×32-10 (Salmon et al., "Parallel random
/// numbers: as easy as 1, 2, 3", SC 2011).
///
/// Each 128-bit counter value is encrypted under a 64-bit key by ten Philox rounds, giving four
/// independent 32-bit words. neurop keys it with the user's seed and puts the *stream* (usually a
/// sample index) in the upper half of the counter, so the numbers sample `i` sees depend only on
/// `(seed, i)` — never on which thread draws them or in which order. Each stream has 2⁶⁴ blocks.
public struct RandomStream: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    public let stream: UInt64
    private var block: UInt64 = 0
    private var buffer: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
    private var used = 4
    private var spareNormal: Double?

    /// The generator for `stream` under `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    /// The Philox-4×32-10 bijection of `counter` under `key`.
    public static func philox(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32))
        -> (UInt32, UInt32, UInt32, UInt32)
    {
        var (c0, c1, c2, c3) = counter
        var (k0, k1) = key
        for round in 0..<10 {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            let (hi0, lo0) = (UInt32(truncatingIfNeeded: p0 >> 32), UInt32(truncatingIfNeeded: p0))
            let (hi1, lo1) = (UInt32(truncatingIfNeeded: p1 >> 32), UInt32(truncatingIfNeeded: p1))
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
        }
        return (c0, c1, c2, c3)
    }

    private mutating func refill() {
        let counter = (UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32),
                       UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
        buffer = RandomStream.philox(counter: counter, key: (UInt32(truncatingIfNeeded: seed),
                                                              UInt32(truncatingIfNeeded: seed >> 32)))
        block &+= 1
        used = 0
    }

    /// The next 32 random bits.
    public mutating func next32() -> UInt32 {
        if used == 4 { refill() }
        defer { used += 1 }
        switch used {
        case 0: return buffer.0
        case 1: return buffer.1
        case 2: return buffer.2
        default: return buffer.3
        }
    }

    /// The next 64 random bits (`RandomNumberGenerator`), so Swift's `shuffle(using:)` and
    /// `Int.random(in:using:)` draw from this stream too.
    public mutating func next() -> UInt64 {
        UInt64(next32()) << 32 | UInt64(next32())
    }

    /// Uniform on [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1]: safe to take the logarithm of.
    public mutating func uniformPositive() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A standard normal deviate (Box–Muller; the second value of each pair is kept for the next call).
    public mutating func normal() -> Double {
        if let z = spareNormal {
            spareNormal = nil
            return z
        }
        let r = (-2 * _log(uniformPositive())).squareRoot()
        let theta = 2 * Double.pi * uniform()
        spareNormal = r * _sin(theta)
        return r * _cos(theta)
    }

    /// Fills `buffer` with standard normal deviates.
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
        for i in buffer.indices { buffer[i] = normal() }
    }
}

// Foundation-free libm access keeps NeuropCore's RNG usable from any module.
#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
@inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) private func _sin(_ x: Double) -> Double { Darwin.sin(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
