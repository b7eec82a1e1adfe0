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
        var out = "\(r.identity.suite) · policy \(r.identity.policy) · tasks \(r.identity.tasks) · \(r.identity.episodesPerTask) episodes/task · seed \(r.identity.seed)\n\n"
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
        return out
    }

    /// report.md: the same tables in Markdown, with the run's identity.
    public static func markdown(_ r: BenchReport) -> String {
        let id = r.identity
        var out = "# \(id.suite) — \(id.policy)\n\n"
        out += "| | |\n|---|---|\n"
        out += "| tasks | \(id.tasks) (\(id.taskNames.count) tasks) |\n| episodes per task | \(id.episodesPerTask) |\n"
        out += "| goals | \(id.goalSplit) split, \(id.goalVisible ? "visible" : "hidden") |\n| seed | \(id.seed) |\n"
        out += "| execution | \(id.execution.temporalEnsembleDecay.map { "temporal ensembling, decay \($0)" } ?? "execute \(id.execution.execute.map(String.init) ?? "all") of each chunk") |\n"
        out += "| shards | \(r.shards.map(String.init).joined(separator: ", ")) of \(id.shardCount) |\n"
        out += "| polspec | \(id.polspecVersion) |\n| created | \(r.createdAt) |\n| wall time | \(String(format: "%.1f", r.wallTimeSeconds)) s |\n\n"
        out += "**Overall success: \(percent(r.overallSuccessRate))%** (mean of per-task success; 95% Wilson interval \(interval(r.overall.wilsonLow, r.overall.wilsonHigh)))\n\n"
        out += "## Groups\n\n| group | tasks | success (%) | episodes | 95% CI (%) |\n|---|---:|---:|---:|---|\n"
        for g in r.groups + [r.overall] {
            out += "| \(g.name) | \(g.tasks) | \(percent(g.successRate)) | \(g.successes)/\(g.episodes) | \(interval(g.wilsonLow, g.wilsonHigh)) |\n"
        }
        out += "\n## Tasks\n\n| task | group | success (%) | episodes | 95% CI (%) | mean steps to success |\n|---|---|---:|---:|---|---:|\n"
        for t in r.tasks {
            out += "| \(t.name) | \(t.group) | \(percent(t.successRate)) | \(t.successes)/\(t.episodes) | \(interval(t.wilsonLow, t.wilsonHigh)) | \(t.meanStepsToSuccess.map { String(format: "%.0f", $0) } ?? "–") |\n"
        }
        out += "\n![per-task success](success.svg)\n"
        return out
    }
}
