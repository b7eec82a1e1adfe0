/// The frames each evaluator slot's policy has seen, per observation: the last `frames`
/// observations, oldest first. A slot that starts an episode has no history; its first
/// observation fills every frame (as training windows repeat an episode's first frame).
struct ObservationHistory {
    /// Per observation name, per slot: `frames × frameSize` values.
    private var frames: [String: [Int: [Float]]] = [:]
    private var scratch: [String: [Float]] = [:]

    /// The history of every frame-valued (non-text) source.
    init(sources: [ObservationSource]) {
        for source in sources where source.encoding != .text {
            frames[source.name] = [:]
            scratch[source.name] = [Float](repeating: 0, count: source.frameSize)
        }
    }

    /// Forgets every observation of `slot`.
    mutating func reset(slot: Int) {
        for name in frames.keys { frames[name]![slot] = nil }
    }

    /// Appends the frame `write` produces to `slot`'s history of `source`.
    mutating func record(_ source: ObservationSource, slot: Int, _ write: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let n = source.frameSize, count = source.frames * n
        scratch[source.name]!.withUnsafeMutableBufferPointer { write($0) }
        let frame = scratch[source.name]!
        guard var stored = frames[source.name]![slot] else {
            var filled = [Float](repeating: 0, count: count)
            for f in 0..<source.frames { filled.replaceSubrange((f * n)..<(f * n + n), with: frame) }
            frames[source.name]![slot] = filled
            return
        }
        frames[source.name]![slot] = nil
        stored.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<(count - n) { buffer[i] = buffer[i + n] }
            for i in 0..<n { buffer[count - n + i] = frame[i] }
        }
        frames[source.name]![slot] = stored
    }

    /// Copies `slot`'s frames of `source`, oldest first, into `destination`.
    func copy(_ source: ObservationSource, slot: Int, into destination: UnsafeMutableBufferPointer<Float>) {
        guard let stored = frames[source.name]?[slot] else { return }
        _ = destination.update(fromContentsOf: stored)
    }
}
