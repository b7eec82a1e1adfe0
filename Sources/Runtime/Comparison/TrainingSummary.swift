import Foundation
import SpecLang

/// What a training run folder says about how a policy was trained: the steps each stage ran
/// and its batch, the training wall time and the demos it learned from (a results table's
/// "trained" columns).
public struct TrainingSummary: Sendable, Equatable, Codable {
    /// One stage as it ran.
    public struct StageRun: Sendable, Equatable, Codable {
        public var name: String
        /// Optimizer steps done (the last logged step of the stage).
        public var steps: Int
        /// Samples per step (nil when the run folder keeps no spec).
        public var batch: Int?
    }

    /// The run folder.
    public var folder: String
    public var stages: [StageRun]
    /// Optimizer steps done over the whole recipe.
    public var steps: Int
    /// Seconds spent training: `metrics.jsonl`'s `elapsed_seconds`, summed over the processes
    /// that trained into the folder (a resumed run starts counting again).
    public var wallTimeSeconds: Double
    /// Demos per task the run learned from (nil when its record does not say).
    public var demosPerTask: Int?

    /// Reads the run folder `folder`: its `metrics.jsonl`, its resolved spec (`spec.yaml`, for the
    /// stages' batches) and its run record (for the demos). Nil when it holds no metrics.
    public static func read(_ folder: URL) throws -> TrainingSummary? {
        let run = RunDirectory(folder)
        guard let data = FileManager.default.contents(atPath: run.metrics.path) else { return nil }
        let decoder = JSONDecoder()
        var records: [MetricsRecord] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let record = try? decoder.decode(MetricsRecord.self, from: Data(line)) else {
                throw CheckpointError("\(run.metrics.path) has a line that is not a metrics record")
            }
            records.append(record)
        }
        var wall = 0.0, previous = 0.0
        for record in records {
            if record.elapsedSeconds < previous { wall += previous }
            previous = record.elapsedSeconds
        }
        wall += previous
        let specFile = folder.appendingPathComponent(RunRecord.specFile)
        let spec = FileManager.default.fileExists(atPath: specFile.path) ? SpecChecker.check(file: specFile.path).spec : nil
        let count = max(spec?.recipe.stages.count ?? 0, (records.map(\.stageIndex).max() ?? -1) + 1)
        let stages = (0..<count).map { index in
            let mine = records.filter { $0.stageIndex == index }
            let stage = spec.flatMap { index < $0.recipe.stages.count ? $0.recipe.stages[index] : nil }
            return StageRun(name: stage?.name ?? mine.last?.stage ?? "stage \(index)", steps: mine.map(\.step).max() ?? 0,
                            batch: stage?.batch)
        }
        let demos = (try? RunRecord.read(folder))??.latest?.options["demos"].flatMap { Int($0) }
        return TrainingSummary(folder: folder.path, stages: stages, steps: records.last?.globalStep ?? 0, wallTimeSeconds: wall,
                               demosPerTask: demos)
    }

    /// `3000 (autoencoder 273 × 64, joint-diffusion 2727 × 36)`: steps done in all and per stage, each with its batch; for one stage `3000 × 64`.
    public var text: String {
        func batch(_ s: StageRun) -> String { s.batch.map { " × \($0)" } ?? "" }
        if stages.count == 1, let s = stages.first { return "\(s.steps)" + batch(s) }
        return "\(steps) (" + stages.map { "\($0.name) \($0.steps)" + batch($0) }.joined(separator: ", ") + ")"
    }

    enum CodingKeys: String, CodingKey {
        case folder, stages, steps
        case wallTimeSeconds = "wall_time_seconds"
        case demosPerTask = "demos_per_task"
    }
}
