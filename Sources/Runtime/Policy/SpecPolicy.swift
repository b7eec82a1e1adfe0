import Backends
import Bench
import Compiler
import Foundation
import SpecLang

/// A spec's policy with trained weights, as the bench evaluator sees it: observation batches
/// in, action chunks out.
///
/// Per call it reads each observation the spec uses from the batch (the field of the same name,
/// converted and normalised as in training, see ``ObservationSource`` and
/// ``Normalization``), appends it to the row's slot history (``ObservationHistory``), runs
/// the compiled forward graph for all rows at once and maps the predicted chunks back from the
/// normalised action range to the suite's actions. Graphs are compiled per batch size,
/// rounded up to a power of two (unused rows are zeros), and cached.
public final class SpecPolicy: Policy {
    public let name: String
    public let horizon: Int
    public let spec: Spec
    private let sources: [ObservationSource]
    private let weights: [String: HostTensor]
    private let observationMaps: [String: AffineMap]
    private let actionMap: AffineMap
    private let backend: any Backend
    private var programs: [Int: Program] = [:]
    private var history: ObservationHistory

    /// A policy running `spec` with `weights` (PyTorch names; extra tensors are ignored) on
    /// observations with `fields`, normalised by `normalization`.
    public init(spec: Spec, weights: [String: HostTensor], normalization: Normalization, fields: [FieldSpec], suite: String,
                actionDimension: Int, name: String, backend: any Backend = ReferenceBackend<Float>()) throws {
        guard spec.action.dim == actionDimension else {
            throw TrainingDataError("\(spec.name) predicts \(spec.action.dim)-D actions, but \(suite) takes \(actionDimension)-D actions (set action.dim: \(actionDimension))")
        }
        let probe = try PolicyGraph(spec, batch: 1)
        if let other = probe.graph.inputs.first(where: { input in !probe.observations.contains { $0.name == input.name } }) {
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
        horizon = spec.action.chunk
        self.backend = backend
        var maps: [String: AffineMap] = [:]
        for source in sources { maps[source.name] = normalization.observationMap(source.name) }
        observationMaps = maps
        actionMap = normalization.actionMap
        history = ObservationHistory(sources: sources)
    }

    /// The policy of a checkpoint (its EMA weights when it has them).
    public convenience init(checkpoint: Checkpoint, spec: Spec, fields: [FieldSpec], suite: String, actionDimension: Int,
                            backend: any Backend = ReferenceBackend<Float>()) throws {
        try self.init(spec: spec, weights: checkpoint.evaluationWeights, normalization: checkpoint.normalization, fields: fields,
                      suite: suite, actionDimension: actionDimension, name: "\(spec.name)@\(spec.hash.prefix(12))", backend: backend)
    }

    /// The suite fields the spec observes (environments render only these).
    public var observationFieldsRead: Set<String>? { Set(sources.map(\.name)) }

    public func reset(slot: Int, episode: EpisodeContext) { history.reset(slot: slot) }

    public func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
        let rows = observations.rows
        var bucket = 1
        while bucket < rows { bucket *= 2 }
        var feeds = weights
        for source in sources {
            let shape = Shape([bucket] + source.input.type.shape.dims.dropFirst())
            if source.encoding == .text {
                let texts = observations.texts(source.name)!
                var ids = [Int32](repeating: 0, count: bucket * source.frameSize)
                for (row, text) in texts.enumerated() { ids.replaceSubrange((row * source.frameSize)..<((row + 1) * source.frameSize), with: source.tokens(text)) }
                feeds[source.name] = HostTensor(shape: shape, ints: ids)
                continue
            }
            var values = [Float](repeating: 0, count: bucket * source.frames * source.frameSize)
            values.withUnsafeMutableBufferPointer { out in
                for row in 0..<rows {
                    let slot = observations.slots[row]
                    history.record(source, slot: slot) { frame in read(source, row: row, from: observations, into: frame) }
                    let offset = row * source.frames * source.frameSize
                    history.copy(source, slot: slot, into: UnsafeMutableBufferPointer(rebasing: out[offset..<(offset + source.frames * source.frameSize)]))
                }
            }
            feeds[source.name] = HostTensor(shape: shape, floats: values)
        }
        let program = try program(batch: bucket)
        let outputs: [String: HostTensor]
        do {
            outputs = try backend.run(program, feeds: feeds)
        } catch {
            throw EvaluationError("policy \(name): \(error)")
        }
        var actions = Array(outputs[PolicyGraph.actionOutput]!.floats.prefix(rows * horizon * spec.action.dim))
        actions.withUnsafeMutableBufferPointer { actionMap.invert($0) }
        return ActionChunkBatch(rows: rows, horizon: horizon, dimension: spec.action.dim, values: actions)
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

    /// The forward program for `batch` rows.
    private func program(batch: Int) throws -> Program {
        if let program = programs[batch] { return program }
        let program = Program(unplanned: try PolicyGraph(spec, batch: batch).graph)
        programs[batch] = program
        return program
    }
}
