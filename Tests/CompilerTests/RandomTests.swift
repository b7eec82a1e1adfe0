import Compiler
import Testing

/// Philox4x32-10 against the Random123 known-answer vectors, and the counter-based streams.
@Suite struct RandomTests {
    @Test func philoxKnownAnswers() {
        #expect(Philox4x32.block(counter: SIMD4(0, 0, 0, 0), key: SIMD2(0, 0))
                == SIMD4(0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8))
        #expect(Philox4x32.block(counter: SIMD4(repeating: 0xFFFF_FFFF), key: SIMD2(repeating: 0xFFFF_FFFF))
                == SIMD4(0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD))
        #expect(Philox4x32.block(counter: SIMD4(0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344),
                                 key: SIMD2(0xA409_3822, 0x299F_31D0))
                == SIMD4(0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1))
    }

    @Test func elementsAreIndependentOfOrder() {
        let random = CounterRandom(seed: 5, stream: 2)
        let forward = (0..<100).map { random.normal(UInt64($0)) }
        let backward = (0..<100).reversed().map { random.normal(UInt64($0)) }.reversed()
        #expect(forward == Array(backward))
        #expect(CounterRandom(seed: 5, stream: 3).normal(0) != forward[0])
        #expect(CounterRandom(seed: 6, stream: 2).normal(0) != forward[0])
    }

    @Test func uniformAndNormalStatistics() {
        let random = CounterRandom(seed: 1)
        let uniforms = (0..<50_000).map { random.uniform(UInt64($0)) }
        #expect(uniforms.allSatisfy { (0..<1).contains($0) })
        #expect(abs(uniforms.reduce(0, +) / 50_000 - 0.5) < 0.005)
        let normals = (0..<50_000).map { random.normal(UInt64($0)) }
        let mean = normals.reduce(0, +) / 50_000
        let variance = normals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 50_000
        #expect(abs(mean) < 0.015)
        #expect(abs(variance - 1) < 0.02)
    }

    /// The vectorised fill gives ``CounterRandom/sample(_:_:)``'s values exactly: both
    /// distributions, ranges that start off a 16-element boundary and end in a tail, counters
    /// whose high word is used, and seeds and streams with both halves set.
    @Test(arguments: [(0, 37), (5, 70), (Int(UInt32.max) - 20, Int(UInt32.max) + 29)])
    func fillMatchesSampleElementByElement(_ bounds: (Int, Int)) {
        let range = bounds.0..<bounds.1
        for random in [CounterRandom(seed: 7), CounterRandom(seed: 0xDEAD_BEEF_0123_4567, stream: 0x8000_0000_0000_0003)] {
            for distribution in [RandomDistribution.uniform(low: -2, high: 3), .normal(mean: 0.5, std: 2)] {
                var filled = [Float](repeating: .nan, count: range.count)
                filled.withUnsafeMutableBufferPointer { random.fill(distribution, range, into: $0.baseAddress!) }
                #expect(filled == range.map { Float(random.sample(distribution, UInt64($0))) })
            }
        }
    }
}
