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

    public init(name: String, tasks: [TaskInfo], goalSplit: String, goalVisible: Bool, imageSize: Int? = nil,
                cameraDepth: Bool = false) {
        self.name = name
        self.tasks = tasks
        self.goalSplit = goalSplit
        self.goalVisible = goalVisible
        self.imageSize = imageSize
        self.cameraDepth = cameraDepth
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
    /// Fixed goal (or init) configurations per task; episode k of a task uses configuration k mod this.
    var configurationsPerTask: Int { get }
    /// Resolves `--tasks`: a set name or a comma-separated list of task names.
    func select(_ spec: String) throws -> TaskSelection
    /// The observation fields of a run over `selection`.
    func observationFields(for selection: TaskSelection) -> [FieldSpec]
    /// A fresh episode of task `taskIndex` of `selection` in goal configuration `configuration`.
    func makeEnvironment(selection: TaskSelection, taskIndex: Int, configuration: Int) -> any BenchEnvironment
    /// Episodes per task when the user does not say (50 goals or init states; CALVIN's 1000 chains).
    var defaultEpisodesPerTask: Int { get }
    /// The task set run when the user names none.
    var defaultTasks: String { get }
}

extension BenchSuite {
    public var defaultEpisodesPerTask: Int { 50 }
}
