import Foundation

/// The `libero-like` suite: LIBERO's four evaluation suites (spatial, object, goal, long; ten
/// tasks each, in LIBERO's task order), their instructions and goal predicates, 50 fixed initial
/// states per task, two cameras, 8-D proprioception and the 7-D delta end-effector action; and
/// our `memory` group of history-dependent tasks, outside the set `all`.
public struct LiberoSuite: BenchSuite, ExpertSuite {
    public init() {}

    public let name = "libero-like"
    public let actionDimension = ArmAction.dimension
    public let fixedConfigurations = 50
    public let defaultTasks = "all"
    public var groups: [String] { LiberoTask.Family.allCases.map(\.rawValue) }
    public var setNames: [String] { groups + ["all"] }
    public var tasks: [TaskInfo] { Self.every.map(\.info) }

    /// LIBERO's tasks, the set `all`: spatial, object, goal, long, ten each.
    public static let all: [LiberoTask] = LiberoSpatial.tasks + LiberoObject.tasks + LiberoGoal.tasks + LiberoLong.tasks
    /// Every task of the suite: LIBERO's, then the memory group's.
    public static let every: [LiberoTask] = all + LiberoMemory.tasks
    private static let byName = Dictionary(uniqueKeysWithValues: every.map { ($0.name, $0) })

    /// The task called `name`.
    public static func task(named name: String) -> LiberoTask? { byName[name] }

    /// The cameras: agentview in front of the table looking back at the robot, the wrist camera on the gripper.
    public static let cameras = CameraRig(agentviewEye: Vec3(0, 1.45, 0.85), agentviewTarget: Vec3(0, 0.55, 0.05), agentviewFOV: 45)
    /// A light wooden table on a grey floor.
    public static let stage = Stage(tableMin: SIMD2(-0.55, -0.05), tableMax: SIMD2(0.55, 1.1),
                                    tableMaterial: Render.Material(Render.Color(hex: 0xC9A47B),
                                                                   pattern: .stripes(width: 0.06, other: Render.Color(hex: 0xBD976E), along: .x)))

    /// Resolves `--tasks`: `all` (LIBERO's four suites), a suite (`spatial`, `object`, `goal`, `long`,
    /// or LIBERO's code names `libero_spatial` ... `libero_10`), the group `memory`, or a
    /// comma-separated list of task names.
    public func select(_ spec: String) throws -> TaskSelection {
        let key = spec.trimmingCharacters(in: .whitespaces).lowercased()
        let families = LiberoTask.Family.allCases
        if key == "all" || key.isEmpty {
            return TaskSelection(name: "all", tasks: Self.all.map(\.info), goalSplit: "fixed-init", goalVisible: true, imageSize: Render.defaultImageSide)
        }
        if let family = families.first(where: { $0.rawValue == key || $0.codeName == key }) {
            return TaskSelection(name: family.rawValue, tasks: Self.every.filter { $0.family == family }.map(\.info),
                                 goalSplit: "fixed-init", goalVisible: true, imageSize: Render.defaultImageSide)
        }
        var infos: [TaskInfo] = []
        for raw in spec.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard let task = Self.byName[name] ?? Self.byName[name.lowercased()] else {
                let hint = MetaWorldSuite.closest(to: name, in: Self.every.map(\.name) + setNames).map { " (did you mean '\($0)'?)" } ?? ""
                throw BenchUsageError("unknown libero-like task or suite '\(name)'\(hint); suites: \(setNames.joined(separator: ", "))")
            }
            guard !infos.contains(task.info) else { throw BenchUsageError("task '\(name)' is listed twice") }
            infos.append(task.info)
        }
        guard !infos.isEmpty else { throw BenchUsageError("no tasks given") }
        return TaskSelection(name: infos.map(\.name).joined(separator: ","), tasks: infos, goalSplit: "fixed-init", goalVisible: true,
                             imageSize: Render.defaultImageSide)
    }

    public func observationFields(for selection: TaskSelection) -> [FieldSpec] {
        CameraSensor.fields(for: selection, keypoints: LiberoScene.keypointCount,
                            suiteFields: [FieldSpec(name: "proprio", kind: .float32, shape: [8]),
                                          FieldSpec(name: "instruction", kind: .text, shape: [])])
    }

    public func makeEnvironment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64) -> any BenchEnvironment {
        environment(selection: selection, taskIndex: taskIndex, configuration: configuration, seed: seed)
    }

    /// The concrete environment (for tests and tools).
    public func environment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64 = 0) -> LiberoEnvironment {
        let task = Self.byName[selection.tasks[taskIndex].name]!
        let side = selection.imageSize ?? Render.defaultImageSide
        let noise = EpisodeNoise(conditions: selection.conditions, seed: seed, actionDimension: actionDimension)
        var scene = Self.initialState(task, configuration)
        noise.prepare(&scene.world)
        var style = noise.random("expert")
        // The image side was validated when the selection was made, so the cameras are valid.
        return try! LiberoEnvironment(task: task, scene: scene, imageSize: side, depth: selection.cameraDepth, noise: noise,
                                      style: ExpertStyle(&style))
    }

    /// Initial state `configuration` of `task`: drawn from a stream seeded by the task's name, the
    /// stream and the index, redrawn until no two objects overlap and the goal does not hold yet.
    public static func initialState(_ task: LiberoTask, _ configuration: Configuration) -> LiberoScene {
        var layout = LiberoLayout(configuration.random(SimRandom.hash(task.name)))
        var scene = task.build(&layout)
        var attempts = 0
        while scene.goal.holdsAtStart(scene.world) || LiberoKit.overlapping(scene.world), attempts < 100 {
            scene = task.build(&layout)
            attempts += 1
        }
        return scene
    }
}
