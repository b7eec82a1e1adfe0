import Bench
import Compiler
import SpecLang

/// Turns training windows into the batch inputs of a training graph.
///
/// Window `w` is step `t` of its episode (every step of every episode is a window). Its
/// sample holds, for each observation with `F` frames, the frames at steps `t − (F − 1)·s, …,
/// t − s, t` where `s` is `action.execute` (the steps between two policy calls, so that the
/// history spans the same time as at evaluation, where the policy sees one frame per call;
/// steps before the episode's start repeat its first frame) and, as the target
/// `target.action`, the actions `t … t + chunk − 1` (steps past the episode's end repeat its
/// last action), normalised as ``Normalization`` says. With `augment.shift`, image frames are randomly shifted
/// (``RandomShift``), drawing each sample's shift from the generator the caller passes.
struct BatchAssembler {
    let data: TrainingData
    let sources: [ObservationSource]
    let batch: Int
    let chunk: Int
    /// Steps between two history frames (`action.execute`).
    let frameStride: Int
    let shift: Int
    /// Vector columns after standardisation, by observation name.
    private let standardized: [String: [Float]]
    /// Actions after normalisation.
    private let actions: [Float]

    init(data: TrainingData, sources: [ObservationSource], normalization: Normalization, batch: Int, action: ActionSpec, shift: Int) {
        self.data = data
        self.sources = sources
        self.batch = batch
        chunk = action.chunk
        frameStride = action.executedSteps
        self.shift = shift
        var standardized: [String: [Float]] = [:]
        for source in sources {
            guard let map = normalization.observationMap(source.name), var column = data.floatColumns[source.name] else { continue }
            column.withUnsafeMutableBufferPointer { map.apply($0) }
            standardized[source.name] = column
        }
        self.standardized = standardized
        var actions = data.actions
        actions.withUnsafeMutableBufferPointer { normalization.actionMap.apply($0) }
        self.actions = actions
    }

    /// The observation tensors and `target.action` of the samples `windows`.
    func assemble(_ windows: [Int], random: inout SimRandom) -> [String: HostTensor] {
        precondition(windows.count == batch, "BatchAssembler: \(windows.count) windows for a batch of \(batch)")
        var feeds: [String: HostTensor] = [:]
        let shifts = (0..<(shift > 0 ? batch : 0)).map { _ in
            (Int(random.next() % UInt64(2 * shift + 1)) - shift, Int(random.next() % UInt64(2 * shift + 1)) - shift)
        }
        for source in sources {
            var values = [Float](repeating: 0, count: batch * source.frames * source.frameSize)
            values.withUnsafeMutableBufferPointer { out in
                for (row, window) in windows.enumerated() {
                    let (start, t) = position(window)
                    for f in 0..<source.frames {
                        let step = start + max(0, t - (source.frames - 1 - f) * frameStride)
                        let offset = (row * source.frames + f) * source.frameSize
                        let destination = UnsafeMutableBufferPointer(rebasing: out[offset..<(offset + source.frameSize)])
                        copyFrame(source, step: step, into: destination, shift: shifts.isEmpty ? (0, 0) : shifts[row])
                    }
                }
            }
            feeds[source.name] = HostTensor(shape: source.input.type.shape, floats: values)
        }
        let d = data.actionDimension
        var targets = [Float](repeating: 0, count: batch * chunk * d)
        for (row, window) in windows.enumerated() {
            let (start, t) = position(window)
            let last = data.episodeOffsets[data.episode(ofStep: window) + 1] - 1
            for j in 0..<chunk {
                let step = min(start + t + j, last)
                for k in 0..<d { targets[(row * chunk + j) * d + k] = actions[step * d + k] }
            }
        }
        feeds[BCObjective.targetInput] = HostTensor(shape: [batch, chunk, d], floats: targets)
        return feeds
    }

    /// The first step of window `window`'s episode and the window's step within it.
    private func position(_ window: Int) -> (start: Int, t: Int) {
        let start = data.episodeOffsets[data.episode(ofStep: window)]
        return (start, window - start)
    }

    /// One frame of `source` at global step `step`.
    private func copyFrame(_ source: ObservationSource, step: Int, into destination: UnsafeMutableBufferPointer<Float>, shift: (Int, Int)) {
        let n = source.frameSize, range = (step * n)..<(step * n + n)
        let isImage = if case .image = source.input.port.type { true } else { false }
        switch source.encoding {
        case .bytes:
            data.byteColumns[source.name]![range].withUnsafeBufferPointer { frame in
                RandomShift.copy(frame, into: destination, shape: source.field.shape, dx: shift.0, dy: shift.1, value: ObservationSource.byteValue)
            }
        case .floats:
            let column = standardized[source.name] ?? data.floatColumns[source.name]!
            column[range].withUnsafeBufferPointer { frame in
                if isImage {
                    RandomShift.copy(frame, into: destination, shape: source.field.shape, dx: shift.0, dy: shift.1) { $0 }
                } else {
                    _ = destination.initialize(fromContentsOf: frame)
                }
            }
        }
    }
}
