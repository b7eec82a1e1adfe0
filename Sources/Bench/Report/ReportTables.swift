import Foundation

/// Text renderings of a report: the terminal tables and the Markdown file.
public enum ReportTables {
    static func percent(_ x: Double) -> String { String(format: "%.1f", 100 * x) }
    static func interval(_ lo: Double, _ hi: Double) -> String { "[\(percent(lo)), \(percent(hi))]" }

    /// The per-task, per-group and overall tables printed by `polspec bench`.
    public static func text(_ r: BenchReport) -> String {
        let nameWidth = max(28, (r.tasks.map(\.name.count).max() ?? 0) + 2)
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        var out = "\(r.identity.suite) · policy \(r.identity.policy) · tasks \(r.identity.tasks) · \(r.identity.episodesPerTask) episodes/task · seed \(r.identity.seed)\n"
        if let environment = r.identity.environment { out += "environment: \(environment)\n" }
        if let failed = environmentFailures(r) { out += "environment failures: \(failed)\n" }
        if let track = r.identity.observation { out += "track: \(track)\n" }
        if let set = r.identity.observations, set != .all { out += "observations: \(set.rawValue)\n" }
        if let conditions = r.identity.conditions { out += "conditions: \(conditions.summary)\n" }
        out += "\n"
        out += pad("task", nameWidth) + pad("group", 11) + lpad("success", 9) + lpad("episodes", 10) + "  95% CI (%)      mean steps\n"
        for t in r.tasks {
            let steps = t.meanStepsToSuccess.map { String(format: "%.0f", $0) } ?? "-"
            out += pad(t.name, nameWidth) + pad(t.group, 11) + lpad(percent(t.successRate) + "%", 9)
                + lpad("\(t.successes)/\(t.episodes)", 10) + "  " + pad(interval(t.wilsonLow, t.wilsonHigh), 16) + lpad(steps, 10) + "\n"
        }
        out += "\n" + pad("group", nameWidth) + lpad("tasks", 6) + lpad("success", 10) + lpad("episodes", 12) + "  95% CI (%)\n"
        for g in r.groups + [r.overall] {
            out += pad(g.name, nameWidth) + lpad("\(g.tasks)", 6) + lpad(percent(g.successRate) + "%", 10)
                + lpad("\(g.successes)/\(g.episodes)", 12) + "  " + interval(g.wilsonLow, g.wilsonHigh) + "\n"
        }
        if let split = r.seenSplit {
            out += "\ntrained on some evaluation configurations: " + split.map {
                "\($0.name) \(percent($0.successRate))% (\($0.successes)/\($0.episodes), 95% CI \(interval($0.wilsonLow, $0.wilsonHigh)))"
            }.joined(separator: " · ") + "\n"
        }
        if r.groups.count > 1 {
            out += "\nas in the papers (success %): " + r.groups.map { "\($0.name) \(percent($0.successRate))" }.joined(separator: " · ")
                + " · average \(percent(r.groups.reduce(0) { $0 + $1.successRate } / Double(r.groups.count)))\n"
        }
        if let c = r.chains {
            out += "\n" + (1...c.length).map { lpad("SR@\($0)", 8) }.joined() + lpad("avg len", 10) + "   (\(c.chains) chains)\n"
            out += c.successAt.map { lpad(percent($0) + "%", 8) }.joined() + lpad(String(format: "%.2f", c.averageLength), 10) + "\n\n"
            out += pad("subtask", nameWidth) + lpad("success", 9) + lpad("attempts", 12) + "  95% CI (%)\n"
            for t in c.subtasks {
                out += pad(t.name, nameWidth) + lpad(percent(t.successRate) + "%", 9) + lpad("\(t.successes)/\(t.attempts)", 12)
                    + "  " + interval(t.wilsonLow, t.wilsonHigh) + "\n"
            }
        }
        return out
    }

    /// `3 of 500 episodes (counted as failed; ...), the first: ...` when environment processes failed episodes, else nil.
    static func environmentFailures(_ r: BenchReport) -> String? {
        let failed = r.episodes.filter { $0.failure != nil }
        guard let first = failed.first else { return nil }
        return "\(failed.count) of \(r.episodes.count) episodes (counted as failed; each reason in report.json), the first: \(first.task) episode \(first.goalIndex): \(first.failure!.split(separator: "\n").first ?? "")"
    }

    /// report.md: the same tables in Markdown, with the run's identity.
    public static func markdown(_ r: BenchReport) -> String {
        let id = r.identity
        var out = "# \(id.suite) — \(id.policy)\n\n"
        out += "| | |\n|---|---|\n"
        out += "| tasks | \(id.tasks) (\(id.taskNames.count) tasks) |\n| episodes per task | \(id.episodesPerTask) |\n"
        out += "| goals | \(id.goalSplit) split, \(id.goalVisible ? "visible" : "hidden") |\n| seed | \(id.seed) |\n"
        if let environment = id.environment { out += "| environment | \(environment) |\n" }
        if let failed = environmentFailures(r) { out += "| environment failures | \(failed.replacingOccurrences(of: "|", with: "\\|")) |\n" }
        if let track = id.observation { out += "| track | \(track) |\n" }
        if let set = id.observations, set != .all { out += "| observations | \(set.rawValue) |\n" }
        if let conditions = id.conditions { out += "| conditions | \(conditions.summary) |\n" }
        out += "| execution | \(id.execution.temporalEnsembleDecay.map { "temporal ensembling, decay \($0)" } ?? "execute \(id.execution.execute.map(String.init) ?? "all") of each chunk") |\n"
        out += "| shards | \(r.shards.map(String.init).joined(separator: ", ")) of \(id.shardCount) |\n"
        out += "| polspec | \(id.polspecVersion) |\n| created | \(r.createdAt) |\n| wall time | \(String(format: "%.1f", r.wallTimeSeconds)) s |\n\n"
        out += "**Overall success: \(percent(r.overallSuccessRate))%** (mean of per-task success; 95% Wilson interval \(interval(r.overall.wilsonLow, r.overall.wilsonHigh)))\n\n"
        out += "## Groups\n\n| group | tasks | success (%) | episodes | 95% CI (%) |\n|---|---:|---:|---:|---|\n"
        for g in r.groups + [r.overall] + (r.seenSplit ?? []) {
            out += "| \(g.name) | \(g.tasks) | \(percent(g.successRate)) | \(g.successes)/\(g.episodes) | \(interval(g.wilsonLow, g.wilsonHigh)) |\n"
        }
        if r.groups.count > 1 {
            out += "\nAs in the papers (success %):\n\n| " + r.groups.map(\.name).joined(separator: " | ") + " | average |\n|"
                + String(repeating: "---:|", count: r.groups.count + 1) + "\n| "
                + r.groups.map { percent($0.successRate) }.joined(separator: " | ")
                + " | \(percent(r.groups.reduce(0) { $0 + $1.successRate } / Double(r.groups.count))) |\n"
        }
        if let c = r.chains {
            out += "\n## Chains (\(c.chains))\n\n| " + (1...c.length).map { "SR@\($0) (%)" }.joined(separator: " | ") + " | avg len |\n|"
                + String(repeating: "---:|", count: c.length + 1) + "\n| " + c.successAt.map(percent).joined(separator: " | ")
                + " | \(String(format: "%.2f", c.averageLength)) |\n"
            out += "\n## Subtasks\n\n| subtask | success (%) | attempts | 95% CI (%) |\n|---|---:|---:|---|\n"
            for t in c.subtasks {
                out += "| \(t.name) | \(percent(t.successRate)) | \(t.successes)/\(t.attempts) | \(interval(t.wilsonLow, t.wilsonHigh)) |\n"
            }
        }
        out += "\n## Tasks\n\n| task | group | success (%) | episodes | 95% CI (%) | mean steps to success |\n|---|---|---:|---:|---|---:|\n"
        for t in r.tasks {
            out += "| \(t.name) | \(t.group) | \(percent(t.successRate)) | \(t.successes)/\(t.episodes) | \(interval(t.wilsonLow, t.wilsonHigh)) | \(t.meanStepsToSuccess.map { String(format: "%.0f", $0) } ?? "–") |\n"
        }
        out += "\n![per-task success](success.svg)\n"
        return out
    }
}
