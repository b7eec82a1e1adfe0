import Foundation
import SafeTensors

/// One recorded expert episode, before it is written.
struct RecordedEpisode {
    var goalIndex: Int
    /// The attempt number (its episode seed is ``DemoGenerator/episodeSeed(seed:task:attempt:)``).
    var attempt: Int
    /// The expert's mode (``ExpertStyle/mode``).
    var mode: [Int32]
    var success: Bool
    /// Float observation fields, each [steps, field size] row-major, in field order.
    var observations: [[Float]]
    /// Byte observation fields (images), each [steps, field size] row-major, in field order.
    var byteObservations: [[UInt8]]
    var actions: [Float]
    var executedActions: [Float]
    var steps: Int
}

/// Makes demo datasets: the suite's scripted expert plays episodes from the training
/// configurations (or, forced, the evaluation ones), with DART-style Gaussian noise on the executed
/// actions (the expert's clean action kept as the label), and the successful ones are written per
/// task as safetensors files (format in docs/datasets.md).
public enum DemoGenerator {
    /// The executed actions' noise when none is given (DART: the expert labels the states its noisy
    /// execution visits).
    public static let defaultNoise = 0.1

    /// What `generate` did.
    public enum Outcome: Equatable {
        case generated(DemoManifest)
        case reused(DemoManifest)
    }

    /// Most demos per task a dataset holds (recording keeps a task's episodes in memory).
    public static let maximumPerTask = 1_000_000

    /// Makes the dataset in `directory`, or reuses it when the directory already holds one made with
    /// the same parameters. A directory holding demos made with other parameters is an error unless
    /// `force` is set.
    public static func generate(suite: any ExpertSuite, selection: TaskSelection, perTask: Int, noise: Double = defaultNoise, seed: UInt64,
                                configurations: ConfigurationStream = .training, directory: URL, polspecVersion: String,
                                force: Bool = false, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                progress: ((Int, Int) -> Void)? = nil) throws -> Outcome {
        guard (1...maximumPerTask).contains(perTask) else { throw BenchUsageError("demos per task must be 1...\(maximumPerTask), got \(perTask)") }
        guard noise >= 0, noise.isFinite else { throw BenchUsageError("--noise must be a number >= 0") }
        let parameters = DemoParameters(suite: suite, selection: selection, perTask: perTask, noise: noise, seed: seed,
                                        configurations: configurations)
        if let existing = try? DemoManifest.read(in: directory), !force {
            if existing.parameters == parameters, (try? DemoDataset(directory: directory)) != nil { return .reused(existing) }
            if existing.parameters != parameters {
                throw BenchUsageError("\(directory.path) holds demos made with other parameters; use another --out or pass --force")
            }
        }
        let fields = suite.observationFields(for: selection)
        var entries = [DemoFileEntry?](repeating: nil, count: selection.tasks.count)
        var failure: Error?
        let lock = NSLock()
        var done = 0
        let lanes = max(1, min(threads, selection.tasks.count))
        entries.withUnsafeMutableBufferPointer { entries in
            Parallel.forEachLane(lanes) { lane in
                for t in stride(from: lane, to: selection.tasks.count, by: lanes) {
                    do {
                        let episodes = try record(suite: suite, selection: selection, taskIndex: t, perTask: perTask, noise: noise,
                                                  seed: seed, configurations: configurations, fields: fields)
                        entries[t] = try write(episodes, task: selection.tasks[t], taskIndex: t, selection: selection,
                                               fields: fields, parameters: parameters, polspecVersion: polspecVersion,
                                               directory: directory)
                    } catch {
                        lock.lock(); failure = failure ?? error; lock.unlock()
                    }
                    lock.lock()
                    done += 1
                    progress?(done, selection.tasks.count)
                    lock.unlock()
                }
            }
        }
        if let failure { throw failure }
        let manifest = DemoManifest(parameters: parameters, polspecVersion: polspecVersion, observationFields: fields,
                                    actionDimension: suite.actionDimension, files: entries.map { $0! })
        do {
            try AtomicFile.write(try manifest.json(), to: directory.appendingPathComponent(DemoManifest.fileName))
        } catch {
            throw DemoError("cannot write \(directory.path)/\(DemoManifest.fileName): \(error)")
        }
        return .generated(manifest)
    }

    /// Plays expert episodes of one task until `perTask` succeed (at most 3 x perTask + 10 tries).
    /// Attempt a starts from configuration a of the stream (evaluation: a mod the fixed set) with the
    /// episode seed and the action noise drawn from (seed, task, a).
    static func record(suite: any ExpertSuite, selection: TaskSelection, taskIndex: Int, perTask: Int, noise: Double,
                       seed: UInt64, configurations: ConfigurationStream, fields: [FieldSpec]) throws -> [RecordedEpisode] {
        let task = selection.tasks[taskIndex].name
        let floatFields = fields.filter { $0.kind == .float32 }, byteFields = fields.filter { $0.kind == .uint8 }
        var batch = ObservationBatch(fields: fields, rows: 1)
        var oracle = ObservationBatch(fields: fields, rows: 1, requested: [], expertDimension: suite.actionDimension)
        let d = suite.actionDimension
        var kept: [RecordedEpisode] = []
        var attempt = 0
        let limit = 3 * perTask + 10
        while kept.count < perTask, attempt < limit {
            let configuration = configurations == .training ? Configuration.training(attempt)
                : .evaluation(attempt % suite.fixedConfigurations)
            var rng = SimRandom(keys: seed, SimRandom.hash(task), UInt64(attempt))
            let env = suite.makeEnvironment(selection: selection, taskIndex: taskIndex, configuration: configuration,
                                            seed: episodeSeed(seed: seed, task: task, attempt: attempt))
            var episode = RecordedEpisode(goalIndex: configuration.index, attempt: attempt,
                                          mode: ((env as? any ExpertEnvironment)?.expertStyle ?? .plain).mode,
                                          success: false, observations: floatFields.map { _ in [] },
                                          byteObservations: byteFields.map { _ in [] }, actions: [], executedActions: [], steps: 0)
            var done = false
            while !done {
                env.writeObservation(into: &batch, row: 0, privileged: false)
                env.writeObservation(into: &oracle, row: 0, privileged: true)
                for (i, f) in floatFields.enumerated() { episode.observations[i] += batch.floats(f.name)! }
                for (i, f) in byteFields.enumerated() { episode.byteObservations[i] += batch.bytes(f.name)! }
                let clean = Array(oracle.expertAction(row: 0)!)
                var executed = clean
                if noise > 0 {
                    for k in 0..<d { executed[k] = Float(min(max(Double(clean[k]) + noise * rng.normal(), -1), 1)) }
                }
                episode.actions += clean
                episode.executedActions += executed
                let outcome = executed.withUnsafeBufferPointer { env.step($0) }
                episode.steps += 1
                done = outcome.done
                episode.success = outcome.success
            }
            if episode.success { kept.append(episode) }
            attempt += 1
        }
        guard kept.count == perTask else {
            throw DemoError("task '\(task)': only \(kept.count) of \(perTask) expert episodes succeeded in \(attempt) tries (lower --noise?)")
        }
        return kept
    }

    /// The folder the CLI caches demos in: `demos/<suite>-<tasks>-<per task>-r<simulator revision>`,
    /// with `-overlap` for evaluation configurations and a hash of the conditions when they are not
    /// the standard ones.
    public static func defaultDirectory(suite: String, selection: TaskSelection, perTask: Int, configurations: ConfigurationStream) -> URL {
        var name = "demos/\(suite)-\(selection.name)-\(perTask)-r\(SimulatorRevision.current)" + (configurations == .evaluation ? "-overlap" : "")
        if selection.conditions != .standard { name += "-c" + String(SimRandom.hash(selection.conditions.summary), radix: 16).prefix(8) }
        return URL(fileURLWithPath: name)
    }

    /// The episode seed of attempt `attempt` at task `task` (its initial-state noise, actuation and
    /// expert style): a 53-bit mix of the dataset seed, the task and the attempt.
    public static func episodeSeed(seed: UInt64, task: String, attempt: Int) -> UInt64 {
        var rng = SimRandom(keys: seed, SimRandom.hash(task), SimRandom.hash("episode"), UInt64(attempt))
        return rng.next() & ((1 << 53) - 1)
    }

    /// Writes one task's episodes as `<task>.safetensors`.
    static func write(_ episodes: [RecordedEpisode], task: TaskInfo, taskIndex: Int, selection: TaskSelection, fields: [FieldSpec],
                      parameters: DemoParameters, polspecVersion: String, directory: URL) throws -> DemoFileEntry {
        let total = episodes.reduce(0) { $0 + $1.steps }
        var writer = SafeTensorsWriter(metadata: [
            "format": DemoManifest.formatName, "version": String(DemoManifest.formatVersion), "suite": parameters.suite,
            "task": task.name, "task_index": String(taskIndex), "task_count": String(selection.tasks.count),
            "instruction": task.instruction, "noise": String(parameters.noise), "seed": String(parameters.seed),
            "configurations": parameters.configurations.rawValue, "expert_mode_columns": ExpertStyle.modeColumns.joined(separator: ","),
            "polspec_version": polspecVersion,
        ])
        var offsets: [Int32] = [0]
        for e in episodes { offsets.append(offsets.last! + Int32(e.steps)) }
        let dimension = episodes.first.map { $0.actions.count / max($0.steps, 1) } ?? 0
        do {
            for (i, f) in fields.filter({ $0.kind == .float32 }).enumerated() {
                try writer.add("obs.\(f.name)", float32: episodes.flatMap { $0.observations[i] }, shape: [total] + f.shape)
            }
            for (i, f) in fields.filter({ $0.kind == .uint8 }).enumerated() {
                try writer.add("obs.\(f.name)", uint8: episodes.flatMap { $0.byteObservations[i] }, shape: [total] + f.shape)
            }
            try writer.add("action", float32: episodes.flatMap(\.actions), shape: [total, dimension])
            try writer.add("executed_action", float32: episodes.flatMap(\.executedActions), shape: [total, dimension])
            try writer.add("episode_offsets", int32: offsets, shape: [offsets.count])
            try writer.add("goal_index", int32: episodes.map { Int32($0.goalIndex) }, shape: [episodes.count])
            try writer.add("attempt", int32: episodes.map { Int32($0.attempt) }, shape: [episodes.count])
            try writer.add("expert_mode", int32: episodes.flatMap(\.mode), shape: [episodes.count, ExpertStyle.modeColumns.count])
            try writer.add("success", uint8: episodes.map { $0.success ? 1 : 0 }, shape: [episodes.count])
            let file = "\(task.name).safetensors"
            try writer.write(to: directory.appendingPathComponent(file))
            return DemoFileEntry(task: task.name, file: file, episodes: episodes.count, steps: total)
        } catch {
            throw DemoError("cannot write demos of '\(task.name)' to \(directory.path): \(error)")
        }
    }
}
