/// Joins the reports of the shards of one run into the report of the whole run.
public enum ReportMerge {
    /// Merges `reports` (each with its path, for messages). Refuses reports of different runs
    /// (suite, policy, tasks, seed, episodes, execution, version or shard count), overlapping shards,
    /// and — unless `allowPartial` — missing shards.
    public static func merge(_ reports: [(path: String, report: BenchReport)], allowPartial: Bool = false) throws -> BenchReport {
        guard let first = reports.first else { throw BenchUsageError("nothing to merge: give the report folders of the shards") }
        var owner: [Int: String] = [:]
        var records: [EpisodeRecord] = []
        for (path, r) in reports {
            if let (field, mine, theirs) = first.report.identity.difference(from: r.identity) {
                throw BenchUsageError("\(path) is from a different run than \(first.path): \(field) is '\(theirs)' there and '\(mine)' here")
            }
            for s in r.shards {
                if let other = owner[s] {
                    throw BenchUsageError("shard \(s)/\(r.identity.shardCount) appears twice: in \(other) and in \(path)")
                }
                owner[s] = path
            }
            records += r.episodes
        }
        let missing = (1...first.report.identity.shardCount).filter { owner[$0] == nil }
        if !missing.isEmpty, !allowPartial {
            throw BenchUsageError("missing shard(s) \(missing.map { "\($0)/\(first.report.identity.shardCount)" }.joined(separator: ", ")); merge them too, or pass --allow-partial")
        }
        var seen = Set<Int>()
        for e in records where !seen.insert(e.index).inserted {
            throw BenchUsageError("episode \(e.index) (\(e.task)) appears in more than one report")
        }
        let groupOrder = first.report.groups.map(\.name)
        let taskGroups = first.report.tasks.map { ($0.name, $0.group) }
        return BenchReport(identity: first.report.identity, shards: Array(owner.keys), records: records, taskGroups: taskGroups,
                           groupOrder: groupOrder, wallTimeSeconds: reports.reduce(0) { $0 + $1.report.wallTimeSeconds })
    }
}
