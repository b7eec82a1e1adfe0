import Foundation

/// Progress on stderr: a redrawn bar on a terminal, a plain line every 10% otherwise.
public final class ProgressBar {
    private let label: String
    private let isTerminal: Bool
    private var lastDecile = -1
    private var lastDraw = Date.distantPast

    public init(label: String, isTerminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.label = label
        self.isTerminal = isTerminal
    }

    /// Shows `done` of `total` with a free-form `detail` (e.g. "success 97.0%") and an ETA.
    public func update(done: Int, total: Int, elapsed: Double, detail: String) {
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        if isTerminal {
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r\(label) [\(bar)] \(done)/\(total) · \(detail) · ETA \(Self.clock(eta))  " + (done == total ? "\n" : ""))
        } else {
            let decile = Int(fraction * 10)
            guard decile != lastDecile else { return }
            lastDecile = decile
            write("\(label): \(done)/\(total) (\(Int(fraction * 100))%) · \(detail) · elapsed \(Self.clock(elapsed))\n")
        }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
