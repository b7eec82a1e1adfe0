import Bench
import Foundation
import Testing

/// Aggregation as the real benchmark counts it, Wilson intervals, and the report files.
@Suite struct ReportTests {
    /// Values from the Wilson formula evaluated independently in Python (z = 1.959963984540054).
    @Test func wilsonIntervals() {
        let cases: [(Int, Int, Double, Double)] = [(0, 10, 0, 0.277533), (5, 10, 0.236593, 0.763407), (45, 50, 0.786398, 0.956524),
                                                   (50, 50, 0.928652, 1), (1, 3, 0.061492, 0.79234)]
        for (s, n, lo, hi) in cases {
            let w = Wilson.interval(successes: s, trials: n)
            #expect(abs(w.low - lo) < 1e-6 && abs(w.high - hi) < 1e-6, "\(s)/\(n)")
        }
        #expect(Wilson.interval(successes: 0, trials: 0) == (0, 1))
    }

    static func record(_ i: Int, _ task: String, _ success: Bool, steps: Int = 100) -> EpisodeRecord {
        EpisodeRecord(index: i, task: task, goalIndex: i % 50, seed: UInt64(i), success: success, steps: steps, subtasksCompleted: success ? 1 : 0)
    }

    static func identity() throws -> RunIdentity {
        let suite = MetaWorldSuite()
        let plan = EvaluationPlan(suite: suite.name, selection: try suite.select("reach,push,door-open"), episodesPerTask: 4, seed: 9, policy: "expert")
        return RunIdentity(plan: plan, polspecVersion: "9.9.9")
    }

    /// reach 3/4 (easy), door-open 1/4 (easy), push 2/4 (hard): easy = mean(0.75, 0.25) = 0.5, hard = 0.5,
    /// overall = mean(0.75, 0.5, 0.25) = 0.5; with 1 episode of push instead, the mean of task rates
    /// (not the pooled rate) is what counts.
    @Test func aggregationByTaskThenGroup() throws {
        var records: [EpisodeRecord] = []
        for (k, s) in [true, true, true, false].enumerated() { records.append(Self.record(k, "reach", s, steps: 10 * (k + 1))) }
        for (k, s) in [true, false, true, false].enumerated() { records.append(Self.record(4 + k, "push", s)) }
        for (k, s) in [false, false, true, false].enumerated() { records.append(Self.record(8 + k, "door-open", s)) }
        let groups = [("reach", "easy"), ("push", "hard"), ("door-open", "easy")]
        let r = BenchReport(identity: try Self.identity(), shards: [1], records: records.shuffled(), taskGroups: groups,
                            groupOrder: ["easy", "medium", "hard", "very-hard"], wallTimeSeconds: 2)
        #expect(r.tasks.map(\.successRate) == [0.75, 0.5, 0.25])
        #expect(r.tasks[0].meanStepsToSuccess == 20)
        #expect(r.groups.map(\.name) == ["easy", "hard"])
        #expect(r.groups.map(\.successRate) == [0.5, 0.5])
        #expect(r.groups[0].episodes == 8 && r.groups[0].successes == 4)
        #expect(r.overallSuccessRate == 0.5)
        #expect(r.episodes.map(\.index) == Array(0..<12))
        let uneven = BenchReport(identity: try Self.identity(), shards: [1], records: Array(records[0..<5]) + Array(records[8..<12]),
                                 taskGroups: groups, groupOrder: ["easy", "hard"], wallTimeSeconds: 2)
        #expect(abs(uneven.overallSuccessRate - (0.75 + 1 + 0.25) / 3) < 1e-12)  // pooled would be 5/9
    }

    @Test func reportFilesHoldTheRequiredFields() throws {
        let r = BenchReport(identity: try Self.identity(), shards: [1], records: [Self.record(0, "reach", true), Self.record(1, "push", false)],
                            taskGroups: [("reach", "easy"), ("push", "hard"), ("door-open", "easy")], groupOrder: ["easy", "hard"],
                            wallTimeSeconds: 1.5)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportFiles.write(r, to: dir)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("report.json"))) as! [String: Any]
        for key in ["suite", "polspec_version", "seed", "overall_success_rate", "groups", "tasks", "episodes"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["suite"] as? String == "metaworld-like" && json["polspec_version"] as? String == "9.9.9" && json["seed"] as? Int == 9)
        let task = (json["tasks"] as! [[String: Any]])[0]
        for key in ["name", "episodes", "successes", "success_rate"] { #expect(task[key] != nil, "\(key)") }
        let episode = (json["episodes"] as! [[String: Any]])[0]
        for key in ["task", "goal_index", "seed", "success", "steps"] { #expect(episode[key] != nil, "\(key)") }
        #expect(try BenchReport.read(dir.appendingPathComponent("report.json")) == r)
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("| reach | easy | 100.0 | 1/1 |"))
        let svg = try String(contentsOf: dir.appendingPathComponent("success.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains(">door-open</text>"))
        #expect(ReportTables.text(r).contains("overall"))
    }
}
