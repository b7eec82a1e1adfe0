import Bench
import Foundation
import SpecLang
import Testing
@testable import Runtime

/// The parts of `polspec bench compare` and `bench table` that hold no run: the uniform step
/// budget, the seed interval, the plan's folders and seeds, and the training summary.
@Suite struct ComparisonTests {
    static func spec(name: String = "two-stage", seed: Int = 0, stages: [(String, Int, Int?)]) throws -> Spec {
        let body = stages.map { name, steps, warmup in
            """
                - name: \(name)
                  objective: bc
                  steps: \(steps)
                  batch: 8
            """ + (warmup.map { "\n      schedule: {kind: cosine, warmup: \($0)}" } ?? "")
        }.joined(separator: "\n")
        return try Fixtures.spec("""
            polspec: 1
            name: \(name)
            observation:
              state: {kind: vector, dim: 4}
            action: {dim: 2, chunk: 1}
            head: {kind: mlp, condition: [state], hidden: [8]}
            recipe:
              seed: \(seed)
              stages:
            \(body)
            """)
    }

    @Test func aBudgetSplitsStepsInProportionAndScalesWarmups() throws {
        let spec = try Self.spec(stages: [("pretrain", 2000, 200), ("imitation", 10000, nil)])
        let budget = try StepBudget(spec, total: 600)
        #expect(budget.stages.map(\.steps) == [100, 500])
        #expect(budget.stages.map(\.warmup) == [10, nil])
        #expect(budget.overrides == ["recipe.stages.pretrain.steps=100", "recipe.stages.pretrain.schedule.warmup=10",
                                     "recipe.stages.imitation.steps=500"])
        // Every stage keeps at least one step, and a warm-up stays shorter than its stage.
        let tiny = try StepBudget(spec, total: 2)
        #expect(tiny.stages.map(\.steps) == [1, 1] && tiny.stages[0].warmup == 0)
        // The shares always add up to the total (largest remainders).
        for total in [3, 7, 11, 999, 12001] { #expect(try StepBudget(spec, total: total).stages.map(\.steps).reduce(0, +) == total) }
        #expect(throws: BenchUsageError.self) { try StepBudget(spec, total: 1) }
    }

    @Test func theSeedIntervalIsStudentsT() {
        let one = SeedInterval([0.4])
        #expect(one.seeds == 1 && one.mean == 0.4 && one.low == nil && one.high == nil)
        let three = SeedInterval([0.5, 0.6, 0.7])
        #expect(abs(three.mean - 0.6) < 1e-12 && abs(three.standardDeviation - 0.1) < 1e-12)
        let half = 4.302653 * 0.1 / 3.0.squareRoot()
        #expect(abs(three.low! - (0.6 - half)) < 1e-9 && abs(three.high! - (0.6 + half)) < 1e-9)
        #expect(SeedInterval.t975(degreesOfFreedom: 1) == 12.706205)
        // Past the table, the expansion continues it smoothly towards the normal quantile.
        #expect(abs(SeedInterval.t975(degreesOfFreedom: 40) - 2.021075) < 1e-4)
        #expect(abs(SeedInterval.t975(degreesOfFreedom: 120) - 1.979930) < 1e-4)
        #expect(SeedInterval.t975(degreesOfFreedom: 31) < SeedInterval.t975(degreesOfFreedom: 30))
        // Shown in percent, a success rate's interval is cut to 0-100.
        #expect(ComparisonTable.overSeeds(SeedInterval([0, 0.1])) == "5.0 [0.0, 68.5]")
        #expect(ComparisonTable.overSeeds(SeedInterval([0.4])) == "40.0")
    }

    @Test func thePlanHasOneFolderPerSpecAndSeed() throws {
        let out = URL(fileURLWithPath: "/tmp/out")
        let a = try Self.spec(name: "a-b", seed: 5, stages: [("imitation", 100, nil)])
        let b = try Self.spec(name: "other", stages: [("imitation", 100, nil)])
        let plan = try ComparisonPlan(specs: [a, b], seeds: 2, steps: 10, out: out)
        #expect(plan.jobs.map(\.folder.lastPathComponent) == ["a-b-seed5", "a-b-seed6", "other-seed0", "other-seed1"])
        #expect(plan.jobs[1].overrides == ["recipe.stages.imitation.steps=10", "recipe.seed=6"])
        #expect(plan.jobs[1].training.path == "/tmp/out/a-b-seed6/training")
        #expect(ComparisonPlan.folderName("x/y z.é") == "x_y_z._")
        // One seed: the spec trains with its own seed, and no seed override is recorded.
        let single = try ComparisonPlan(specs: [b], seeds: 1, steps: nil, out: out)
        #expect(single.jobs.map(\.overrides) == [[]] && single.budgets == [nil])
        for seeds in [0, ComparisonPlan.maximumSeeds + 1] {
            #expect(throws: BenchUsageError.self) { try ComparisonPlan(specs: [b], seeds: seeds, steps: nil, out: out) }
        }
        #expect(throws: BenchUsageError.self) { try ComparisonPlan(specs: [b, b], seeds: 1, steps: nil, out: out) }
        #expect(throws: BenchUsageError.self) { try ComparisonPlan(specs: [], seeds: 1, steps: nil, out: out) }
        let last = try Self.spec(name: "last", seed: 2_147_483_647, stages: [("imitation", 100, nil)])
        #expect(throws: BenchUsageError.self) { try ComparisonPlan(specs: [last], seeds: 2, steps: nil, out: out) }
    }

    @Test func aTrainingSummaryAddsTheWallTimeOfEveryProcess() throws {
        let dir = temporaryDirectory("summary")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Two stages; the run was stopped after step 2 and resumed (elapsed time restarts).
        let lines = [(0, "pretrain", 1, 1, 1.0), (0, "pretrain", 2, 2, 2.5), (1, "imitation", 1, 3, 0.5), (1, "imitation", 2, 4, 1.5)]
        let text = lines.map { stage, name, step, global, elapsed in
            #"{"elapsed_seconds":\#(elapsed),"global_step":\#(global),"grad_norm":1,"loss":1,"lr":0.001,"stage":"\#(name)","stage_index":\#(stage),"step":\#(step),"steps_per_second":1}"#
        }.joined(separator: "\n") + "\n"
        try text.write(to: RunDirectory(dir).metrics, atomically: true, encoding: .utf8)
        let summary = try #require(try TrainingSummary.read(dir))
        #expect(summary.steps == 4 && summary.stages.map(\.steps) == [2, 2] && summary.stages.map(\.name) == ["pretrain", "imitation"])
        #expect(summary.wallTimeSeconds == 4 && summary.demosPerTask == nil)
        #expect(summary.text == "4 (pretrain 2, imitation 2)")
        #expect(try TrainingSummary.read(temporaryDirectory("empty")) == nil)
        try "not json\n".write(to: RunDirectory(dir).metrics, atomically: true, encoding: .utf8)
        #expect(throws: CheckpointError.self) { try TrainingSummary.read(dir) }
    }
}
