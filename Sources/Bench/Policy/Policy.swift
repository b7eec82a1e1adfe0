/// What a policy is told when one of its slots starts a new episode.
public struct EpisodeContext: Sendable, Equatable {
    /// The task's name, e.g. `pick-place`.
    public var task: String
    /// The task's position in the run's task list.
    public var taskIndex: Int
    /// Which of the task's fixed goal (or init) configurations the episode uses.
    public var goalIndex: Int
    /// The episode's seed: a stochastic policy draws its noise from it, so results do not depend
    /// on batch size, thread count or which slot runs the episode.
    public var seed: UInt64
    /// The language instruction in force (in a chain: the current subtask's).
    public var instruction: String
    /// In suites with chained subtasks (calvin-like): the current subtask's name, e.g. `open_drawer`.
    public var subtask: String?

    public init(task: String, taskIndex: Int, goalIndex: Int, seed: UInt64, instruction: String, subtask: String? = nil) {
        self.task = task
        self.taskIndex = taskIndex
        self.goalIndex = goalIndex
        self.seed = seed
        self.instruction = instruction
        self.subtask = subtask
    }
}

/// A policy as the bench sees it: a batch of observations in, a batch of action chunks out.
///
/// The evaluator calls `reset(slot:episode:)` when a slot starts an episode (and, in suites with
/// chained subtasks, when a new instruction begins), then `act` once per round for all active
/// slots together. "Execute k of H" and temporal ensembling happen on the bench side.
public protocol Policy: AnyObject {
    /// A short name for reports, e.g. `expert`.
    var name: String { get }
    /// Actions per chunk (H).
    var horizon: Int { get }
    /// True for a scripted oracle that may see privileged observations (goals hidden in ML sets)
    /// and reads the expert channel of the batch.
    var isOracle: Bool { get }
    /// The observation fields the policy reads (nil: all of them). Environments fill only these, so
    /// a policy that needs no camera image costs no rendering.
    var observationFieldsRead: Set<String>? { get }
    /// Slot `slot` starts an episode (or a new subtask of a chain).
    func reset(slot: Int, episode: EpisodeContext)
    /// One action chunk per row of `observations`: [rows, horizon, action dimension].
    func act(_ observations: ObservationBatch) throws -> ActionChunkBatch
}

extension Policy {
    public var isOracle: Bool { false }
    public var observationFieldsRead: Set<String>? { nil }
}
