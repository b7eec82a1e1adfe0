/// A slice of a run: shard `index` of `count` (1-based) takes every `count`-th episode.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public static let whole = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/n` with 1 <= i <= n.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else {
            throw BenchUsageError("bad shard '\(text)': expected i/n with 1 <= i <= n, e.g. 1/4")
        }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether the episode with global index `g` belongs to this shard.
    public func contains(_ g: Int) -> Bool { g % count == index - 1 }
}

/// How the evaluator turns action chunks into executed actions.
public struct Execution: Sendable, Equatable, Codable {
    /// Execute the first `execute` actions of each chunk before asking again (nil: the whole chunk).
    public var execute: Int?
    /// ACT-style temporal ensembling: ask every step and average all chunks' predictions for the
    /// current step with weights exp(-decay * i), i = 0 for the oldest (nil: off).
    public var temporalEnsembleDecay: Double?

    public init(execute: Int? = nil, temporalEnsembleDecay: Double? = nil) {
        self.execute = execute
        self.temporalEnsembleDecay = temporalEnsembleDecay
    }

    enum CodingKeys: String, CodingKey {
        case execute
        case temporalEnsembleDecay = "temporal_ensemble_decay"
    }
}

/// One episode of a run, before it is played.
public struct EpisodeSpec: Sendable, Equatable {
    /// Position in the run's canonical order (task-major, then episode number).
    public var index: Int
    public var taskIndex: Int
    /// Episode number within the task (0 ..< episodes per task); it uses evaluation configuration `number`.
    public var number: Int
    public var seed: UInt64
    /// Whether the policy saw this configuration in training (nil when the plan does not say).
    public var seen: Bool?

    /// The evaluation configuration the episode starts from.
    public var configuration: Configuration { .evaluation(number) }
}

/// Everything that defines a run's results: two runs with equal plans give equal episode records,
/// whatever the thread count, batch size or sharding.
public struct EvaluationPlan: Sendable, Equatable {
    public var suite: String
    public var selection: TaskSelection
    public var episodesPerTask: Int
    public var seed: UInt64
    public var policy: String
    public var execution: Execution
    public var shard: Shard
    /// The evaluation configurations the policy was trained on (nil: none, the usual case where
    /// demos come from the training stream). Episode records then say which were seen.
    public var seen: SeenConfigurations?
    /// Which observation fields the policy read, for the report's track (filled by ``BenchRun``).
    public var observation: ObservationTrack?
    /// The environment process the episodes ran in (``BridgeSuite``); nil for the built-in suites.
    public var environment: EnvironmentIdentity?

    public init(suite: String, selection: TaskSelection, episodesPerTask: Int, seed: UInt64, policy: String,
                execution: Execution = Execution(), shard: Shard = .whole, seen: SeenConfigurations? = nil) {
        self.suite = suite
        self.selection = selection
        self.episodesPerTask = episodesPerTask
        self.seed = seed
        self.policy = policy
        self.execution = execution
        self.shard = shard
        self.seen = seen
    }

    /// The episode seed: a 53-bit mix of the run seed, the task and the episode number (exact in JSON).
    public static func episodeSeed(run seed: UInt64, task: String, number: Int) -> UInt64 {
        var rng = SimRandom(keys: seed, SimRandom.hash(task), UInt64(number))
        return rng.next() & ((1 << 53) - 1)
    }

    /// This shard's episodes in canonical order.
    public func episodes() -> [EpisodeSpec] {
        var out: [EpisodeSpec] = []
        for (t, task) in selection.tasks.enumerated() {
            for k in 0..<episodesPerTask {
                let g = t * episodesPerTask + k
                guard shard.contains(g) else { continue }
                out.append(EpisodeSpec(index: g, taskIndex: t, number: k, seed: Self.episodeSeed(run: seed, task: task.name, number: k),
                                       seen: seen.map { $0.contains(task: task.name, index: k) }))
            }
        }
        return out
    }
}

/// What happened in one episode.
public struct EpisodeRecord: Sendable, Equatable, Codable {
    /// Position in the run's canonical order.
    public var index: Int
    public var task: String
    /// The evaluation configuration used (goal, initial state or chain).
    public var goalIndex: Int
    public var seed: UInt64
    public var success: Bool
    /// Steps taken (to success, or the cap).
    public var steps: Int
    /// Subtasks completed (chained suites; 0 or 1 otherwise).
    public var subtasksCompleted: Int
    /// The chain's subtasks in order (chained suites only).
    public var subtasks: [String]?
    /// What the policy reported about its chunks over the episode, by name (policies with
    /// diagnostics only, see ``ActionChunkBatch/diagnostics``).
    public var diagnostics: [String: DiagnosticSummary]?
    /// Whether the policy was trained on this episode's configuration (only when the run knows).
    public var seen: Bool?
    /// Why the episode failed in its environment rather than by the policy (an environment process
    /// that crashed, hung or answered outside the protocol); nil for episodes played out.
    public var failure: String?

    public init(index: Int, task: String, goalIndex: Int, seed: UInt64, success: Bool, steps: Int, subtasksCompleted: Int,
                subtasks: [String]? = nil, diagnostics: [String: DiagnosticSummary]? = nil, seen: Bool? = nil, failure: String? = nil) {
        self.index = index
        self.task = task
        self.goalIndex = goalIndex
        self.seed = seed
        self.success = success
        self.steps = steps
        self.subtasksCompleted = subtasksCompleted
        self.subtasks = subtasks
        self.diagnostics = diagnostics
        self.seen = seen
        self.failure = failure
    }

    enum CodingKeys: String, CodingKey {
        case index, task, seed, success, steps, subtasks, diagnostics, seen, failure
        case goalIndex = "goal_index"
        case subtasksCompleted = "subtasks_completed"
    }
}
