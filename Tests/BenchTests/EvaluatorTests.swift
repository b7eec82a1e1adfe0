@testable import Bench
import Foundation
import Testing

/// Lock-step evaluation: independence from threads, batch size and sharding; chunk execution.
@Suite struct EvaluatorTests {
    let suite = MetaWorldSuite()

    func plan(_ tasks: String, episodes: Int, policy: String = "random", seed: UInt64 = 5, shard: Shard = .whole,
              execution: Execution = Execution()) throws -> EvaluationPlan {
        EvaluationPlan(suite: suite.name, selection: try suite.select(tasks), episodesPerTask: episodes, seed: seed,
                       policy: policy, execution: execution, shard: shard)
    }

    func run(_ plan: EvaluationPlan, threads: Int, batch: Int) throws -> [EpisodeRecord] {
        try Evaluator(suite: suite, plan: plan, policy: BuiltinPolicies.make(plan.policy, suite: suite), threads: threads, batchSize: batch).run()
    }

    @Test func resultsDoNotDependOnThreadsOrBatchSize() throws {
        let p = try plan("reach,button-press-topdown,door-open", episodes: 6)
        let reference = try run(p, threads: 1, batch: 1)
        #expect(reference.count == 18)
        #expect(reference.map(\.index) == Array(0..<18))
        #expect(try run(p, threads: 2, batch: 7) == reference)
        #expect(try run(p, threads: 2, batch: 100) == reference)
        let expert = try plan("reach,door-open", episodes: 5, policy: "expert")
        #expect(try run(expert, threads: 2, batch: 3) == run(expert, threads: 1, batch: 10))
    }

    @Test func shardsTogetherAreTheWholeRunAndMergeBackIntoIt() throws {
        let whole = try plan("reach,push,drawer-close", episodes: 5)
        let all = try run(whole, threads: 2, batch: 8)
        var shards: [(path: String, report: BenchReport)] = []
        for i in 1...3 {
            var p = whole
            p.shard = Shard(index: i, count: 3)
            let records = try run(p, threads: 1, batch: 4)
            #expect(records.allSatisfy { $0.index % 3 == i - 1 })
            shards.append(("shard\(i)", report(p, records)))
        }
        let merged = try ReportMerge.merge(shards)
        let single = report(whole, all)
        #expect(merged.episodes == single.episodes)
        #expect(merged.tasks == single.tasks && merged.groups == single.groups && merged.overall == single.overall)
        #expect(merged.shards == [1, 2, 3])
    }

    @Test func mergeRefusesOtherRunsOverlapsAndGaps() throws {
        var a = try plan("reach", episodes: 4, shard: Shard(index: 1, count: 2))
        var b = a
        b.shard = Shard(index: 2, count: 2)
        let ra = report(a, try run(a, threads: 1, batch: 4)), rb = report(b, try run(b, threads: 1, batch: 4))
        #expect(try ReportMerge.merge([("a", ra), ("b", rb)]).episodes.count == 4)
        #expect(throws: BenchUsageError.self) { try ReportMerge.merge([("a", ra), ("a again", ra)]) }
        #expect(throws: BenchUsageError.self) { try ReportMerge.merge([("a", ra)]) }
        #expect(try ReportMerge.merge([("a", ra)], allowPartial: true).episodes.count == 2)
        a.seed = 6
        let other = report(a, try run(a, threads: 1, batch: 4))
        do {
            _ = try ReportMerge.merge([("b", rb), ("other", other)])
            Issue.record("merged shards of different seeds")
        } catch let e as BenchUsageError {
            #expect(e.description.contains("seed"))
        }
        var c = try plan("push", episodes: 4, shard: Shard(index: 1, count: 2))
        c.seed = 5
        #expect(throws: BenchUsageError.self) { try ReportMerge.merge([("b", rb), ("c", report(c, try run(c, threads: 1, batch: 4)))]) }
    }

    @Test func shardParsing() throws {
        #expect(try Shard(parsing: "2/4") == Shard(index: 2, count: 4))
        for bad in ["0/4", "5/4", "1/0", "a/b", "1", "1/2/3", "-1/2"] {
            #expect(throws: BenchUsageError.self, "\(bad)") { try Shard(parsing: bad) }
        }
    }

    /// A policy that predicts chunks whose action t of the chunk asked at episode step s is s * 10 + t
    /// in every dimension, so the executed actions show which chunk and which entry were used.
    final class Counter: Policy {
        let name = "counter"
        let horizon = 4
        var calls = 0
        var steps: [Int: Int] = [:]
        func reset(slot: Int, episode: EpisodeContext) { steps[slot] = 0 }
        func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
            calls += 1
            var values: [Float] = []
            for row in 0..<observations.rows {
                let s = steps[observations.slots[row]]!
                for t in 0..<horizon { values += [Float](repeating: Float(s * 10 + t) / 1000, count: 4) }
            }
            return ActionChunkBatch(rows: observations.rows, horizon: horizon, dimension: 4, values: values)
        }
    }

    @Test func executeKOfHAsksAgainEveryKSteps() throws {
        let p = try plan("reach", episodes: 1, execution: Execution(execute: 2))
        let policy = Counter()
        final class Track: Policy {
            let inner: Counter
            init(_ c: Counter) { inner = c }
            var name: String { inner.name }
            var horizon: Int { inner.horizon }
            func reset(slot: Int, episode: EpisodeContext) { inner.reset(slot: slot, episode: episode) }
            func act(_ o: ObservationBatch) throws -> ActionChunkBatch {
                let r = try inner.act(o)
                for slot in o.slots { inner.steps[slot]! += 2 }
                return r
            }
        }
        let records = try Evaluator(suite: suite, plan: p, policy: Track(policy), threads: 1, batchSize: 1).run()
        #expect(records[0].steps == 500)
        #expect(policy.calls == 250)
    }

    @Test func temporalEnsemblingAveragesOverlappingChunks() throws {
        // Chunks asked at steps 0, 1, 2 with H = 4; at step 2 the predictions are 0.002, 0.011, 0.020
        // (chunk s entry t = s*10 + t at step s + t), weighted exp(-m i) with i = 0 for the oldest.
        let m = 0.5
        let w = [1.0, exp(-m), exp(-2 * m)]
        let expected = (w[0] * 2 + w[1] * 11 + w[2] * 20) / w.reduce(0, +) / 1000
        var executor = ChunkExecutor(horizon: 4, dimension: 1, decay: m)
        for s in 0..<3 { executor.receive((0..<4).map { Float(s * 10 + $0) / 1000 }[...], at: s) }
        #expect(abs(Double(executor.action(at: 2)[0]) - expected) < 1e-6)
        var plain = ChunkExecutor(horizon: 4, dimension: 1, decay: nil)
        plain.receive([0.1, 0.2, 0.3, 0.4], at: 10)
        #expect(plain.action(at: 12) == [0.3])
    }

    @Test func policyOutputsOfTheWrongShapeAreErrors() throws {
        final class Wrong: Policy {
            let name = "wrong", horizon = 1
            func reset(slot: Int, episode: EpisodeContext) {}
            func act(_ o: ObservationBatch) throws -> ActionChunkBatch { ActionChunkBatch(rows: o.rows, horizon: 1, dimension: 3) }
        }
        let p = try plan("reach", episodes: 1)
        #expect(throws: EvaluationError.self) { try Evaluator(suite: suite, plan: p, policy: Wrong()).run() }
    }

    func report(_ p: EvaluationPlan, _ records: [EpisodeRecord]) -> BenchReport {
        BenchReport(identity: RunIdentity(plan: p, polspecVersion: "test"), shards: [p.shard.index], records: records,
                    taskGroups: p.selection.tasks.map { ($0.name, $0.group) }, groupOrder: suite.groups, wallTimeSeconds: 1)
    }
}
