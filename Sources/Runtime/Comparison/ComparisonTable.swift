import Bench
import Foundation
import SpecLang

/// The table that ranks architectures (`polspec bench compare`, `polspec bench table`): one row
/// per policy, made from the report folders of its training seeds, all evaluated on the same
/// episodes. A row gives the success per group and overall (the Wilson interval on the episodes
/// pooled over seeds, and the mean over seeds with its Student-t interval), the chunk latency at
/// batch 1, FLOPs per call and parameters, how it was trained and for how long, the observation
/// track, and the per-call mean of what its head reports (EBT's descent steps and energy).
///
/// Reports are compared only when they were evaluated alike: the same suite, tasks, goal split,
/// episodes per task, evaluation seed, cameras and conditions, each report whole (shards merged).
public struct ComparisonTable: Sendable, Equatable, Codable {
    public static let formatName = "polspec-comparison"
    public static let formatVersion = 1

    public var format = ComparisonTable.formatName
    public var version = ComparisonTable.formatVersion
    /// What every report shares.
    public var suite: String
    public var tasks: String
    public var taskNames: [String]
    public var goalSplit: String
    public var episodesPerTask: Int
    /// The evaluation run seed (the episodes' seeds derive from it).
    public var evaluationSeed: UInt64
    public var imageSize: Int?
    public var conditions: SuiteConditions?
    /// Group names in display order (the suite's, those with tasks).
    public var groups: [String]
    /// Where the latencies were measured (nil when they were not).
    public var machine: MachineDescription?
    public var rows: [Row]

    /// One policy: the runs of its seeds and what they add up to.
    public struct Row: Sendable, Equatable, Codable {
        /// What the table calls it: the spec's name (with its budget when two rows share a name),
        /// or the built-in policy's.
        public var name: String
        public var policy: String
        /// The spec's hash with `recipe.seed` 0 (nil for a built-in policy).
        public var seedlessSpecHash: String?
        public var track: ObservationTrack?
        public var runs: [RunEntry]
        /// Per group and overall, pooled over the seeds.
        public var groups: [GroupResult]
        public var overall: GroupResult
        /// The overall success over seeds.
        public var seeds: SeedInterval
        /// Chained suites: the average length over seeds.
        public var averageLength: SeedInterval?
        public var latency: ChunkLatency?
        public var flopsPerCall: Int?
        public var parameters: Int?
        /// How the first seed was trained (every seed of a row has the same budget).
        public var training: TrainingSummary?
        /// Training wall time over the seeds that say (seconds).
        public var trainingWallTime: SeedInterval?
        /// Per diagnostic the head reports, its mean over every policy call of every episode.
        public var diagnostics: [String: Double]
    }

    /// One report folder of a row.
    public struct RunEntry: Sendable, Equatable, Codable {
        public var folder: String
        public var recipeSeed: Int?
        public var overall: GroupResult
    }

    /// The table of `runs`, rows in the order their first run comes. `latency` times a row's spec
    /// (nil: not measured); `machine` says where.
    public init(runs: [ComparedRun], machine: MachineDescription?, latency: (Spec) throws -> ChunkLatency?) throws {
        guard let first = runs.first else { throw BenchUsageError("nothing to compare: give report folders") }
        try Self.checkComparable(runs)
        let id = first.report.identity
        suite = id.suite
        tasks = id.tasks
        taskNames = id.taskNames
        goalSplit = id.goalSplit
        episodesPerTask = id.episodesPerTask
        evaluationSeed = id.seed
        imageSize = id.imageSize
        conditions = id.conditions
        groups = first.report.groups.map(\.name)
        self.machine = machine
        var keys: [String] = [], members: [String: [ComparedRun]] = [:]
        for run in runs {
            let key = Self.rowKey(run)
            if members[key] == nil { keys.append(key) }
            members[key, default: []].append(run)
        }
        var rows: [Row] = []
        for key in keys {
            let mine = members[key]!
            let seeds = mine.map(\.recipeSeed)
            if let repeated = seeds.enumerated().first(where: { i, s in s != nil && seeds[..<i].contains(s) }) {
                let earlier = mine[seeds.firstIndex(of: repeated.element)!].folder
                throw BenchUsageError("\(mine[repeated.offset].folder) and \(earlier) are the same spec trained with the same recipe seed \(repeated.element!): give one of them")
            }
            rows.append(try Self.row(mine, groups: groups, latency: latency))
        }
        let names = rows.map(\.name)
        for i in rows.indices where names.filter({ $0 == rows[i].name }).count > 1 {
            let budget = rows[i].training.map { " · \($0.text)" + ($0.demosPerTask.map { " · \($0) demos" } ?? "") } ?? ""
            rows[i].name += budget.isEmpty ? " · \(rows[i].seedlessSpecHash?.prefix(12) ?? "")" : budget
        }
        self.rows = rows
    }

    /// Refuses runs that were not evaluated alike, duplicates and partial (unmerged) shards.
    static func checkComparable(_ runs: [ComparedRun]) throws {
        let first = runs[0]
        var folders: [String: String] = [:]
        for run in runs {
            let canonical = URL(fileURLWithPath: run.folder).standardizedFileURL.resolvingSymlinksInPath().path
            if let other = folders[canonical] { throw BenchUsageError("\(run.folder) is given twice (also as \(other))") }
            folders[canonical] = run.folder
            let id = run.report.identity
            let complete = Set(run.report.shards) == Set(1...max(id.shardCount, 1))
            guard complete else {
                throw BenchUsageError("\(run.folder) holds shard(s) \(run.report.shards.map(String.init).joined(separator: ", ")) of \(id.shardCount); merge the shards first (polspec bench merge)")
            }
            if let (field, mine, theirs) = evaluationDifference(first.report.identity, id) {
                throw BenchUsageError("\(run.folder) was evaluated differently from \(first.folder): \(field) is '\(theirs)' there and '\(mine)' here")
            }
        }
    }

    /// The first evaluation parameter in which two reports differ (what makes their episodes differ).
    static func evaluationDifference(_ a: RunIdentity, _ b: RunIdentity) -> (String, String, String)? {
        let fields: [(String, String, String)] = [
            ("suite", a.suite, b.suite), ("tasks", a.taskNames.joined(separator: ","), b.taskNames.joined(separator: ",")),
            ("goal split", a.goalSplit, b.goalSplit), ("goal visibility", "\(a.goalVisible)", "\(b.goalVisible)"),
            ("episodes per task", "\(a.episodesPerTask)", "\(b.episodesPerTask)"), ("evaluation seed", "\(a.seed)", "\(b.seed)"),
            ("image size", a.imageSize.map(String.init) ?? "none", b.imageSize.map(String.init) ?? "none"),
            ("camera depth", "\(a.cameraDepth ?? false)", "\(b.cameraDepth ?? false)"),
            ("conditions", a.conditions?.summary ?? "none", b.conditions?.summary ?? "none"),
        ]
        return fields.first { $0.1 != $0.2 }
    }

    /// Runs of one row share the spec (up to its seed), the demos and the training budget.
    static func rowKey(_ run: ComparedRun) -> String {
        let policy = run.seedlessHash ?? "policy \(run.report.identity.policy)"
        let budget = run.training.map { t in t.stages.map { "\($0.name)=\($0.steps)" }.joined(separator: ",") } ?? "-"
        return "\(policy) demos \(run.training?.demosPerTask.map(String.init) ?? "-") steps \(budget)"
    }

    static func row(_ runs: [ComparedRun], groups: [String], latency: (Spec) throws -> ChunkLatency?) throws -> Row {
        let first = runs[0]
        func pooled(_ name: String, _ results: [GroupResult]) -> GroupResult {
            let successes = results.reduce(0) { $0 + $1.successes }, episodes = results.reduce(0) { $0 + $1.episodes }
            let (lo, hi) = Wilson.interval(successes: successes, trials: episodes)
            return GroupResult(name: name, tasks: results.first?.tasks ?? 0, episodes: episodes, successes: successes,
                               successRate: results.isEmpty ? 0 : results.reduce(0) { $0 + $1.successRate } / Double(results.count),
                               wilsonLow: lo, wilsonHigh: hi)
        }
        var sums: [String: (total: Double, calls: Int)] = [:]
        for run in runs {
            for episode in run.report.episodes {
                for (name, summary) in episode.diagnostics ?? [:] {
                    sums[name, default: (0, 0)].total += summary.mean * Double(summary.calls)
                    sums[name, default: (0, 0)].calls += summary.calls
                }
            }
        }
        let chained = runs.compactMap { $0.report.chains?.averageLength }
        let walls = runs.compactMap { $0.training?.wallTimeSeconds }
        let spec = first.spec
        return Row(name: spec?.name ?? first.report.identity.policy, policy: first.report.identity.policy, seedlessSpecHash: first.seedlessHash,
                   track: first.report.identity.observation,
                   runs: runs.map { RunEntry(folder: $0.folder, recipeSeed: $0.recipeSeed, overall: $0.report.overall) },
                   groups: groups.map { g in pooled(g, runs.compactMap { $0.report.groups.first { $0.name == g } }) },
                   overall: pooled("overall", runs.map(\.report.overall)),
                   seeds: SeedInterval(runs.map(\.report.overallSuccessRate)),
                   averageLength: chained.count == runs.count ? SeedInterval(chained) : nil,
                   latency: try spec.flatMap(latency), flopsPerCall: spec?.estimate.total.flops, parameters: spec?.estimate.total.parameters,
                   training: first.training, trainingWallTime: walls.isEmpty ? nil : SeedInterval(walls),
                   diagnostics: sums.filter { $0.value.calls > 0 }.mapValues { $0.total / Double($0.calls) })
    }

    /// The table as pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

extension ComparisonTable {
    /// The table of `runs` with each row's chunk latency measured now on this machine
    /// (``ChunkLatency``, one thread), or none.
    public init(runs: [ComparedRun], measuringLatency: Bool) throws {
        try self.init(runs: runs, machine: measuringLatency ? .current() : nil) { spec in
            measuringLatency ? try ChunkLatency.measure(spec) : nil
        }
    }
}
