import AllocationCounter
import Backends
import Compiler
import Testing

/// Running a prepared program allocates nothing. The test binary replaces glibc's allocation
/// functions (Tests/AllocationCounter) with counting wrappers; the calling thread and the
/// executable's worker threads are tracked while a training step runs 1000 times.
/// (OpenBLAS's own threads are not instrumented; OpenBLAS takes its GEMM buffers from a pool
/// it allocates once.)
@Suite(.serialized) struct BLASAllocationTests {
    @Test func theCounterSeesAllocations() {
        allocation_counter_track_current_thread(1)
        let before = allocation_counter_total()
        let array = (0..<1000).map { $0 * 2 }
        let after = allocation_counter_total()
        allocation_counter_track_current_thread(0)
        #expect(array.count == 1000)
        #expect(after > before)
    }

    @Test(arguments: [1, 2])
    func aThousandTrainingStepsAllocateNothing(threads: Int) throws {
        let graph = try BLASFusionTests.transformerTraining(batch: 2, tokens: 8, dim: 16, heads: 2)
        let (step, updates) = try graph.appendingAdamWStep(loss: "loss")
        let program = try compile(step, options: .init(stateUpdates: updates)).program
        let executable = BLASExecutable(program: program, threads: threads,
                                        onWorkerStart: { allocation_counter_track_current_thread(1) })
        var feeds = randomFeeds(step, seed: 2, range: -0.1...0.1)
        feeds[AdamW.Names.step] = HostTensor(shape: [], floats: [1])
        try executable.set(feeds)
        try executable.run()
        allocation_counter_track_current_thread(1)
        let before = allocation_counter_total()
        for _ in 0..<1000 { try executable.run() }
        let after = allocation_counter_total()
        allocation_counter_track_current_thread(0)
        #expect(after - before == 0, "\(after - before) allocations in 1000 runs")
    }
}
