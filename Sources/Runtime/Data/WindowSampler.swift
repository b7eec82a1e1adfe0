import Bench

/// The seeded order in which training windows are visited: epoch after epoch, each a fresh
/// Fisher–Yates permutation of every window drawn from `SimRandom(keys: seed, stage, epoch)`.
/// A batch takes the next `batch` windows, running on into the next epoch when one ends.
///
/// Its whole state is (``epoch``, ``cursor``): a checkpoint stores the pair, and a sampler
/// rebuilt from it continues with exactly the same windows.
public struct WindowSampler: Sendable, Equatable {
    public let windowCount: Int
    public let seed: UInt64
    /// The recipe stage (each stage has its own order).
    public let stage: Int
    /// The epoch in progress.
    public private(set) var epoch: Int
    /// Windows of the epoch already taken.
    public private(set) var cursor: Int
    private var permutation: [Int]

    public init(windowCount: Int, seed: UInt64, stage: Int, epoch: Int = 0, cursor: Int = 0) {
        precondition(windowCount > 0 && cursor >= 0 && cursor <= windowCount, "WindowSampler: bad state")
        self.windowCount = windowCount
        self.seed = seed
        self.stage = stage
        self.epoch = epoch
        self.cursor = cursor
        permutation = Self.permutation(windowCount, seed: seed, stage: stage, epoch: epoch)
    }

    /// The permutation of epoch `epoch`.
    static func permutation(_ count: Int, seed: UInt64, stage: Int, epoch: Int) -> [Int] {
        var order = Array(0..<count)
        var rng = SimRandom(keys: seed, UInt64(stage), UInt64(epoch))
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    /// Writes the next `indices.count` windows into `indices`.
    public mutating func next(into indices: inout [Int]) {
        for k in indices.indices {
            if cursor == windowCount {
                epoch += 1
                cursor = 0
                permutation = Self.permutation(windowCount, seed: seed, stage: stage, epoch: epoch)
            }
            indices[k] = permutation[cursor]
            cursor += 1
        }
    }
}
