import Dispatch
import Foundation

/// Ctrl-C (SIGINT) or SIGTERM (how Slurm, Kubernetes and Docker stop a job) while training:
/// the first asks the trainer to stop after the current step (it writes a checkpoint), a
/// second one quits at once. The process then exits with 128 + the signal's number (130 for
/// SIGINT, 143 for SIGTERM), as a shell reports a process that signal ended.
final class StopSignals: @unchecked Sendable {
    /// The signals that stop a training run.
    static let handled: [Int32] = [SIGINT, SIGTERM]

    private let lock = NSLock()
    private var received: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// True once a stop signal arrived.
    var isRaised: Bool { signal != nil }

    /// The first stop signal received, if any.
    var signal: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// The exit status for a run the first signal stopped.
    var exitStatus: Int32 { 128 + (signal ?? SIGINT) }

    func install() {
        for number in Self.handled {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.raise(number) }
            source.resume()
            sources.append(source)
        }
    }

    func uninstall() {
        for source in sources { source.cancel() }
        sources = []
        for number in Self.handled { Foundation.signal(number, SIG_DFL) }
    }

    private func raise(_ number: Int32) {
        lock.lock()
        let first = received
        received = first ?? number
        lock.unlock()
        if first != nil { Foundation.exit(128 + number) }
        let name = number == SIGTERM ? "SIGTERM" : "Ctrl-C"
        Log.line("\n\(name): stopping after this step to write a checkpoint (a second signal quits at once)")
    }
}
