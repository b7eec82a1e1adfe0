import Foundation

/// The simulator's seeded random number generator (SplitMix64): tiny, fast, and the same
/// sequence on every platform, so a seed names one exact stream of numbers.
public struct SimRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator whose seed mixes several keys (e.g. a run seed, a task and an episode index),
    /// so that nearby keys give unrelated streams.
    public init(keys: UInt64...) {
        self.init(keyList: keys)
    }

    /// ``init(keys:)`` with the keys in an array.
    public init(keyList keys: [UInt64]) {
        var s: UInt64 = 0x243F_6A88_85A3_08D3
        for k in keys {
            s = SimRandom.mix(s ^ k)
        }
        state = s
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SimRandom.mix(state)
    }

    /// A uniform double in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform double in [lo, hi).
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * unit()
    }

    /// A uniform point in the box [lo, hi).
    public mutating func uniform(_ lo: Vec3, _ hi: Vec3) -> Vec3 {
        Vec3(uniform(lo.x, hi.x), uniform(lo.y, hi.y), uniform(lo.z, hi.z))
    }

    /// A standard normal sample (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// The SplitMix64 finaliser.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stable 64-bit hash of a string (FNV-1a), for deriving seeds from names.
    public static func hash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
