import Foundation

/// The `calvin-like` suite: CALVIN's long-horizon multi-task language control (LH-MTLC). Its one
/// evaluation "task" is the list of 1000 chains of 5 subtasks, played in scene D; `--split` names
/// the training scenes (`d-d`: D, `abc-d`: A, B and C), which is where demos come from. Demos are
/// single subtasks ("play" segments annotated with their instruction), one file per task.
public struct CalvinSuite: BenchSuite, ExpertSuite {
    public init() {}

    public let name = "calvin-like"
    public let actionDimension = ArmAction.dimension
    public let fixedConfigurations = CalvinChains.count
    public let defaultEpisodesPerTask = CalvinChains.count
    public let defaultTasks = "d-d"
    public let groups = ["calvin"]
    public let setNames = ["d-d", "abc-d"]

    /// The evaluation's one task: the chains.
    public static let chains = TaskInfo(name: "lh-mtlc", group: "calvin", instruction: "five chained instructions")
    /// The 34 tasks (for demos and the instruction vocabulary), grouped by category.
    public var tasks: [TaskInfo] { CalvinTask.all.map { TaskInfo(name: $0.name, group: "calvin", instruction: $0.instruction) } }

    /// The static camera behind and above the robot, looking over the table; the gripper camera.
    public static let cameras = CameraRig(agentviewEye: Vec3(0, -0.22, 0.8), agentviewTarget: Vec3(0, 0.6, 0.02), agentviewFOV: 50)

    /// The training scenes of a split.
    public static func trainingVariants(_ split: String) -> [CalvinVariant] {
        split == "abc-d" ? [.a, .b, .c] : [.d]
    }

    /// Resolves `--split` (`d-d` or `abc-d`): the evaluation chains.
    public func select(_ spec: String) throws -> TaskSelection {
        let split = try split(spec)
        return TaskSelection(name: split, tasks: [Self.chains], goalSplit: split, goalVisible: true, imageSize: Render.defaultImageSide)
    }

    public let splits = ["d-d", "abc-d"]

    func split(_ spec: String) throws -> String {
        let key = spec.trimmingCharacters(in: .whitespaces).lowercased()
        guard splits.contains(key) else {
            throw BenchUsageError("unknown calvin-like split '\(spec)'; splits: \(splits.joined(separator: ", "))")
        }
        return key
    }

    /// The single subtasks of `tasks` (all 34 when nil) recorded in the training scenes of
    /// `split` (default `abc-d`): CALVIN's play data.
    public func demoSelection(split spec: String?, tasks names: String?) throws -> TaskSelection {
        let split = try split(spec ?? "abc-d")
        var infos = tasks
        if let names, names.lowercased() != "all" {
            infos = try names.split(separator: ",").map { raw in
                let n = raw.trimmingCharacters(in: .whitespaces)
                guard let t = CalvinTask.named(n) else {
                    let hint = MetaWorldSuite.closest(to: n, in: CalvinTask.all.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                    throw BenchUsageError("unknown calvin-like task '\(n)'\(hint)")
                }
                return TaskInfo(name: t.name, group: "calvin", instruction: t.instruction)
            }
        }
        return TaskSelection(name: "play-\(split)", tasks: infos, goalSplit: split, goalVisible: true, imageSize: Render.defaultImageSide)
    }

    public func observationFields(for selection: TaskSelection) -> [FieldSpec] {
        CameraSensor.fields(for: selection, keypoints: 8,
                            suiteFields: [FieldSpec(name: "proprio", kind: .float32, shape: [15]),
                                          FieldSpec(name: "scene_obs", kind: .float32, shape: [24], privileged: true),
                                          FieldSpec(name: "instruction", kind: .text, shape: [])])
    }

    /// The blocks' yaws of chain (or demo) `k`: pi/2 +- pi/8, from a stream seeded by `k`.
    static func yaws(_ k: Int) -> [Double] {
        var rng = SimRandom(keys: SimRandom.hash("calvin-like"), UInt64(k))
        return (0..<3).map { _ in Double.pi / 2 + rng.uniform(-Double.pi / 8, Double.pi / 8) }
    }

    /// The `k`-th occurrence of `task` in the chains, in chain order, as (chain, position), taken
    /// modulo the number of occurrences. Chains are looked at only as far as needed, so a common
    /// task's first occurrences cost a few chains' draws.
    static func occurrence(of task: String, _ k: Int) -> (chain: Int, position: Int)? {
        var found: [(chain: Int, position: Int)] = []
        for c in 0..<CalvinChains.count {
            for (p, t) in CalvinChains.chain(c).tasks.enumerated() where t == task {
                found.append((c, p))
                if found.count > k { return found[k] }
            }
        }
        return found.isEmpty ? nil : found[k % found.count]
    }

    public func makeEnvironment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64) -> any BenchEnvironment {
        environment(selection: selection, taskIndex: taskIndex, configuration: configuration, seed: seed)
    }

    /// A demo of a task recorded from evaluation configuration k is a segment of the chain where the
    /// task occurs for the k-th time.
    public func evaluationConfiguration(ofDemo task: String, _ configuration: Configuration) -> (task: String, index: Int)? {
        guard configuration.stream == .evaluation else { return nil }
        if task == Self.chains.name { return (task, configuration.index) }
        return Self.occurrence(of: task, configuration.index).map { (Self.chains.name, $0.chain) }
    }

    /// The concrete environment. For the chains: evaluation configuration k < 1000 is CALVIN's chain
    /// k, later ones extra chains (``CalvinPlay/evaluationChain(_:)``), in scene D. For a demo task:
    /// a training configuration is a play chain ending with the task (drawn from the configuration's
    /// stream), an evaluation one the segment of the chain where the task occurs for the k-th time;
    /// either is played in a training scene of the split.
    public func environment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64 = 0) -> CalvinEnvironment {
        let side = selection.imageSize ?? Render.defaultImageSide
        let name = selection.tasks[taskIndex].name
        let noise = EpisodeNoise(conditions: selection.conditions, seed: seed, actionDimension: actionDimension)
        var styleRandom = noise.random("expert")
        let style = ExpertStyle(&styleRandom)
        func make(_ variant: CalvinVariant, _ start: [String: String], _ yaws: [Double], _ chain: [String], skip: Int) -> CalvinEnvironment? {
            CalvinEnvironment(variant: variant, state: start, yaws: yaws, chain: chain, skip: skip, imageSize: side,
                              depth: selection.cameraDepth, noise: noise, style: style)
        }
        if name == Self.chains.name {
            let k = configuration.index
            if configuration.stream == .evaluation, k < CalvinChains.count {
                let chain = CalvinChains.chain(k)
                return make(.d, chain.start, Self.yaws(k), chain.tasks, skip: 0)!
            }
            var rng = configuration.random(SimRandom.hash("calvin-like chains"))
            let drawn = configuration.stream == .evaluation ? CalvinPlay.evaluationChain(k) : CalvinPlay.chain(length: CalvinChains.length, &rng)
            return make(.d, drawn.start, drawn.yaws, drawn.tasks, skip: 0)!
        }
        let variants = Self.trainingVariants(selection.goalSplit)
        let k = configuration.index
        let variant = variants[k % variants.count]
        if configuration.stream == .training {
            var rng = configuration.random(SimRandom.hash("calvin-like play"), SimRandom.hash(name))
            while true {
                let drawn = CalvinPlay.chain(endingWith: name, &rng)!
                if let env = make(variant, drawn.start, drawn.yaws, drawn.tasks, skip: drawn.tasks.count - 1) { return env }
            }
        }
        for attempt in 0..<CalvinChains.count {
            guard let (c, p) = Self.occurrence(of: name, k + attempt) else { break }
            let chain = CalvinChains.chain(c)
            if let env = make(variants[(k + attempt) % variants.count], chain.start, Self.yaws(c), Array(chain.tasks[...p]), skip: p) {
                return env
            }
        }
        preconditionFailure("no chain reaches task \(name)")
    }
}
