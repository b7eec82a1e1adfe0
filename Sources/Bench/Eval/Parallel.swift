import Foundation

/// Runs work split in lanes on several threads.
enum Parallel {
    /// Calls `body(lane)` for lanes 0 ..< `lanes`, concurrently when there is more than one.
    ///
    /// The caller guarantees that different lanes touch disjoint data (each lane owns a slice of
    /// the environments and of the output buffers), which is why the closure may capture
    /// non-Sendable state.
    static func forEachLane(_ lanes: Int, _ body: (Int) -> Void) {
        if lanes <= 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: lanes) { work($0) }
        }
    }
}
