import Backends
import Bench
import Compiler
import Foundation
import Lowering
import SpecLang

/// A spec's policy with trained weights, as the bench evaluator sees it: observation batches
/// in, action chunks out.
///
/// Per call it reads each observation the spec uses from the batch (the field of the same name,
/// converted and normalised as in training, see ``ObservationSource`` and
/// ``Normalization``), appends it to the row's slot history (``ObservationHistory``), runs
/// the compiled forward graph on the backend for all rows at once and maps the predicted
/// chunks back from the normalised action range to the suite's actions (with what the head
/// reports about each row, ``PolicyGraph/diagnostics``, as the chunks' diagnostics). A program is compiled
/// per batch size, rounded up to a power of two (the outputs of unused rows are ignored), and
/// kept prepared with its weights bound.
///
/// State the policy graph carries from call to call (``PolicyGraph/carriedStates``, e.g.
/// HAMLET's window of step summaries) is kept per slot (``CarriedStateSlots``): fed before each
/// call, replaced by the graph's next value after it, and forgotten when the slot resets, so a
/// new episode starts from its first observation.
///
/// The random draws of the head's inference (a sampler's noise: the policy graph's
/// ``DataRequest``s) are made per row from the row's episode: a generator keyed by the
/// episode's seed and the slot's call index within the episode. An episode's actions therefore
/// depend neither on the batch it shares nor on the slot it runs in, the same episode seed
/// replays bit for bit, and different episodes get different noise.
public final class SpecPolicy: Policy {
    public let name: String
    public let horizon: Int
    public let spec: Spec
    /// The backend the policy runs on.
    public let backend: any Backend
    private let sources: [ObservationSource]
    private let weights: [String: HostTensor]
    private let observationMaps: [String: AffineMap]
    private let actionMap: ActionMap
    private let programs: ProgramCache
    private var executables: [Int: any Executable] = [:]
    private var history: ObservationHistory
    private var carried: CarriedStateSlots
    /// The random draws of the policy graph (the same at every batch size but for the batch axis).
    private let requests: [DataRequest]
    /// What the head reports per row (``PolicyGraph/diagnostics``), passed on with each chunk.
    private let diagnostics: [String]
    /// Per slot: the episode's seed and the calls made so far in it.
    private var episodes: [Int: (seed: UInt64, calls: UInt64)] = [:]
    /// Salt of the noise generator's keys.
    private static let noiseKey: UInt64 = 0x6E6F_6973_65

    /// A policy running `spec` with `weights` (PyTorch names; extra tensors are ignored) on
    /// observations with `fields`, normalised by `normalization`.
    public init(spec: Spec, weights: [String: HostTensor], normalization: Normalization, fields: [FieldSpec], suite: String,
                actionDimension: Int, name: String,
                backend: any Backend = BLASBackend(threads: ProcessInfo.processInfo.activeProcessorCount)) throws {
        guard spec.action.dim == actionDimension else {
            throw TrainingDataError("\(spec.name) predicts \(spec.action.dim)-D actions, but \(suite) takes \(actionDimension)-D actions (set action.dim: \(actionDimension))")
        }
        let probe = try PolicyGraph(spec, batch: 1, noise: .fed)
        let stateInputs = Set(probe.carriedStates.map(\.input) + (probe.carriedStates.isEmpty ? [] : [CarriedState.firstCallInput]))
        if let other = probe.graph.inputs.first(where: { input in
            !probe.observations.contains { $0.name == input.name } && !probe.requests.contains { $0.name == input.name }
                && !stateInputs.contains(input.name)
        }) {
            throw TrainingDataError("the policy of \(spec.name) reads '\(other.name)', which is not an observation")
        }
        let parameterNames = Set(probe.graph.parameters.map(\.name))
        let used = weights.filter { parameterNames.contains($0.key) }
        let problems = FeedCheck.weightProblems(used.mapValues(\.type), graph: probe.graph)
        guard problems.isEmpty else { throw TrainingDataError(problems.joined(separator: "\n")) }
        sources = try ObservationSource.resolve(probe.observations, fields: fields, suite: suite)
        self.spec = spec
        self.weights = used
        self.name = name
        self.backend = backend
        requests = probe.requests
        diagnostics = probe.diagnostics
        programs = ProgramCache { batch in try PolicyGraph(spec, batch: batch, noise: .fed).graph }
        horizon = spec.action.chunk
        var maps: [String: AffineMap] = [:]
        for source in sources { maps[source.name] = normalization.observationMap(source.name) }
        observationMaps = maps
        actionMap = normalization.actionMap
        history = ObservationHistory(sources: sources)
        carried = CarriedStateSlots(states: probe.carriedStates)
    }

    /// The policy of a checkpoint (its EMA weights when it has them).
    public convenience init(checkpoint: Checkpoint, spec: Spec, fields: [FieldSpec], suite: String, actionDimension: Int,
                            backend: any Backend = BLASBackend(threads: ProcessInfo.processInfo.activeProcessorCount)) throws {
        try self.init(spec: spec, weights: checkpoint.evaluationWeights, normalization: checkpoint.normalization, fields: fields,
                      suite: suite, actionDimension: actionDimension, name: "\(spec.name)@\(spec.hash.prefix(12))", backend: backend)
    }

    /// The suite fields the spec observes (environments render only these).
    public var observationFieldsRead: Set<String>? { Set(sources.map(\.name)) }

    /// Forgets the slot's history; a new episode seed restarts its call count (a new subtask
    /// of the same episode keeps counting, so its draws stay fresh).
    public func reset(slot: Int, episode: EpisodeContext) {
        history.reset(slot: slot)
        carried.reset(slot: slot)
        if episodes[slot]?.seed != episode.seed { episodes[slot] = (episode.seed, 0) }
    }

    public func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
        let rows = observations.rows
        var bucket = 1
        while bucket < rows { bucket *= 2 }
        let executable = try executable(batch: bucket)
        for source in sources {
            executable.withBinding(source.name) { raw in
                if source.encoding == .text {
                    let ids = raw.bindMemory(to: Int32.self)
                    let texts = observations.texts(source.name)!
                    for (row, text) in texts.enumerated() {
                        for (i, id) in source.tokens(text).enumerated() { ids[row * source.frameSize + i] = id }
                    }
                    return
                }
                let values = raw.bindMemory(to: Float.self)
                let span = source.frames * source.frameSize
                for row in 0..<rows {
                    let slot = observations.slots[row]
                    history.record(source, slot: slot) { frame in read(source, row: row, from: observations, into: frame) }
                    history.copy(source, slot: slot, into: UnsafeMutableBufferPointer(rebasing: values[(row * span)..<((row + 1) * span)]))
                }
            }
        }
        drawNoise(observations, into: executable)
        carried.feed(slots: observations.slots, into: executable)
        do {
            try executable.run()
        } catch {
            throw EvaluationError("policy \(name): \(error)")
        }
        carried.update(slots: observations.slots, from: executable)
        var actions = executable.withOutput(PolicyGraph.actionOutput) { Array($0.bindMemory(to: Float.self).prefix(rows * horizon * spec.action.dim)) }!
        actions.withUnsafeMutableBufferPointer { actionMap.invert($0) }
        var chunk = ActionChunkBatch(rows: rows, horizon: horizon, dimension: spec.action.dim, values: actions)
        for name in diagnostics {
            chunk.diagnostics[name] = executable.withOutput(PolicyGraph.diagnosticPrefix + name) { Array($0.bindMemory(to: Float.self).prefix(rows)) }
        }
        return chunk
    }

    /// Fills the graph's random draws row by row from each row's episode and call index.
    private func drawNoise(_ observations: ObservationBatch, into executable: any Executable) {
        guard !requests.isEmpty else { return }
        for row in 0..<observations.rows {
            let slot = observations.slots[row]
            let episode = episodes[slot] ?? (0, 0)
            var random = SimRandom(keys: Self.noiseKey, episode.seed, episode.calls)
            for request in requests {
                executable.withBinding(request.name) { request.fillRandomRow(row, of: $0, random: &random) }
            }
            episodes[slot] = (episode.seed, episode.calls + 1)
        }
    }

    /// The current frame of `source` in row `row` of `batch`, converted and normalised.
    private func read(_ source: ObservationSource, row: Int, from batch: ObservationBatch, into frame: UnsafeMutableBufferPointer<Float>) {
        let n = source.frameSize
        switch source.encoding {
        case .floats:
            let values = batch.floats(source.name)!
            let start = values.startIndex + row * n
            for i in 0..<n { frame[i] = values[start + i] }
            observationMaps[source.name]?.apply(frame)
        case .bytes:
            let values = batch.bytes(source.name)!
            let start = values.startIndex + row * n
            for i in 0..<n { frame[i] = ObservationSource.byteValue(values[start + i]) }
        case .text:
            preconditionFailure("text observations are fed as token ids")
        }
    }

    /// The forward program for `batch` rows, prepared, with its weights bound (inputs start as zeros).
    private func executable(batch: Int) throws -> any Executable {
        if let executable = executables[batch] { return executable }
        let program: Program
        do {
            program = try programs.program(batch: batch)
        } catch let error as GraphError {
            throw LoweringError(.graph(error))
        }
        let executable = backend.prepare(program)
        for (name, tensor) in weights { try executable.set(name, tensor) }
        executables[batch] = executable
        return executable
    }
}
