import Foundation

/// Per-element random numbers from Philox4x32-10: element `i` of stream `stream` under
/// `seed` uses counter `(lo(i), hi(i), lo(stream), hi(stream))` and key `(lo(seed), hi(seed))`.
/// Nothing depends on the order elements are drawn in. The exact recipe (docs/ir.md) is what
/// every backend reproduces:
/// - uniform in [0, 1): `((w0 << 32 | w1) >> 11) * 2^-53`
/// - normal: Box-Muller, `sqrt(-2 ln(1 - u(w0, w1))) * cos(2 pi u(w2, w3))`
public struct CounterRandom: Hashable, Sendable {
    public let seed: UInt64
    public let stream: UInt64

    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
    }

    /// The four Philox words of element `index`.
    public func words(_ index: UInt64) -> SIMD4<UInt32> {
        Philox4x32.block(
            counter: SIMD4(UInt32(truncatingIfNeeded: index), UInt32(truncatingIfNeeded: index >> 32),
                           UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32)),
            key: SIMD2(UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
    }

    /// Uniform in [0, 1) with 53 random bits.
    public func uniform(_ index: UInt64) -> Double {
        let w = words(index)
        return CounterRandom.unit(w[0], w[1])
    }

    /// Standard normal.
    public func normal(_ index: UInt64) -> Double {
        let w = words(index)
        let radius = (-2 * Foundation.log(1 - CounterRandom.unit(w[0], w[1]))).squareRoot()
        return radius * Foundation.cos(2 * Double.pi * CounterRandom.unit(w[2], w[3]))
    }

    /// Element `index` of `distribution`.
    public func sample(_ distribution: RandomDistribution, _ index: UInt64) -> Double {
        switch distribution {
        case .uniform(let low, let high): return low + (high - low) * uniform(index)
        case .normal(let mean, let std): return mean + std * normal(index)
        }
    }

    /// A stream derived from this one for retry `attempt` (used by rejection sampling).
    public func retry(_ attempt: UInt64) -> CounterRandom {
        CounterRandom(seed: seed, stream: stream &+ attempt &* 0x9E37_79B9_7F4A_7C15)
    }

    private static func unit(_ high: UInt32, _ low: UInt32) -> Double {
        Double((UInt64(high) << 32 | UInt64(low)) >> 11) * 0x1p-53
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text`: a stable stream id for a parameter name
    /// (Swift's `Hasher` is randomised per process and cannot be used).
    public static func streamID(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
