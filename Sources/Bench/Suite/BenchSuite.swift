/// A task of a suite, as reports and policies see it.
public struct TaskInfo: Sendable, Equatable, Codable {
    public var name: String
    /// Its difficulty group or sub-suite (e.g. `easy`, `spatial`).
    public var group: String
    public var instruction: String

    public init(name: String, group: String, instruction: String) {
        self.name = name
        self.group = group
        self.instruction = instruction
    }
}

/// Which tasks a run uses, and how: resolved from `--tasks` (a set name or a list of task names).
public struct TaskSelection: Sendable, Equatable, Codable {
    /// What the user asked for, normalised (e.g. `mt10`, `reach,push`).
    public var name: String
    public var tasks: [TaskInfo]
    /// Which fixed list of goal configurations episodes draw from (`train` or `test`).
    public var goalSplit: String
    /// Whether goals are visible in the observation (Meta-World MT sets: yes; ML sets: no).
    public var goalVisible: Bool
    /// The side of the square camera images in pixels (suites with cameras; nil otherwise).
    public var imageSize: Int?
    /// Whether the cameras also give depth images (`agentview_depth`, `wrist_depth`).
    public var cameraDepth: Bool
    /// The episodes' noise and actuation model.
    public var conditions: SuiteConditions
    /// Which fields a policy may read (``ObservationSet``).
    public var observations: ObservationSet

    public init(name: String, tasks: [TaskInfo], goalSplit: String, goalVisible: Bool, imageSize: Int? = nil,
                cameraDepth: Bool = false, conditions: SuiteConditions = .standard, observations: ObservationSet = .all) {
        self.name = name
        self.tasks = tasks
        self.goalSplit = goalSplit
        self.goalVisible = goalVisible
        self.imageSize = imageSize
        self.cameraDepth = cameraDepth
        self.conditions = conditions
        self.observations = observations
    }

    enum CodingKeys: String, CodingKey {
        case name, tasks, goalSplit, goalVisible, imageSize, cameraDepth, conditions, observations
    }

    /// Reads a selection; records made before observation sets existed allowed every field.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        tasks = try c.decode([TaskInfo].self, forKey: .tasks)
        goalSplit = try c.decode(String.self, forKey: .goalSplit)
        goalVisible = try c.decode(Bool.self, forKey: .goalVisible)
        imageSize = try c.decodeIfPresent(Int.self, forKey: .imageSize)
        cameraDepth = try c.decode(Bool.self, forKey: .cameraDepth)
        conditions = try c.decode(SuiteConditions.self, forKey: .conditions)
        observations = try c.decodeIfPresent(ObservationSet.self, forKey: .observations) ?? .all
    }
}

/// A user-facing mistake in choosing a suite, task, set or shard (exit code 2 in the CLI).
public struct BenchUsageError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A benchmark family: its tasks, task sets, observation fields, action box and episodes.
public protocol BenchSuite: Sendable {
    /// The suite's name, e.g. `metaworld-like`.
    var name: String { get }
    /// Every task, in the suite's canonical order.
    var tasks: [TaskInfo] { get }
    /// Group names in display order.
    var groups: [String] { get }
    /// Named task sets (e.g. `mt10`), for `--help` and errors.
    var setNames: [String] { get }
    /// Action vector length.
    var actionDimension: Int { get }
    /// The real benchmark's fixed evaluation configurations per task (50 goals or initial states;
    /// calvin-like: CALVIN's 1000 chains). Evaluation episode k uses evaluation configuration k.
    var fixedConfigurations: Int { get }
    /// Resolves `--tasks`: a set name or a comma-separated list of task names.
    func select(_ spec: String) throws -> TaskSelection
    /// The observation fields of a run over `selection`.
    func observationFields(for selection: TaskSelection) -> [FieldSpec]
    /// A fresh episode of task `taskIndex` of `selection` from `configuration`; its noise
    /// (``EpisodeNoise`` under `selection.conditions`) and its expert's style come from `seed`.
    func makeEnvironment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64) -> any BenchEnvironment
    /// The evaluation configuration a demo of task `task` recorded from `configuration` started
    /// in, as (evaluated task, index); nil when it is none (every training configuration).
    func evaluationConfiguration(ofDemo task: String, _ configuration: Configuration) -> (task: String, index: Int)?
    /// Episodes per task when the user does not say (50 goals or init states; CALVIN's 1000 chains).
    var defaultEpisodesPerTask: Int { get }
    /// The task set run when the user names none.
    var defaultTasks: String { get }
    /// The splits `--split` names (calvin-like: `d-d`, `abc-d`); empty for a suite without splits.
    var splits: [String] { get }
    /// The tasks whose expert demos train a policy for the suite, narrowed to `tasks` when given:
    /// for a suite with splits, the single tasks of `split`'s training scenes (nil: the suite's
    /// default training split); otherwise the evaluated tasks themselves (`tasks`, else the default set).
    func demoSelection(split: String?, tasks: String?) throws -> TaskSelection
}

extension BenchSuite {
    public var defaultEpisodesPerTask: Int { 50 }

    public var splits: [String] { [] }

    public func demoSelection(split: String?, tasks: String?) throws -> TaskSelection {
        try select(tasks ?? defaultTasks)
    }

    public func evaluationConfiguration(ofDemo task: String, _ configuration: Configuration) -> (task: String, index: Int)? {
        configuration.stream == .evaluation ? (task, configuration.index) : nil
    }
}
