import Compiler

/// Counter-based random numbers (docs/ir.md), computed in Double and rounded to f32: 16
/// elements at a time (``CounterRandom/fill(_:_:into:)``), split across the pool. Every
/// element depends only on its index, so the split does not change the values.
final class RandomStep: KernelStep, ParallelJob {
    private let distribution: RandomDistribution
    private let seed: UInt64
    private let counter: UnsafeMutablePointer<Int32>?
    private let output: UnsafeMutablePointer<Float>
    private let count: Int
    private let parts: Int
    private var generator: CounterRandom

    init(distribution: RandomDistribution, seed: UInt64, counter: UnsafeMutablePointer<Int32>?, output: UnsafeMutablePointer<Float>,
         count: Int, context: StepContext) {
        self.distribution = distribution
        self.seed = seed
        self.counter = counter
        self.output = output
        self.count = count
        // A draw costs about as much as a few dozen flops: split once the tensor is not tiny.
        parts = context.partitions(forWork: count * 8)
        generator = CounterRandom(seed: seed)
    }

    func run(_ pool: WorkerPool) {
        generator = CounterRandom(seed: seed, stream: counter.map { UInt64(bitPattern: Int64($0.pointee)) } ?? 0)
        pool.run(self, partitions: parts)
    }

    func runPartition(_ index: Int, of count: Int) {
        let range = partition(self.count, index, of: count)
        generator.fill(distribution, range, into: output + range.lowerBound)
    }
}
