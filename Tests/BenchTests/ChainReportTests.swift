@testable import Bench
import Foundation
import Testing

/// CALVIN-shaped metrics: SR@k, average length and per-subtask success from chain records.
@Test func chainMetricsCountConsecutiveSuccesses() throws {
    let names = ["a", "b", "c", "d", "e"]
    let completed = [5, 3, 0, 1]
    let records = completed.enumerated().map { i, n in
        EpisodeRecord(index: i, task: "lh-mtlc", goalIndex: i, seed: 0, success: n == 5, steps: 100, subtasksCompleted: n, subtasks: names)
    }
    let result = try #require(ChainResult(records: records))
    #expect(result.successAt == [0.75, 0.5, 0.5, 0.25, 0.25])
    #expect(result.averageLength == 2.25)
    let a = result.subtasks.first { $0.name == "a" }!, d = result.subtasks.first { $0.name == "d" }!
    #expect(a.attempts == 4 && a.successes == 3)  // every chain tries its first subtask
    #expect(d.attempts == 2 && d.successes == 1)  // tried after 3 successes: chains 0 and 1
    #expect(ChainResult(records: [EpisodeRecord(index: 0, task: "x", goalIndex: 0, seed: 0, success: true, steps: 1, subtasksCompleted: 1)]) == nil)

    let selection = TaskSelection(name: "d-d", tasks: [CalvinSuite.chains], goalSplit: "d-d", goalVisible: true, imageSize: 64)
    let plan = EvaluationPlan(suite: "calvin-like", selection: selection, episodesPerTask: 4, seed: 0, policy: "x")
    let report = BenchReport(identity: RunIdentity(plan: plan, polspecVersion: "t"), shards: [1], records: records,
                             taskGroups: [("lh-mtlc", "calvin")], groupOrder: ["calvin"], wallTimeSeconds: 1)
    let json = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as! [String: Any]
    #expect(json["sr_at"] as? [Double] == [0.75, 0.5, 0.5, 0.25, 0.25] && json["avg_len"] as? Double == 2.25)
    #expect(try JSONDecoder().decode(BenchReport.self, from: Data(report.json().utf8)) == report)
    #expect(ReportTables.text(report).contains("SR@5") && ReportTables.markdown(report).contains("avg len"))
}
