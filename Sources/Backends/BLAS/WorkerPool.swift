import Dispatch
import Foundation
import Synchronization

/// Work split into partitions that threads run side by side. Partition boundaries depend only
/// on the partition count (never on which thread runs a partition), so results are the same
/// for a given thread count.
protocol ParallelJob: AnyObject {
    func runPartition(_ index: Int, of count: Int)
}

/// A small persistent thread pool for one executable. A job's partitions are *claimed*: the
/// calling thread and `threadCount - 1` workers take partition indices from one atomic word
/// (generation | partition count | next index) until none is left, and the caller waits only
/// for partitions already being run — a worker that another process has descheduled never
/// holds up a kernel it has not started. After a job a worker spins on the word for about
/// 50 µs (kernels arrive back to back within a run), then sleeps on a condition variable.
/// Dispatching a job allocates nothing.
final class WorkerPool {
    let threadCount: Int
    private let shared: SharedState

    /// Most threads a pool runs (far more than a policy's kernels can use; the partition count
    /// is a 16-bit field of the shared word).
    static let maximumThreads = 64

    /// Starts a thread running `body`; false when the system refuses one (a process limit).
    typealias ThreadStarter = (_ body: @escaping @Sendable () -> Void) -> Bool

    /// `onWorkerStart` runs once on each worker thread as it starts (instrumentation). A worker
    /// that cannot be started (a process or thread limit) is left out: its partitions are
    /// claimed by the others, so results stay those of `threadCount` threads, only slower.
    init(threadCount: Int, onWorkerStart: (@Sendable () -> Void)? = nil, startThread: ThreadStarter = WorkerPool.startThread) {
        self.threadCount = Swift.min(Swift.max(1, threadCount), Self.maximumThreads)
        shared = SharedState(workers: self.threadCount - 1)
        for _ in 1..<self.threadCount {
            let shared = self.shared
            let started = startThread {
                onWorkerStart?()
                shared.work()
            }
            if !started { shared.workerDidNotStart() }
        }
    }

    /// Starts a detached POSIX thread running `body`.
    static func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        final class Body {
            let run: @Sendable () -> Void
            init(_ run: @escaping @Sendable () -> Void) { self.run = run }
        }
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            return false
        }
        pthread_detach(thread)
        return true
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
        /// generation << 32 | partitions << 16 | next partition to claim.
        private let state = Atomic<UInt64>(0)
        /// Partitions of the current generation finished.
        private let done = Atomic<Int>(0)
        private let sleepers = Atomic<Int>(0)
        private let running = Atomic<Int>(0)
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        /// The current job; stable while any of its partitions is unfinished.
        private var job: (any ParallelJob)?
        private var generation: UInt64 = 0
        private var stopping = false

        init(workers: Int) {
            self.workers = workers
            running.store(workers, ordering: .sequentiallyConsistent)
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(wake, nil)
        }

        deinit {
            pthread_cond_destroy(wake)
            pthread_mutex_destroy(mutex)
            wake.deallocate()
            mutex.deallocate()
        }

        @inline(__always)
        private static func generation(_ word: UInt64) -> UInt64 { word >> 32 }

        func dispatch(_ job: any ParallelJob, _ parts: Int) {
            self.job = job
            done.store(0, ordering: .relaxed)
            generation += 1
            publish(generation << 32 | UInt64(parts) << 16)
            claim(generation)
            var spins = 0
            while done.load(ordering: .acquiring) < parts {
                spins += 1
                if spins > 64 { sched_yield() }
            }
            self.job = nil
        }

        /// Claims and runs partitions of generation `current` until none is left.
        private func claim(_ current: UInt64) {
            while true {
                let word = state.load(ordering: .acquiring)
                let (parts, next) = (Int(word >> 16 & 0xFFFF), Int(word & 0xFFFF))
                guard Self.generation(word) == current, next < parts else { return }
                if state.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing).exchanged {
                    job?.runPartition(next, of: parts)
                    done.wrappingAdd(1, ordering: .releasing)
                }
            }
        }

        /// Counts out a worker whose thread could not be started, so that ``stop()`` does not wait for it.
        func workerDidNotStart() {
            running.wrappingSubtract(1, ordering: .releasing)
        }

        /// Stops the workers and waits until they have left.
        func stop() {
            stopping = true
            generation += 1
            publish(generation << 32)
            while running.load(ordering: .acquiring) > 0 { sched_yield() }
        }

        private func publish(_ word: UInt64) {
            state.store(word, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(wake)
                pthread_mutex_unlock(mutex)
            }
        }

        /// A worker's loop: wait for a new generation (spin, then sleep), claim its partitions.
        func work() {
            var seen: UInt64 = 0
            while true {
                var spins = 0
                var spinStart: UInt64 = 0
                while Self.generation(state.load(ordering: .acquiring)) == seen {
                    spins += 1
                    if spins & 63 == 0 && spinStart == 0 { spinStart = DispatchTime.now().uptimeNanoseconds }
                    if spinStart == 0 || DispatchTime.now().uptimeNanoseconds - spinStart < 50_000 { continue }
                    pthread_mutex_lock(mutex)
                    sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
                    while Self.generation(state.load(ordering: .sequentiallyConsistent)) == seen { pthread_cond_wait(wake, mutex) }
                    sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
                    pthread_mutex_unlock(mutex)
                }
                seen = Self.generation(state.load(ordering: .acquiring))
                if stopping {
                    running.wrappingSubtract(1, ordering: .releasing)
                    return
                }
                claim(seen)
            }
        }
    }
}
