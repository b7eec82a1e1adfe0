import Foundation

/// Per-task results.
public struct TaskResult: Sendable, Equatable, Codable {
    public var name: String
    public var group: String
    public var episodes: Int
    public var successes: Int
    public var successRate: Double
    public var wilsonLow: Double
    public var wilsonHigh: Double
    /// Mean steps of the successful episodes (nil if none succeeded).
    public var meanStepsToSuccess: Double?

    enum CodingKeys: String, CodingKey {
        case name, group, episodes, successes
        case successRate = "success_rate"
        case wilsonLow = "wilson_low"
        case wilsonHigh = "wilson_high"
        case meanStepsToSuccess = "mean_steps_to_success"
    }
}

/// Per-group (or overall) results: the mean of the tasks' success rates, and a Wilson interval on
/// the pooled episodes (every task has the same number of episodes, so the two agree).
public struct GroupResult: Sendable, Equatable, Codable {
    public var name: String
    public var tasks: Int
    public var episodes: Int
    public var successes: Int
    public var successRate: Double
    public var wilsonLow: Double
    public var wilsonHigh: Double

    public init(name: String, tasks: Int, episodes: Int, successes: Int, successRate: Double, wilsonLow: Double, wilsonHigh: Double) {
        self.name = name
        self.tasks = tasks
        self.episodes = episodes
        self.successes = successes
        self.successRate = successRate
        self.wilsonLow = wilsonLow
        self.wilsonHigh = wilsonHigh
    }

    enum CodingKeys: String, CodingKey {
        case name, tasks, episodes, successes
        case successRate = "success_rate"
        case wilsonLow = "wilson_low"
        case wilsonHigh = "wilson_high"
    }
}

/// The parameters that make two runs the same run (shards of one run share all of them).
public struct RunIdentity: Sendable, Equatable, Codable {
    public var suite: String
    public var policy: String
    public var tasks: String
    public var taskNames: [String]
    public var goalSplit: String
    public var goalVisible: Bool
    public var episodesPerTask: Int
    public var seed: UInt64
    public var execution: Execution
    public var polspecVersion: String
    public var shardCount: Int
    /// Camera image side of suites with cameras.
    public var imageSize: Int?
    /// Whether the cameras gave depth images (nil for suites without cameras).
    public var cameraDepth: Bool?
    /// The episodes' noise and actuation model (nil in reports of older versions).
    public var conditions: SuiteConditions?
    /// What the policy observed: its track and fields (nil in reports of older versions).
    public var observation: ObservationTrack?
    /// The fields the policy was allowed to read (nil in reports of older versions: all).
    public var observations: ObservationSet?
    /// The environment process the episodes ran in (`polspec bench --env`); nil for built-in suites.
    public var environment: EnvironmentIdentity?

    public init(plan: EvaluationPlan, polspecVersion: String) {
        suite = plan.suite
        policy = plan.policy
        tasks = plan.selection.name
        taskNames = plan.selection.tasks.map(\.name)
        goalSplit = plan.selection.goalSplit
        goalVisible = plan.selection.goalVisible
        episodesPerTask = plan.episodesPerTask
        seed = plan.seed
        execution = plan.execution
        self.polspecVersion = polspecVersion
        shardCount = plan.shard.count
        imageSize = plan.selection.imageSize
        cameraDepth = plan.selection.imageSize == nil ? nil : plan.selection.cameraDepth
        conditions = plan.environment == nil ? plan.selection.conditions : nil
        observation = plan.observation
        observations = plan.selection.observations
        environment = plan.environment
    }

    enum CodingKeys: String, CodingKey {
        case suite, policy, tasks, seed, execution, conditions, observation, observations, environment
        case taskNames = "task_names"
        case goalSplit = "goal_split"
        case goalVisible = "goal_visible"
        case episodesPerTask = "episodes_per_task"
        case polspecVersion = "polspec_version"
        case shardCount = "shard_count"
        case imageSize = "image_size"
        case cameraDepth = "camera_depth"
    }

    /// The first field in which `other` differs, as (name, this value, other value).
    public func difference(from other: RunIdentity) -> (String, String, String)? {
        let fields: [(String, String, String)] = [
            ("suite", suite, other.suite), ("policy", policy, other.policy), ("tasks", tasks, other.tasks),
            ("goal split", goalSplit, other.goalSplit), ("goal visibility", "\(goalVisible)", "\(other.goalVisible)"),
            ("episodes per task", "\(episodesPerTask)", "\(other.episodesPerTask)"), ("seed", "\(seed)", "\(other.seed)"),
            ("execution", "\(execution)", "\(other.execution)"), ("polspec version", polspecVersion, other.polspecVersion),
            ("shard count", "\(shardCount)", "\(other.shardCount)"),
            ("image size", imageSize.map(String.init) ?? "none", other.imageSize.map(String.init) ?? "none"),
            ("camera depth", "\(cameraDepth ?? false)", "\(other.cameraDepth ?? false)"),
            ("conditions", conditions?.summary ?? "none", other.conditions?.summary ?? "none"),
            ("observation track", observation?.description ?? "none", other.observation?.description ?? "none"),
            ("observations", (observations ?? .all).rawValue, (other.observations ?? .all).rawValue),
            ("environment", environment?.description ?? "none", other.environment?.description ?? "none"),
        ]
        return fields.first { $0.1 != $0.2 }
    }
}

/// A run's report: identity, results per task, per group and overall, and every episode.
public struct BenchReport: Sendable, Equatable, Codable {
    public var identity: RunIdentity
    /// The shard indices (1-based) whose episodes this report holds.
    public var shards: [Int]
    public var createdAt: String
    /// Wall time of the run (for a merge: the sum over shards), seconds.
    public var wallTimeSeconds: Double
    public var overallSuccessRate: Double
    public var overall: GroupResult
    public var groups: [GroupResult]
    public var tasks: [TaskResult]
    public var episodes: [EpisodeRecord]
    /// Chained suites (calvin-like): SR@1..5 as `sr_at`, the average length and per-subtask success.
    public var chains: ChainResult?
    /// When the policy was trained on some evaluation configurations: the success of the episodes
    /// it saw and of the others, apart (`seen`, `unseen`).
    public var seenSplit: [GroupResult]?

    /// Aggregates `records` the way the real benchmark counts: success per task, the mean of the
    /// task rates per group and overall.
    public init(identity: RunIdentity, shards: [Int], records: [EpisodeRecord], taskGroups: [(name: String, group: String)],
                groupOrder: [String], wallTimeSeconds: Double, createdAt: Date = Date()) {
        self.identity = identity
        self.shards = shards.sorted()
        self.wallTimeSeconds = wallTimeSeconds
        let formatter = ISO8601DateFormatter()
        self.createdAt = formatter.string(from: createdAt)
        episodes = records.sorted { $0.index < $1.index }
        var tasks: [TaskResult] = []
        for (name, group) in taskGroups {
            let mine = records.filter { $0.task == name }
            let wins = mine.filter(\.success)
            let (lo, hi) = Wilson.interval(successes: wins.count, trials: mine.count)
            tasks.append(TaskResult(name: name, group: group, episodes: mine.count, successes: wins.count,
                                    successRate: mine.isEmpty ? 0 : Double(wins.count) / Double(mine.count), wilsonLow: lo, wilsonHigh: hi,
                                    meanStepsToSuccess: wins.isEmpty ? nil : Double(wins.reduce(0) { $0 + $1.steps }) / Double(wins.count)))
        }
        self.tasks = tasks
        groups = groupOrder.compactMap { g in
            let members = tasks.filter { $0.group == g }
            return members.isEmpty ? nil : Self.pool(g, members)
        }
        overall = Self.pool("overall", tasks)
        overallSuccessRate = overall.successRate
        chains = ChainResult(records: episodes)
        seenSplit = Self.seenSplit(episodes)
    }

    /// Success of the seen and of the unseen episodes (pooled), when episodes say which they are.
    static func seenSplit(_ records: [EpisodeRecord]) -> [GroupResult]? {
        guard records.contains(where: { $0.seen == true }) else { return nil }
        return [true, false].map { flag in
            let mine = records.filter { ($0.seen ?? false) == flag }
            let wins = mine.filter(\.success).count
            let (lo, hi) = Wilson.interval(successes: wins, trials: mine.count)
            return GroupResult(name: flag ? "seen" : "unseen", tasks: Set(mine.map(\.task)).count, episodes: mine.count, successes: wins,
                               successRate: mine.isEmpty ? 0 : Double(wins) / Double(mine.count), wilsonLow: lo, wilsonHigh: hi)
        }
    }

    static func pool(_ name: String, _ members: [TaskResult]) -> GroupResult {
        let episodes = members.reduce(0) { $0 + $1.episodes }, successes = members.reduce(0) { $0 + $1.successes }
        let (lo, hi) = Wilson.interval(successes: successes, trials: episodes)
        let rate = members.isEmpty ? 0 : members.reduce(0) { $0 + $1.successRate } / Double(members.count)
        return GroupResult(name: name, tasks: members.count, episodes: episodes, successes: successes, successRate: rate,
                           wilsonLow: lo, wilsonHigh: hi)
    }

    enum CodingKeys: String, CodingKey {
        case identity = "run", shards, groups, tasks, episodes, overall
        case createdAt = "created_at"
        case wallTimeSeconds = "wall_time_seconds"
        case overallSuccessRate = "overall_success_rate"
        case suite, seed
        case polspecVersion = "polspec_version"
        case srAt = "sr_at"
        case avgLen = "avg_len"
        case subtasks
        case seenSplit = "seen_split"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(identity.suite, forKey: .suite)
        try c.encode(identity.polspecVersion, forKey: .polspecVersion)
        try c.encode(identity.seed, forKey: .seed)
        try c.encode(identity, forKey: .identity)
        try c.encode(shards, forKey: .shards)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(wallTimeSeconds, forKey: .wallTimeSeconds)
        try c.encode(overallSuccessRate, forKey: .overallSuccessRate)
        try c.encode(overall, forKey: .overall)
        try c.encode(groups, forKey: .groups)
        try c.encode(tasks, forKey: .tasks)
        try c.encode(episodes, forKey: .episodes)
        try c.encodeIfPresent(seenSplit, forKey: .seenSplit)
        if let chains {
            try c.encode(chains.successAt, forKey: .srAt)
            try c.encode(chains.averageLength, forKey: .avgLen)
            try c.encode(chains.subtasks, forKey: .subtasks)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        identity = try c.decode(RunIdentity.self, forKey: .identity)
        shards = try c.decode([Int].self, forKey: .shards)
        createdAt = try c.decode(String.self, forKey: .createdAt)
        wallTimeSeconds = try c.decode(Double.self, forKey: .wallTimeSeconds)
        overallSuccessRate = try c.decode(Double.self, forKey: .overallSuccessRate)
        overall = try c.decode(GroupResult.self, forKey: .overall)
        groups = try c.decode([GroupResult].self, forKey: .groups)
        tasks = try c.decode([TaskResult].self, forKey: .tasks)
        episodes = try c.decode([EpisodeRecord].self, forKey: .episodes)
        chains = ChainResult(records: episodes)
        seenSplit = Self.seenSplit(episodes)
    }

    /// The report as pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Reads a report.json.
    public static func read(_ url: URL) throws -> BenchReport {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw BenchUsageError("cannot read \(url.path): \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(BenchReport.self, from: data) } catch {
            throw BenchUsageError("\(url.path) is not a polspec bench report (\(error))")
        }
    }
}
