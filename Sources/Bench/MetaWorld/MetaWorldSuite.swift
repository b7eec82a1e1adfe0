import Foundation

/// The `metaworld-like` suite: 50 tasks with Meta-World's names, observation and action layout,
/// 500-step episodes and 50 fixed goal configurations per task (and a second, differently seeded
/// list for ML test tasks).
public struct MetaWorldSuite: BenchSuite {
    public init() {}

    public let name = "metaworld-like"
    public var tasks: [TaskInfo] { MetaWorldTasks.all.map(\.info) }
    public var groups: [String] { DifficultyGroup.allCases.map(\.rawValue) }
    public var setNames: [String] { MetaWorldTasks.sets.map(\.name) }
    public let actionDimension = 4
    public let fixedConfigurations = 50
    public let defaultTasks = "mt50"

    public func select(_ spec: String) throws -> TaskSelection {
        let key = spec.trimmingCharacters(in: .whitespaces).lowercased()
        if let found = MetaWorldTasks.sets.first(where: { $0.name == key }) {
            return TaskSelection(name: key, tasks: found.set.tasks.map { MetaWorldTasks.named($0)!.info },
                                 goalSplit: found.set.split, goalVisible: found.set.goalVisible)
        }
        var infos: [TaskInfo] = []
        for raw in key.split(separator: ",") {
            var name = raw.trimmingCharacters(in: .whitespaces)
            if name.hasSuffix("-v3") || name.hasSuffix("-v2") { name.removeLast(3) }
            guard let task = MetaWorldTasks.named(name) else {
                let hint = Self.closest(to: name, in: MetaWorldTasks.all.map(\.name) + setNames).map { " (did you mean '\($0)'?)" } ?? ""
                throw BenchUsageError("unknown task or task set '\(name)'\(hint); sets: \(setNames.joined(separator: ", "))")
            }
            guard !infos.contains(task.info) else { throw BenchUsageError("task '\(name)' is listed twice") }
            infos.append(task.info)
        }
        guard !infos.isEmpty else { throw BenchUsageError("no tasks given") }
        return TaskSelection(name: infos.map(\.name).joined(separator: ","), tasks: infos, goalSplit: "train", goalVisible: true)
    }

    public func observationFields(for selection: TaskSelection) -> [FieldSpec] {
        [FieldSpec(name: "state", kind: .float32, shape: [MetaWorldObservation.count], privileged: true),
         FieldSpec(name: "task_id", kind: .float32, shape: [selection.tasks.count]),
         FieldSpec(name: "instruction", kind: .text, shape: []),
         FieldSpec(name: "proprio", kind: .float32, shape: [4])]
    }

    public func makeEnvironment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64) -> any BenchEnvironment {
        environment(selection: selection, taskIndex: taskIndex, configuration: configuration, seed: seed)
    }

    /// The concrete environment (for experts, demos and tests).
    public func environment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64 = 0) -> MetaWorldEnvironment {
        let info = selection.tasks[taskIndex]
        let task = MetaWorldTasks.named(info.name)!
        let noise = EpisodeNoise(conditions: selection.conditions, seed: seed, actionDimension: actionDimension)
        var scene = Self.scene(task, split: selection.goalSplit, configuration: configuration)
        noise.prepare(&scene.world)
        var style = noise.random("expert")
        return MetaWorldEnvironment(scene: scene, instruction: task.instruction, taskIndex: taskIndex, taskCount: selection.tasks.count,
                                    goalVisible: selection.goalVisible, expert: task.expert, noise: noise,
                                    style: ExpertStyle(&style).withoutGraspYaw)
    }

    /// Goal configuration `configuration` of `task` in `split`: drawn from a stream seeded by the task's
    /// name, the split, the stream and the index, redrawn until it does not start in success.
    public static func scene(_ task: MetaWorldTask, split: String, configuration: Configuration) -> MetaWorldScene {
        var rng = configuration.random(SimRandom.hash(task.name), SimRandom.hash(split))
        var scene = task.sample(&rng)
        var attempts = 0
        while scene.success.holds(in: scene.world, goal: scene.goal), attempts < 1000 {
            scene = task.sample(&rng)
            attempts += 1
        }
        return scene
    }

    /// The candidate nearest to `word` by edit distance, if it is close.
    static func closest(to word: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var prev = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let cur = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                    prev = cur
                }
            }
            return row[b.count]
        }
        let w = Array(word)
        let best = candidates.map { ($0, distance(w, Array($0))) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }
}

extension MetaWorldSuite: ExpertSuite {}
