import Foundation

/// Why an evaluation stopped (exit code 3 in the CLI).
public struct EvaluationError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Progress of a running evaluation, for a progress bar.
public struct EvaluationProgress: Sendable, Equatable {
    public var episodesDone: Int
    public var episodesTotal: Int
    public var successes: Int
    public var elapsed: Double
}

/// Plays a plan's episodes closed-loop: many episodes advance in lock-step so that one policy call
/// serves all of them, and the environments of a round are stepped on several threads.
///
/// Results do not depend on the thread count or the batch size: every episode has its own
/// environment and seed, and a new episode starts only at a round boundary with a fresh chunk.
public final class Evaluator {
    public let suite: any BenchSuite
    public let plan: EvaluationPlan
    public let policy: any Policy
    /// Threads that step environments.
    public let threads: Int
    /// Episodes in flight at once (rows of a policy call).
    public let batchSize: Int
    /// Writes the camera frames of chosen episodes (`--video`), if set.
    public let video: EpisodeVideoRecorder?

    public init(suite: any BenchSuite, plan: EvaluationPlan, policy: any Policy,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 100,
                video: EpisodeVideoRecorder? = nil) {
        self.suite = suite
        self.plan = plan
        self.policy = policy
        self.threads = max(1, threads)
        self.batchSize = max(1, batchSize)
        self.video = video
    }

    /// Runs every episode of the plan (its shard) and returns their records in canonical order.
    public func run(progress: ((EvaluationProgress) -> Void)? = nil) throws -> [EpisodeRecord] {
        let queue = plan.episodes()
        let slotCount = min(batchSize, queue.count)
        guard slotCount > 0 else { return [] }
        let horizon = policy.horizon
        let dimension = suite.actionDimension
        guard horizon >= 1 else { throw EvaluationError("policy '\(policy.name)' has horizon \(horizon); it must be at least 1") }
        let ensemble = plan.execution.temporalEnsembleDecay
        let perRound = ensemble != nil ? 1 : min(plan.execution.execute ?? horizon, horizon)

        var envs = [(any BenchEnvironment)?](repeating: nil, count: slotCount)
        var specs = [EpisodeSpec?](repeating: nil, count: slotCount)
        var executors = (0..<slotCount).map { _ in ChunkExecutor(horizon: horizon, dimension: dimension, decay: ensemble) }
        let fields = suite.observationFields(for: plan.selection)
        if !policy.isOracle { try plan.selection.observations.check(read: policy.observationFieldsRead, fields: fields, suite: suite.name) }
        var batch = ObservationBatch(fields: fields, rows: slotCount,
                                     requested: policy.observationFieldsRead, expertDimension: policy.isOracle ? dimension : 0)
        var films = [[Render.RGBImage]?](repeating: nil, count: slotCount)
        var diagnostics = [[String: DiagnosticSummary]](repeating: [:], count: slotCount)
        var records: [EpisodeRecord] = []
        records.reserveCapacity(queue.count)
        var next = 0
        let started = Date()

        func start(_ slot: Int) {
            guard next < queue.count else {
                envs[slot] = nil
                specs[slot] = nil
                return
            }
            let spec = queue[next]
            next += 1
            let task = plan.selection.tasks[spec.taskIndex]
            let env = suite.makeEnvironment(selection: plan.selection, taskIndex: spec.taskIndex, configuration: spec.configuration, seed: spec.seed)
            envs[slot] = env
            specs[slot] = spec
            executors[slot].reset()
            diagnostics[slot] = [:]
            films[slot] = video?.films(spec) == true ? EpisodeVideoRecorder.frame(of: env).map { [$0] } : nil
            policy.reset(slot: slot, episode: EpisodeContext(task: task.name, taskIndex: spec.taskIndex, goalIndex: spec.number,
                                                             seed: spec.seed, instruction: env.instruction, subtask: env.subtask))
        }
        for slot in 0..<slotCount { start(slot) }

        var outcomes = [StepOutcome](repeating: StepOutcome(success: false, done: false), count: slotCount)
        var active: [Int] = []
        while true {
            active.removeAll(keepingCapacity: true)
            for slot in 0..<slotCount where envs[slot] != nil { active.append(slot) }
            if active.isEmpty { break }

            batch.setRows(active.count)
            batch.slots = active
            prepareCameras(active: active, envs: envs, batch: batch)
            for (row, slot) in active.enumerated() {
                envs[slot]!.writeObservation(into: &batch, row: row, privileged: policy.isOracle)
            }
            let chunk = try policy.act(batch)
            guard chunk.rows == active.count, chunk.horizon == horizon, chunk.dimension == dimension else {
                throw EvaluationError("policy '\(policy.name)' returned actions of shape [\(chunk.rows), \(chunk.horizon), \(chunk.dimension)]; expected [\(active.count), \(horizon), \(dimension)]")
            }
            guard chunk.values.allSatisfy(\.isFinite) else {
                throw EvaluationError("policy '\(policy.name)' returned a NaN or infinite action")
            }
            for (name, values) in chunk.diagnostics where values.count != active.count || !values.allSatisfy(\.isFinite) {
                throw EvaluationError("policy '\(policy.name)' returned diagnostic '\(name)' as \(values.count) values; expected \(active.count) finite ones")
            }
            for (row, slot) in active.enumerated() {
                let start = row * horizon * dimension
                executors[slot].receive(chunk.values[start..<(start + horizon * dimension)], at: envs[slot]!.stepsTaken)
                diagnostics[slot].add(row: row, of: chunk.diagnostics)
            }
            stepRound(active: active, perRound: perRound, envs: envs, executors: &executors, outcomes: &outcomes, films: &films)

            for slot in active {
                let outcome = outcomes[slot]
                if outcome.done {
                    let env = envs[slot]!, spec = specs[slot]!
                    let task = plan.selection.tasks[spec.taskIndex].name
                    records.append(EpisodeRecord(index: spec.index, task: task, goalIndex: spec.number, seed: spec.seed,
                                                 success: outcome.success, steps: env.stepsTaken, subtasksCompleted: env.subtasksCompleted,
                                                 subtasks: env.chain, diagnostics: diagnostics[slot].isEmpty ? nil : diagnostics[slot],
                                                 seen: spec.seen, failure: env.failure))
                    if let frames = films[slot] { try video?.write(frames, task: task, episode: spec.number) }
                    start(slot)
                } else if outcome.subtaskStarted, let spec = specs[slot] {
                    executors[slot].reset()
                    let task = plan.selection.tasks[spec.taskIndex]
                    policy.reset(slot: slot, episode: EpisodeContext(task: task.name, taskIndex: spec.taskIndex, goalIndex: spec.number,
                                                                     seed: spec.seed, instruction: envs[slot]!.instruction,
                                                                     subtask: envs[slot]!.subtask))
                }
            }
            progress?(EvaluationProgress(episodesDone: records.count, episodesTotal: queue.count,
                                         successes: records.reduce(0) { $0 + ($1.success ? 1 : 0) },
                                         elapsed: Date().timeIntervalSince(started)))
        }
        return records.sorted { $0.index < $1.index }
    }

    /// Renders the camera frames the batch's fields need, the environments spread over the threads
    /// (each environment renders into its own buffers); writing the batch afterwards only copies.
    private func prepareCameras(active: [Int], envs: [(any BenchEnvironment)?], batch: ObservationBatch) {
        let rendered = { (f: FieldSpec) in f.kind == .uint8 || f.name.hasSuffix("_keypoints") || f.name.hasSuffix("_depth") }
        guard batch.fields.indices.contains(where: { batch.isRequested($0) && rendered(batch.fields[$0]) }) else { return }
        let lanes = min(threads, active.count)
        Parallel.forEachLane(lanes) { lane in
            let lo = active.count * lane / lanes, hi = active.count * (lane + 1) / lanes
            for slot in active[lo..<hi] { (envs[slot] as? any CameraEnvironment)?.prepareCameras(for: batch) }
        }
    }

    /// Steps every active environment up to `perRound` times (stopping at the end of its episode or
    /// subtask), spreading the environments over the threads.
    private func stepRound(active: [Int], perRound: Int, envs: [(any BenchEnvironment)?],
                           executors: inout [ChunkExecutor], outcomes: inout [StepOutcome], films: inout [[Render.RGBImage]?]) {
        let lanes = min(threads, active.count)
        executors.withUnsafeMutableBufferPointer { execs in
            outcomes.withUnsafeMutableBufferPointer { outs in
                films.withUnsafeMutableBufferPointer { films in
                    Parallel.forEachLane(lanes) { lane in
                        let lo = active.count * lane / lanes, hi = active.count * (lane + 1) / lanes
                        for slot in active[lo..<hi] {
                            let env = envs[slot]!
                            var outcome = StepOutcome(success: false, done: false)
                            for _ in 0..<perRound {
                                let action = execs[slot].action(at: env.stepsTaken)
                                outcome = action.withUnsafeBufferPointer { env.step($0) }
                                if films[slot] != nil, let frame = EpisodeVideoRecorder.frame(of: env) {
                                    films[slot]!.append(frame)
                                }
                                if outcome.done || outcome.subtaskStarted { break }
                            }
                            outs[slot] = outcome
                        }
                    }
                }
            }
        }
    }
}
