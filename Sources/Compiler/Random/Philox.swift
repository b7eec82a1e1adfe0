/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011):
/// a counter-based generator. The same (counter, key) always gives the same four words, so
/// random numbers can be computed per element, in any order, on any backend.
public enum Philox4x32 {
    static let multiplier0: UInt32 = 0xD251_1F53
    static let multiplier1: UInt32 = 0xCD9E_8D57
    static let weyl0: UInt32 = 0x9E37_79B9
    static let weyl1: UInt32 = 0xBB67_AE85

    /// Ten rounds of Philox on `counter` under `key`.
    public static func block(counter: SIMD4<UInt32>, key: SIMD2<UInt32>) -> SIMD4<UInt32> {
        var x = counter
        var k = key
        for round in 0..<10 {
            if round > 0 {
                k.x &+= weyl0
                k.y &+= weyl1
            }
            let product0 = UInt64(multiplier0) * UInt64(x[0])
            let product1 = UInt64(multiplier1) * UInt64(x[2])
            x = SIMD4(
                UInt32(truncatingIfNeeded: product1 >> 32) ^ x[1] ^ k.x,
                UInt32(truncatingIfNeeded: product1),
                UInt32(truncatingIfNeeded: product0 >> 32) ^ x[3] ^ k.y,
                UInt32(truncatingIfNeeded: product0)
            )
        }
        return x
    }
}
