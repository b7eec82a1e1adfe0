import Foundation
import Synchronization

/// Work split into partitions that threads run side by side. Partition boundaries depend only
/// on the partition count, so results are the same for a given thread count.
protocol ParallelJob: AnyObject {
    func runPartition(_ index: Int, of count: Int)
}

/// A small persistent thread pool for one executable: the calling thread runs partition 0,
/// `threadCount - 1` workers the others. Workers spin briefly on the job counter after a job
/// (kernels arrive back to back within a run), then sleep on a condition variable. Dispatching
/// a job allocates nothing.
final class WorkerPool {
    let threadCount: Int
    private let shared: SharedState

    /// `onWorkerStart` runs once on each worker thread as it starts (instrumentation).
    init(threadCount: Int, onWorkerStart: (@Sendable () -> Void)? = nil) {
        self.threadCount = Swift.max(1, threadCount)
        shared = SharedState(workers: self.threadCount - 1)
        for index in 1..<self.threadCount {
            let shared = self.shared
            let thread = Thread {
                onWorkerStart?()
                shared.work(index)
            }
            thread.name = "polspec-blas-\(index)"
            thread.start()
        }
    }

    deinit { shared.stop() }

    /// Runs `job` in `count` partitions (at most the thread count) and returns when all are done.
    func run(_ job: any ParallelJob, partitions count: Int) {
        let parts = Swift.min(Swift.max(count, 1), threadCount)
        guard parts > 1 else {
            job.runPartition(0, of: 1)
            return
        }
        shared.dispatch(job, parts)
    }

    /// What the caller and the workers share (the workers hold it, not the pool).
    private final class SharedState: @unchecked Sendable {
        let workers: Int
        private let generation = Atomic<Int>(0)
        private let pending = Atomic<Int>(0)
        private let sleepers = Atomic<Int>(0)
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        /// The job of the current generation (written before the generation is published).
        private var job: (any ParallelJob)?
        private var partitions = 0
        private var stopping = false

        init(workers: Int) {
            self.workers = workers
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(wake, nil)
        }

        deinit {
            pthread_cond_destroy(wake)
            pthread_mutex_destroy(mutex)
            wake.deallocate()
            mutex.deallocate()
        }

        func dispatch(_ job: any ParallelJob, _ parts: Int) {
            self.job = job
            partitions = parts
            pending.store(workers, ordering: .sequentiallyConsistent)
            publish()
            job.runPartition(0, of: parts)
            var spins = 0
            while pending.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins > 64 { sched_yield() }
            }
            self.job = nil
        }

        /// Stops the workers and waits until they have left.
        func stop() {
            stopping = true
            pending.store(workers, ordering: .sequentiallyConsistent)
            publish()
            while pending.load(ordering: .acquiring) > 0 { sched_yield() }
        }

        private func publish() {
            generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(wake)
                pthread_mutex_unlock(mutex)
            }
        }

        /// A worker's loop. It starts from generation 0 (the pool's, before any job), so a job
        /// published before the thread got going is not missed.
        func work(_ index: Int) {
            var seen = 0
            while true {
                var spins = 0
                while generation.load(ordering: .acquiring) == seen {
                    spins += 1
                    if spins < 2_000 {
                        if spins > 256 { sched_yield() }
                        continue
                    }
                    pthread_mutex_lock(mutex)
                    sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
                    while generation.load(ordering: .sequentiallyConsistent) == seen { pthread_cond_wait(wake, mutex) }
                    sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
                    pthread_mutex_unlock(mutex)
                }
                seen = generation.load(ordering: .acquiring)
                if stopping {
                    pending.wrappingSubtract(1, ordering: .releasing)
                    return
                }
                if index < partitions, let job { job.runPartition(index, of: partitions) }
                pending.wrappingSubtract(1, ordering: .releasing)
            }
        }
    }
}
