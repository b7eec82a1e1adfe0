import ArgumentParser
import Foundation

/// How a closed-loop evaluation runs its episodes: the threads that step environments and the
/// episodes in flight per policy call (`bench`, `bench compare`, `bench sanity`).
struct RolloutArguments: ParsableArguments {
    @Option(help: "Threads that step environments (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Episodes in flight at once (rows per policy call).")
    var batch = 100

    /// The threads and the episodes in flight of a run: with `--env` every slot holds an
    /// environment process, and one policy call serves all of them.
    func slots(environment: EnvironmentArguments) -> (threads: Int, batch: Int) {
        environment.command != nil ? (environment.workerCount, environment.workerCount) : (threads, batch)
    }
}
