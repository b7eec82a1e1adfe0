/// MT19937 with NumPy's legacy `RandomState` draws that CALVIN's chain generator uses: seeding
/// from an integer (`np.random.seed(i)`), bounded integers by masked rejection
/// (`random_interval`), and Fisher-Yates shuffles and permutations. With these the calvin-like
/// suite rebuilds CALVIN's own list of 1000 evaluation chains.
struct MersenneTwister {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// `np.random.seed(seed)` (`init_genrand`).
    init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    /// The next 32-bit output (`genrand_int32`).
    @inline(__always)
    mutating func next() -> UInt32 {
        if index >= 624 { twist() }
        var y = state.withUnsafeBufferPointer { $0[index] }
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        state.withUnsafeMutableBufferPointer { mt in
            for i in 0..<624 {
                let next = i + 1 < 624 ? i + 1 : 0, far = i + 397 < 624 ? i + 397 : i + 397 - 624
                let y = (mt[i] & 0x8000_0000) | (mt[next] & 0x7FFF_FFFF)
                mt[i] = mt[far] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0)
            }
        }
        index = 0
    }

    /// A uniform integer in 0...max (`random_interval`, for max < 2^32).
    mutating func interval(_ max: UInt32) -> UInt32 {
        if max == 0 { return 0 }
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let value = next() & mask
            if value <= max { return value }
        }
    }

    /// Shuffles in place as `RandomState.shuffle` does.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            items.swapAt(i, Int(interval(UInt32(i))))
        }
    }

    /// `RandomState.choice(n, size, replace=False)`: the first `size` entries of a permutation of
    /// 0..<n, written into `buffer` (n entries, reused between draws).
    mutating func choiceWithoutReplacement(into buffer: inout [Int], _ n: Int) {
        buffer.withUnsafeMutableBufferPointer { p in
            for i in 0..<n { p[i] = i }
            for i in stride(from: n - 1, through: 1, by: -1) { p.swapAt(i, Int(interval(UInt32(i)))) }
        }
    }
}
