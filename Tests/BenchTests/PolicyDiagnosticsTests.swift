@testable import Bench
import Foundation
import Testing

/// Per-row diagnostics a policy returns with its chunks are summarised per episode in the records
/// (and their report JSON), whatever the batch size; malformed ones are errors.
@Suite struct PolicyDiagnosticsTests {
    let suite = MetaWorldSuite()

    /// Zero actions; reports `call`, the call's number within the episode (1, 2, ...), and `slot`.
    final class Numbering: Policy {
        let name = "numbering"
        let horizon = 4
        var calls: [Int: Int] = [:]
        var broken: (([Float]) -> [Float])?
        func reset(slot: Int, episode: EpisodeContext) { calls[slot] = 0 }
        func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
            var chunk = ActionChunkBatch(rows: observations.rows, horizon: horizon, dimension: 4)
            var numbers: [Float] = []
            for slot in observations.slots {
                calls[slot]! += 1
                numbers.append(Float(calls[slot]!))
            }
            chunk.diagnostics = ["call": broken?(numbers) ?? numbers, "slot": observations.slots.map(Float.init)]
            return chunk
        }
    }

    func plan() throws -> EvaluationPlan {
        EvaluationPlan(suite: suite.name, selection: try suite.select("reach,door-open"), episodesPerTask: 2, seed: 3,
                       policy: "numbering", execution: Execution(execute: 4), shard: .whole)
    }

    @Test func episodesSummariseTheirCalls() throws {
        let records = try Evaluator(suite: suite, plan: plan(), policy: Numbering(), threads: 1, batchSize: 1).run()
        for record in records {
            let calls = (record.steps + 3) / 4
            let call = try #require(record.diagnostics?["call"])
            #expect(call.calls == calls && call.min == 1 && call.max == Double(calls) && call.last == Double(calls))
            #expect(abs(call.mean - Double(calls + 1) / 2) < 1e-9)
            #expect(record.diagnostics?["slot"]?.max == 0)
        }
        // Batched: the same per-episode summaries but for the slot each episode ran in.
        let batched = try Evaluator(suite: suite, plan: plan(), policy: Numbering(), threads: 2, batchSize: 3).run()
        #expect(batched.map { $0.diagnostics?["call"] } == records.map { $0.diagnostics?["call"] })

        let report = BenchReport(identity: RunIdentity(plan: try plan(), polspecVersion: "test"), shards: [1], records: records,
                                 taskGroups: try plan().selection.tasks.map { ($0.name, $0.group) }, groupOrder: suite.groups,
                                 wallTimeSeconds: 1)
        let json = try report.json()
        #expect(json.contains("\"diagnostics\"") && json.contains("\"last\""))
        #expect(try JSONDecoder().decode(BenchReport.self, from: Data(json.utf8)).episodes == records)
    }

    @Test func policiesWithoutDiagnosticsRecordNone() throws {
        let plan = EvaluationPlan(suite: suite.name, selection: try suite.select("reach"), episodesPerTask: 1, seed: 3,
                                  policy: "random", execution: Execution(), shard: .whole)
        let records = try Evaluator(suite: suite, plan: plan, policy: BuiltinPolicies.make("random", suite: suite)).run()
        #expect(records.allSatisfy { $0.diagnostics == nil })
        let json = try JSONEncoder().encode(records)
        #expect(!String(decoding: json, as: UTF8.self).contains("diagnostics"))
    }

    @Test(arguments: ["short", "nan"])
    func malformedDiagnosticsAreErrors(_ fault: String) throws {
        let policy = Numbering()
        policy.broken = fault == "short" ? { Array($0.dropLast()) } : { $0.map { _ in .nan } }
        do {
            _ = try Evaluator(suite: suite, plan: plan(), policy: policy, threads: 1, batchSize: 2).run()
            Issue.record("a malformed diagnostic was accepted")
        } catch let error as EvaluationError {
            #expect(error.description.contains("diagnostic 'call'"))
        }
    }
}
