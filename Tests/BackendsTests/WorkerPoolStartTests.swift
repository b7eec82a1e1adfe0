import Foundation
import Synchronization
import Testing
@testable import Backends

/// A pool whose threads cannot all be started (a process limit) still runs every partition and
/// shuts down, instead of waiting forever for workers that never ran (issue 18).
@Suite struct WorkerPoolStartTests {
    final class CountingJob: ParallelJob, @unchecked Sendable {
        let runs = Atomic<Int>(0)
        let seen = Mutex<Set<Int>>([])
        func runPartition(_ index: Int, of count: Int) {
            runs.wrappingAdd(1, ordering: .relaxed)
            seen.withLock { _ = $0.insert(index) }
        }
    }

    @Test func failedThreadStartsLeaveAWorkingPool() {
        for startable in [0, 1, 3] {
            var started = 0
            let job = CountingJob()
            do {
                let pool = WorkerPool(threadCount: 6, startThread: { body in
                    guard started < startable else { return false }
                    started += 1
                    return WorkerPool.startThread(body)
                })
                #expect(pool.threadCount == 6, "partitions stay those of the requested count")
                for _ in 0..<50 { pool.run(job, partitions: 6) }
            }
            #expect(job.runs.load(ordering: .relaxed) == 300, "\(startable) workers started")
            #expect(job.seen.withLock { $0 } == Set(0..<6))
        }
    }

    @Test func threadCountIsCapped() {
        let pool = WorkerPool(threadCount: 100_000, startThread: { _ in false })
        #expect(pool.threadCount == WorkerPool.maximumThreads)
        #expect(BLASExecutable.maximumThreads == WorkerPool.maximumThreads)
    }
}
