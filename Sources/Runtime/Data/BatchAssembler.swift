import Bench
import Compiler
import Lowering
import SpecLang

/// Turns training windows into the batch inputs of a training graph.
///
/// Window `w` is step `t` of its episode (every step of every episode is a window). Its
/// sample holds, for each observation with `F` frames, the frames at steps `t − (F − 1)·s, …,
/// t − s, t` where `s` is `action.execute` (the steps between two policy calls, so that the
/// history spans the same time as at evaluation, where the policy sees one frame per call;
/// steps before the episode's start repeat its first frame), for text observations the
/// episode's instruction as token ids, and the objective's requests (``DataRequest``), each
/// by its source: `actionChunk`, the actions `t … t + chunk − 1` (steps past the episode's end
/// repeat its last action), normalised as ``Normalization`` says; `futureObservation`,
/// `pastObservation` and `distantObservation`, the observation as the policy reads it at other
/// steps of the sample's episode (distant steps drawn per sample from a key drawn once per batch,
/// so every observation of a sample gets the same steps); `augmentedObservation`, the sample's
/// observation with its images photometrically augmented (``PhotometricAugmentation``);
/// `blockMasks`, I-JEPA's masks for the whole batch (``MultiBlockMasks``); the random sources,
/// drawn row by row from the generator the caller passes. With `augment.shift`, image frames are
/// randomly shifted (``RandomShift``), each sample's shift drawn from the same generator first
/// and applied to every frame the sample requests.
struct BatchAssembler {
    let data: TrainingData
    let sources: [ObservationSource]
    /// The objective's requests besides the observations.
    let requests: [DataRequest]
    let batch: Int
    let chunk: Int
    /// Steps between two history frames (`action.execute`).
    let frameStride: Int
    let shift: Int
    /// Vector columns after standardisation, by observation name.
    private let standardized: [String: [Float]]
    /// Token ids of each episode's instruction, `[episodes, max_tokens]`, by text observation name.
    private let tokens: [String: [Int32]]
    /// Actions after normalisation.
    private let actions: [Float]

    init(data: TrainingData, sources: [ObservationSource], requests: [DataRequest], normalization: Normalization, batch: Int,
         action: ActionSpec, shift: Int) {
        self.data = data
        self.sources = sources
        self.requests = requests
        self.batch = batch
        chunk = action.chunk
        frameStride = action.executedSteps
        self.shift = shift
        var standardized: [String: [Float]] = [:], tokens: [String: [Int32]] = [:]
        for source in sources {
            if source.encoding == .text {
                tokens[source.name] = data.instructions.flatMap { source.tokens($0) }
            }
            guard let map = normalization.observationMap(source.name), var column = data.floatColumns[source.name] else { continue }
            column.withUnsafeMutableBufferPointer { map.apply($0) }
            standardized[source.name] = column
        }
        self.standardized = standardized
        self.tokens = tokens
        var actions = data.actions
        actions.withUnsafeMutableBufferPointer { normalization.actionMap.apply($0) }
        self.actions = actions
    }

    /// The batch inputs the assembler fills, by name, with their types: the observations,
    /// then the requests.
    var inputs: [(name: String, type: TensorType)] {
        sources.map { ($0.name, $0.input.type) } + requests.map { ($0.name, $0.type) }
    }

    /// Writes the samples `windows` into the batch inputs: `fill(name, body)` must call `body`
    /// with the bytes of input `name` (as its type in ``inputs`` says: f32, or i32 token ids),
    /// once per input. Nothing is allocated.
    func assemble(_ windows: [Int], random: inout SimRandom,
                  fill: (String, (UnsafeMutableRawBufferPointer) -> Void) throws -> Void) rethrows {
        precondition(windows.count == batch, "BatchAssembler: \(windows.count) windows for a batch of \(batch)")
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * batch) { shifts in
            for i in 0..<(2 * batch) { shifts[i] = shift > 0 ? Int(random.next() % UInt64(2 * shift + 1)) - shift : 0 }
            let shiftOf = { (row: Int) in (shifts[2 * row], shifts[2 * row + 1]) }
            // One key per batch for the steps distant-observation requests draw (only when there
            // are such requests, so other stages draw exactly what they always drew).
            let distantKey = requests.contains { if case .distantObservation = $0.source { true } else { false } } ? random.next() : 0
            for source in sources {
                try fill(source.name) { raw in
                    if source.encoding == .text {
                        writeTokens(source, windows, into: raw.bindMemory(to: Int32.self))
                        return
                    }
                    let out = raw.bindMemory(to: Float.self)
                    let span = source.frames * source.frameSize
                    for (row, window) in windows.enumerated() {
                        let (start, t) = position(window)
                        writeObservation(source, start: start, step: t, into: slice(out, row * span, span), shift: shiftOf(row))
                    }
                }
            }
            for request in requests {
                try fill(request.name) { raw in
                    switch request.source {
                    case .actionChunk:
                        writeActionChunks(windows, into: raw.bindMemory(to: Float.self))
                    case .futureObservation(let name, let offset, let frames):
                        writeFutureFrames(source(name), offset: offset, frames: frames, windows, shifts: shifts, into: raw.bindMemory(to: Float.self))
                    case .pastObservation(let name, let steps, let stride):
                        let source = source(name), span = source.frames * source.frameSize, out = raw.bindMemory(to: Float.self)
                        for (row, window) in windows.enumerated() {
                            let (start, t) = position(window)
                            for k in 0..<steps {
                                writeObservation(source, start: start, step: max(0, t - (steps - k) * stride),
                                                 into: slice(out, (row * steps + k) * span, span), shift: shiftOf(row))
                            }
                        }
                    case .augmentedObservation(let name):
                        let source = source(name), span = source.frames * source.frameSize, out = raw.bindMemory(to: Float.self)
                        for (row, window) in windows.enumerated() {
                            let (start, t) = position(window)
                            let frames = slice(out, row * span, span)
                            writeObservation(source, start: start, step: t, into: frames, shift: shiftOf(row))
                            guard case .image = source.input.port.type else { continue }
                            for f in 0..<source.frames {
                                PhotometricAugmentation.apply(slice(frames, f * source.frameSize, source.frameSize), shape: source.field.shape,
                                                              random: &random)
                            }
                        }
                    case .distantObservation(let name, let gap, let count):
                        let source = source(name), span = source.frames * source.frameSize, out = raw.bindMemory(to: Float.self)
                        for (row, window) in windows.enumerated() {
                            let (start, t) = position(window)
                            let length = data.episodeOffsets[data.episode(ofStep: window) + 1] - start
                            var draws = SimRandom(keys: distantKey, UInt64(row), UInt64(gap))
                            for k in 0..<count {
                                writeObservation(source, start: start, step: Self.distantStep(from: t, length: length, gap: gap, random: &draws),
                                                 into: slice(out, (row * count + k) * span, span), shift: shiftOf(row))
                            }
                        }
                    case .blockMasks(let shape):
                        MultiBlockMasks.fill(shape, batch: batch, random: &random, into: raw.bindMemory(to: Float.self))
                    case .normal, .uniform, .integers, .beta:
                        for row in 0..<batch { request.fillRandomRow(row, of: raw, random: &random) }
                    }
                }
            }
        }
    }

    /// A step of an episode of `length` steps at least `gap` steps from `t`, uniform over those
    /// steps; the farthest step from `t` (the earlier on a tie) when the episode has none.
    static func distantStep(from t: Int, length: Int, gap: Int, random: inout SimRandom) -> Int {
        let before = max(0, t - gap + 1), after = max(0, length - (t + gap))
        let candidates = before + after
        guard candidates > 0 else { return t >= length - 1 - t ? 0 : length - 1 }
        let pick = Int(random.next() % UInt64(candidates))
        return pick < before ? pick : t + gap + (pick - before)
    }

    /// The source of observation `name` (the loss graph reads every observation a request
    /// names, so it is one of the sources).
    private func source(_ name: String) -> ObservationSource { sources.first { $0.name == name }! }

    /// `count` values of `buffer` from `offset`.
    private func slice(_ buffer: UnsafeMutableBufferPointer<Float>, _ offset: Int, _ count: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }

    /// Observation `source` as the policy reads it at step `t` of the episode starting at global
    /// step `start`: its frames at `t − (F − 1)·s, …, t` (`s` = ``frameStride``, steps before the
    /// episode's start repeating its first frame), images shifted by `shift`.
    private func writeObservation(_ source: ObservationSource, start: Int, step t: Int, into out: UnsafeMutableBufferPointer<Float>,
                                  shift: (Int, Int)) {
        for f in 0..<source.frames {
            let step = start + max(0, t - (source.frames - 1 - f) * frameStride)
            copyFrame(source, step: step, into: slice(out, f * source.frameSize, source.frameSize), shift: shift)
        }
    }

    /// Frames `t + offset … t + offset + frames − 1` of `source` for each window (clamped to the
    /// episode's last step), shifted like the window's observations.
    private func writeFutureFrames(_ source: ObservationSource, offset: Int, frames: Int, _ windows: [Int],
                                   shifts: UnsafeMutableBufferPointer<Int>, into out: UnsafeMutableBufferPointer<Float>) {
        for (row, window) in windows.enumerated() {
            let (start, t) = position(window)
            let last = data.episodeOffsets[data.episode(ofStep: window) + 1] - 1
            for f in 0..<frames {
                let step = min(start + t + offset + f, last)
                copyFrame(source, step: step, into: slice(out, (row * frames + f) * source.frameSize, source.frameSize),
                          shift: (shifts[2 * row], shifts[2 * row + 1]))
            }
        }
    }

    /// The demonstrated chunk of each window, normalised.
    private func writeActionChunks(_ windows: [Int], into targets: UnsafeMutableBufferPointer<Float>) {
        let d = data.actionDimension
        for (row, window) in windows.enumerated() {
            let (start, t) = position(window)
            let last = data.episodeOffsets[data.episode(ofStep: window) + 1] - 1
            for j in 0..<chunk {
                let step = min(start + t + j, last)
                for k in 0..<d { targets[(row * chunk + j) * d + k] = actions[step * d + k] }
            }
        }
    }

    /// The first step of window `window`'s episode and the window's step within it.
    private func position(_ window: Int) -> (start: Int, t: Int) {
        let start = data.episodeOffsets[data.episode(ofStep: window)]
        return (start, window - start)
    }

    /// The instruction tokens of each window's episode.
    private func writeTokens(_ source: ObservationSource, _ windows: [Int], into out: UnsafeMutableBufferPointer<Int32>) {
        let n = source.frameSize, ids = tokens[source.name]!
        for (row, window) in windows.enumerated() {
            let episode = data.episode(ofStep: window)
            for i in 0..<n { out[row * n + i] = ids[episode * n + i] }
        }
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
        case .text:
            preconditionFailure("text observations are written as token ids")
        }
    }
}
