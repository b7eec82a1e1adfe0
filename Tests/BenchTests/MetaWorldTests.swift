import Bench
import Foundation
import Testing

/// The metaworld-like suite against the facts of the real benchmark (shared/reference/benchmarks.md §3).
@Suite struct MetaWorldTests {
    let suite = MetaWorldSuite()

    /// Success thresholds of benchmarks.md §3.3 (distances in metres; hammer: joint travel; lever: angle).
    static let thresholds: [String: Double] = [
        "button-press": 0.02, "button-press-topdown": 0.024, "button-press-topdown-wall": 0.024, "button-press-wall": 0.03,
        "coffee-button": 0.02, "dial-turn": 0.07, "door-close": 0.08, "door-lock": 0.02, "door-unlock": 0.02, "door-open": 0.08,
        "drawer-close": 0.065, "drawer-open": 0.03, "faucet-open": 0.07, "faucet-close": 0.07, "handle-press": 0.02,
        "handle-press-side": 0.02, "handle-pull": 0.05, "handle-pull-side": 0.08, "lever-pull": Double.pi / 24,
        "plate-slide": 0.07, "plate-slide-side": 0.07, "plate-slide-back": 0.07, "plate-slide-back-side": 0.07, "reach": 0.05,
        "reach-wall": 0.05, "window-open": 0.05, "window-close": 0.05, "peg-unplug-side": 0.07, "basketball": 0.08,
        "bin-picking": 0.05, "box-close": 0.08, "coffee-pull": 0.07, "coffee-push": 0.07, "hammer": 0.09, "peg-insert-side": 0.07,
        "push-wall": 0.07, "soccer": 0.07, "sweep": 0.05, "sweep-into": 0.05, "hand-insert": 0.05, "pick-out-of-hole": 0.07,
        "pick-place": 0.07, "push": 0.05, "push-back": 0.07, "shelf-place": 0.07, "stick-pull": 0.12, "stick-push": 0.12,
        "pick-place-wall": 0.07,
    ]

    @Test func fiftyTasksInFourGroupsAndTheRealSets() throws {
        let names = MetaWorldTasks.all.map(\.name)
        #expect(names.count == 50 && Set(names).count == 50)
        #expect(names.first == "assembly" && names.last == "window-close")
        let counts = Dictionary(grouping: MetaWorldTasks.all, by: \.group).mapValues(\.count)
        #expect(counts == [.easy: 28, .medium: 11, .hard: 6, .veryHard: 5])
        #expect(try suite.select("mt10").tasks.map(\.name) == ["reach", "push", "pick-place", "door-open", "drawer-open", "drawer-close",
                                                            "button-press-topdown", "peg-insert-side", "window-open", "window-close"])
        #expect(try suite.select("mt25").tasks.count == 25)
        #expect(try suite.select("mt50").tasks.count == 50)
        #expect(try suite.select("ml10-train").tasks.count == 10)
        #expect(try suite.select("ml10-test").tasks.map(\.name) == ["drawer-open", "door-close", "shelf-place", "sweep-into", "lever-pull"])
        let ml45 = try suite.select("ml45-train"), test = try suite.select("ml45-test")
        #expect(ml45.tasks.count == 45 && test.tasks.count == 5 && !ml45.goalVisible && test.goalSplit == "test")
        #expect(Set(ml45.tasks.map(\.name)).isDisjoint(with: test.tasks.map(\.name)))
        #expect(try suite.select("very-hard").tasks.count == 5)
        #expect(MetaWorldTasks.all.allSatisfy { !$0.instruction.isEmpty })
    }

    @Test func taskListsAndUnknownNames() throws {
        let s = try suite.select("reach, push-v3")
        #expect(s.tasks.map(\.name) == ["reach", "push"] && s.goalVisible && s.goalSplit == "train")
        #expect(throws: BenchUsageError.self) { try suite.select("reech") }
        #expect(throws: BenchUsageError.self) { try suite.select("reach,reach") }
        do { _ = try suite.select("pick-plase") } catch let e as BenchUsageError { #expect(e.description.contains("did you mean 'pick-place'")) }
    }

    @Test func successThresholdsAreTheRealOnes() {
        for task in MetaWorldTasks.all where task.name != "assembly" && task.name != "disassemble" {
            let scene = MetaWorldSuite.scene(task, split: "train", configuration: .evaluation(0))
            #expect(scene.success.threshold == Self.thresholds[task.name], "\(task.name)")
        }
    }

    /// dial-turn as in `sawyer_dial_turn_v3.py`: the observed point is 5 cm out from the dial's centre,
    /// the goal 3 cm behind and 3 cm above that centre, so 7 cm means a turn of at least acos(0.2)
    /// (78.5 degrees), either way.
    @Test func dialTurnNeedsTheRealQuarterTurn() throws {
        let task = try #require(MetaWorldTasks.named("dial-turn"))
        for k in 0..<5 {
            var scene = MetaWorldSuite.scene(task, split: "train", configuration: .evaluation(k))
            guard case .hinge(_, let pivot) = scene.world.fixtures[0].joint else { Issue.record("the dial is not a hinge"); return }
            #expect(Geometry.distance(scene.goal, pivot + Vec3(0, 0.03, 0.03)) < 1e-12)
            #expect(abs(Geometry.distance(scene.world.position(of: scene.object1), pivot) - 0.05) < 1e-9)
            let limit = acos(0.2)
            for (angle, solved) in [(0.0, false), (1.2, false), (limit - 0.01, false), (limit + 0.01, true), (-(limit + 0.01), true), (1.9, true)] {
                scene.world.fixtures[0].q = angle
                #expect(scene.success.holds(in: scene.world, goal: scene.goal) == solved, "goal \(k), angle \(angle)")
            }
        }
    }

    @Test func goalSamplersAreFixedAndNeverStartInSuccess() {
        for task in MetaWorldTasks.all {
            for split in ["train", "test"] {
                for k in 0..<50 {
                    let scene = MetaWorldSuite.scene(task, split: split, configuration: .evaluation(k))
                    #expect(!scene.success.holds(in: scene.world, goal: scene.goal), "\(task.name) \(split) goal \(k) starts solved")
                }
            }
            let a = MetaWorldSuite.scene(task, split: "train", configuration: .evaluation(7)), b = MetaWorldSuite.scene(task, split: "train", configuration: .evaluation(7))
            let c = MetaWorldSuite.scene(task, split: "test", configuration: .evaluation(7))
            #expect(a.goal == b.goal && a.world.gripper.position == b.world.gripper.position)
            #expect(a.goal != c.goal || a.world.bodies.map(\.position) != c.world.bodies.map(\.position) || a.world.fixtures.map(\.parts.first?.center) != c.world.fixtures.map(\.parts.first?.center), "\(task.name)")
        }
    }

    @Test func observationLayout() throws {
        var selection = try suite.select("pick-place")
        selection.conditions = .ideal  // no actuation lag: one action of 1 moves exactly 1 cm
        let env = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(3))
        let o = env.observation()
        let w = env.world
        func float(_ v: Vec3) -> Vec3 { Vec3(Double(Float(v.x)), Double(Float(v.y)), Double(Float(v.z))) }
        #expect(o.hand == float(w.gripper.position))
        #expect(o.opening == 1)
        #expect(o.object1 == float(w.bodies[0].position))
        #expect(o.quaternion1 == SIMD4(0, 0, 0, 1))
        #expect(o.values[11..<18].allSatisfy { $0 == 0 })
        #expect(Array(o.values[18..<36]) == Array(o.values[0..<18]))  // on reset the history is a copy
        #expect(abs(o.goal.x - env.scene.goal.x) < 1e-6 && abs(o.goal.z - env.scene.goal.z) < 1e-6)
        let before = o.hand
        _ = [Float(1), 0, 0, -1].withUnsafeBufferPointer { env.step($0) }
        let p = env.observation()
        #expect(abs(p.hand.x - before.x - 0.01) < 1e-6)  // action 1 = 1 cm
        #expect(Array(p.values[18..<36]) == Array(o.values[0..<18]))
        // ML sets hide the goal from policies but not from the oracle.
        let ml = try suite.select("ml10-test")
        let hidden = suite.environment(selection: ml, taskIndex: 0, configuration: .evaluation(0))
        #expect(hidden.observation().goal == .zero)
        #expect(hidden.observation(privileged: true).goal != .zero)
        // The batch fields: state, the one-hot task id, the instruction.
        let mt10 = try suite.select("mt10")
        var batch = ObservationBatch(fields: suite.observationFields(for: mt10), rows: 2)
        suite.makeEnvironment(selection: mt10, taskIndex: 2, configuration: .evaluation(0), seed: 0).writeObservation(into: &batch, row: 1, privileged: false)
        #expect(Array(batch.floats("task_id")![10..<20]) == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
        #expect(batch.texts("instruction")![1] == "pick up the puck and place it at the goal")
        #expect(batch.floats("state")!.count == 78)
    }

    @Test func episodesEndAtSuccessOrAfter500Steps() throws {
        let selection = try suite.select("reach")
        let env = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0))
        var outcome = StepOutcome(success: false, done: false)
        let zero: [Float] = [0, 0, 0, 0]
        while !outcome.done { outcome = zero.withUnsafeBufferPointer { env.step($0) } }
        #expect(env.stepsTaken == 500 && !outcome.success)
    }

    /// The issue's bar: every task's expert succeeds on at least 95% of its 50 goals; random stays near 0.
    @Test func expertsSolveEveryTaskAndRandomActionsDoNot() throws {
        let mt50 = try suite.select("mt50")
        let plan = EvaluationPlan(suite: suite.name, selection: mt50, episodesPerTask: 50, seed: 0, policy: "expert")
        let records = try Evaluator(suite: suite, plan: plan, policy: ExpertPolicy(suite: suite)).run()
        for task in mt50.tasks {
            let mine = records.filter { $0.task == task.name }
            #expect(mine.count == 50)
            #expect(mine.filter(\.success).count >= 48, "\(task.name): \(mine.filter(\.success).count)/50")
        }
        let randomPlan = EvaluationPlan(suite: suite.name, selection: mt50, episodesPerTask: 4, seed: 0, policy: "random")
        let random = try Evaluator(suite: suite, plan: randomPlan, policy: RandomPolicy(actionDimension: 4)).run()
        #expect(Double(random.filter(\.success).count) / Double(random.count) <= 0.05)
    }

    @Test func expertsAlsoSolveTheHiddenGoalTestSets() throws {
        for set in ["ml10-test", "ml45-test"] {
            let selection = try suite.select(set)
            let plan = EvaluationPlan(suite: suite.name, selection: selection, episodesPerTask: 10, seed: 0, policy: "expert")
            let records = try Evaluator(suite: suite, plan: plan, policy: ExpertPolicy(suite: suite)).run()
            #expect(records.filter(\.success).count >= 48, "\(set)")
        }
    }
}
