import Compiler

/// Runs an `ElementwiseProgram` over its whole output, split across the pool by flat range.
final class ElementwiseStep: KernelStep, ParallelJob {
    let program: ElementwiseProgram
    private let scratch: Pinned<ElementwiseScratch>
    private let parts: Int

    init(_ program: ElementwiseProgram, _ context: StepContext) {
        self.program = program
        parts = context.partitions(forWork: program.count * Swift.max(program.operations.count, 1))
        scratch = Pinned((0..<parts).map { _ in program.makeScratch() })
    }

    func run(_ pool: WorkerPool) {
        pool.run(self, partitions: parts)
    }

    func runPartition(_ index: Int, of count: Int) {
        program.run(partition(program.count, index, of: count), scratch[index])
    }
}
