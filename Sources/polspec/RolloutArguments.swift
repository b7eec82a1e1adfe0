import ArgumentParser
import Foundation

/// How a closed-loop evaluation runs its episodes: the threads that step environments and the
/// episodes in flight per policy call (`bench`, `bench compare`).
struct RolloutArguments: ParsableArguments {
    @Option(help: "Threads that step environments (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Episodes in flight at once (rows per policy call).")
    var batch = 100
}
