@testable import Bench
import Foundation
import Testing

/// The libero-like suite against LIBERO's structure and protocol (shared reference §1, §4, §6).
@Suite struct LiberoTests {
    let suite = LiberoSuite()

    @Test func fourSuitesOfTenTasksInLiberosOrderWithTheirStepCaps() throws {
        #expect(LiberoSuite.all.count == 40)
        for family in LiberoTask.Family.liberoSuites {
            let tasks = LiberoSuite.all.filter { $0.family == family }
            #expect(tasks.map(\.id) == Array(0..<10), "\(family)")
        }
        #expect(LiberoTask.Family.liberoSuites.map(\.maxSteps) == [220, 280, 300, 520])
        #expect(LiberoTask.Family.liberoSuites.map(\.codeName) == ["libero_spatial", "libero_object", "libero_goal", "libero_10"])
        let spatial = LiberoSuite.all.filter { $0.family == .spatial }
        #expect(spatial[0].instruction == "pick up the black bowl between the plate and the ramekin and place it on the plate")
        #expect(spatial[2].instruction == "pick up the black bowl from table center and place it on the plate")
        #expect(LiberoSuite.all.first { $0.family == .object && $0.id == 9 }?.instruction == "pick up the orange juice and place it in the basket")
        #expect(LiberoSuite.all.first { $0.family == .goal && $0.id == 5 }?.instruction == "push the plate to the front of the stove")
        let long = LiberoSuite.all.filter { $0.family == .long }
        #expect(long[8].name == "KITCHEN_SCENE8_put_both_moka_pots_on_the_stove")
        #expect(long[5].name == "STUDY_SCENE1_pick_up_the_book_and_place_it_in_the_back_compartment_of_the_caddy")
        // Names are the instructions with underscores (plus the scene for LIBERO-10).
        for t in LiberoSuite.all { #expect(t.name.hasSuffix(t.instruction.replacingOccurrences(of: " ", with: "_"))) }
        #expect(try suite.select("libero_10").tasks.count == 10)
        #expect(try suite.select("all").tasks.count == 40)
        #expect(throws: BenchUsageError.self) { try suite.select("spatail-0") }
    }

    @Test func initialStatesAreFixedSeparateAndNeverStartSolved() {
        for task in LiberoSuite.all {
            for k in [0, 17, 49] {
                let a = LiberoSuite.initialState(task, .evaluation(k)), again = LiberoSuite.initialState(task, .evaluation(k))
                #expect(!a.goal.holdsAtStart(a.world) && !LiberoKit.overlapping(a.world), "\(task.name) \(k)")
                #expect(a.world.bodies.map(\.position) == again.world.bodies.map(\.position))  // state k is fixed
                // Beyond the 50 fixed states, and in the training stream, the states are new.
                let later = LiberoSuite.initialState(task, .evaluation(k + 50)), training = LiberoSuite.initialState(task, .training(k))
                #expect(a.world.bodies.map(\.position) != later.world.bodies.map(\.position), "\(task.name) \(k)")
                #expect(a.world.bodies.map(\.position) != training.world.bodies.map(\.position), "\(task.name) \(k)")
            }
            let first = LiberoSuite.initialState(task, .evaluation(0)), second = LiberoSuite.initialState(task, .evaluation(1))
            #expect(first.world.bodies.map(\.position) != second.world.bodies.map(\.position), "\(task.name)")
        }
    }

    @Test func goalPredicatesOnHandBuiltStates() throws {
        // On(bowl, plate): the bowl set down on the plate rests on it; held or beside it, it does not.
        var a = SceneAssembly()
        let plate = a.add(Props.plate("plate", at: SIMD2(0, 0.6)))
        let bowl = a.add(Props.bowl("bowl", at: SIMD2(0, 0.6), z: 0.016))
        var layout = LiberoLayout(SimRandom(seed: 0))
        let cheese = a.add(LiberoKit.Grocery.creamCheese.body(at: SIMD2(0.3, 0.6) - layout.offset, &layout))
        let basket = a.add(Props.basket("basket", at: SIMD2(-0.3, 0.6)))
        var w = a.world(gripper: Gripper(position: Vec3(0, 0.3, 0.3)), workspace: LiberoKit.workspace)
        #expect(LiberoPredicates.on(bowl, body: plate)(w))
        // ... but, as LIBERO's check_ontop, only with its centre within 3 cm of the plate's: a bowl
        // resting on the plate's rim is not on the plate.
        w.bodies[bowl].position.x = 0.025
        w.settle()
        #expect(w.isOn(bowl, .body(plate)) && LiberoPredicates.on(bowl, body: plate)(w))
        w.bodies[bowl].position.x = 0.05
        w.settle()
        #expect(w.isOn(bowl, .body(plate)) && !LiberoPredicates.on(bowl, body: plate)(w))
        #expect(!LiberoPredicates.inside(cheese, body: basket)(w))
        // A body released over an open container falls onto its floor, inside it.
        w.bodies[cheese].position = Vec3(-0.3, 0.6, 0.2)
        w.settle()
        #expect(LiberoPredicates.inside(cheese, body: basket)(w))
        #expect(w.bodies[cheese].bounds.min.z < w.bodies[basket].bounds.max.z)
        // Drawers open and close; the stove is on once its knob turns.
        var f = SceneAssembly()
        let cabinet = Furniture.cabinet(&f, at: SIMD2(0.3, 0.7), opened: [0.16, 0, 0])
        let stove = Furniture.stove(&f, at: SIMD2(-0.2, 0.4))
        var v = f.world(gripper: Gripper(position: Vec3(0, 0.3, 0.3)), workspace: LiberoKit.workspace)
        #expect(LiberoPredicates.open(cabinet.drawers[0])(v) && LiberoPredicates.closed(cabinet.drawers[1])(v))
        #expect(!LiberoPredicates.turnedOn(stove)(v))
        v.fixtures[stove.knob].q = 1
        #expect(LiberoPredicates.turnedOn(stove)(v))
    }

    /// The bar is at least 95% per task over 50 init states (the release CLI reports those);
    /// here two init states per task, every one must succeed within its suite's step cap.
    @Test func expertsSolveEveryTask() throws {
        let records = try builtinRollouts("expert", on: "all", of: suite, episodesPerTask: 2, seed: 0)
        #expect(records.count == 80)
        for r in records { #expect(r.success, "\(r.task) init \(r.goalIndex)") }
    }

    @Test func randomAndNoopActionsSolveNothing() throws {
        for policy in ["random", "noop"] {
            let records = try builtinRollouts(policy, on: "spatial", of: suite, episodesPerTask: 1, seed: 3)
            #expect(records.filter(\.success).isEmpty, "\(policy)")
            #expect(records.allSatisfy { $0.steps == 220 })
        }
    }

    @Test func resultsDoNotDependOnThreadsOrBatching() throws {
        let plan = EvaluationPlan(suite: suite.name, selection: try suite.select("goal"), episodesPerTask: 1, seed: 1, policy: "random")
        func run(_ threads: Int, _ batch: Int) throws -> [EpisodeRecord] {
            try Evaluator(suite: suite, plan: plan, policy: BuiltinPolicies.make("random", suite: suite), threads: threads, batchSize: batch).run()
        }
        #expect(try run(1, 1) == run(2, 7))
    }

    /// A policy that steers by what the agentview camera sees: its action is the image's mean colour.
    final class Looking: Policy {
        let name = "looking", horizon = 1
        let observationFieldsRead: Set<String>? = ["agentview", "wrist_keypoints"]
        func reset(slot: Int, episode: EpisodeContext) {}
        func act(_ o: ObservationBatch) throws -> ActionChunkBatch {
            let images = o.bytes("agentview")!, n = 3 * 64 * 64
            var values: [Float] = []
            for row in 0..<o.rows {
                let image = images[(images.startIndex + row * n)..<(images.startIndex + (row + 1) * n)]
                let mean = Float(image.reduce(0) { $0 + Int($1) }) / Float(n) / 255
                values += [mean - 0.5, 0.5 - mean, -0.2, 0, 0, mean, 1]
            }
            return ActionChunkBatch(rows: o.rows, horizon: 1, dimension: 7, values: values)
        }
    }

    @Test func cameraPoliciesGetTheSameResultsOnAnyThreadCount() throws {
        let selection = try suite.select("pick_up_the_black_bowl_on_the_stove_and_place_it_on_the_plate")
        let plan = EvaluationPlan(suite: suite.name, selection: selection, episodesPerTask: 2, seed: 0, policy: "looking")
        let one = try Evaluator(suite: suite, plan: plan, policy: Looking(), threads: 1, batchSize: 2).run()
        let two = try Evaluator(suite: suite, plan: plan, policy: Looking(), threads: 2, batchSize: 2).run()
        #expect(one == two && one.count == 2)
    }

    @Test func observationsHaveTheDocumentedLayoutAndRenderOnlyWhenRead() throws {
        let selection = try suite.select("goal")
        let fields = suite.observationFields(for: selection)
        #expect(fields.map(\.name) == ["agentview", "wrist", "agentview_intrinsics", "agentview_extrinsics", "wrist_intrinsics",
                                       "wrist_extrinsics", "keypoints", "agentview_keypoints", "wrist_keypoints", "proprio", "instruction"])
        #expect(fields[0].shape == [3, 64, 64] && fields[9].shape == [8] && fields[6].shape == [8, 3])
        let env = suite.environment(selection: selection, taskIndex: 7, configuration: .evaluation(0))
        var blind = ObservationBatch(fields: fields, rows: 1, requested: ["proprio"])
        env.writeObservation(into: &blind, row: 0, privileged: false)
        #expect(blind.bytes("agentview")!.allSatisfy { $0 == 0 })  // not read, not rendered
        let p = Array(blind.floats("proprio")!), g = env.world.gripper
        #expect(p[0] == Float(g.position.x) && p[2] == Float(g.position.z) && abs(p[3] - Float.pi) < 1e-6 && p[6] == Float(g.gap / 2))
        var full = ObservationBatch(fields: fields, rows: 1)
        env.writeObservation(into: &full, row: 0, privileged: false)
        #expect(Set(full.bytes("agentview")!).count > 10)
        #expect(full.texts("instruction")!.first == "turn on the stove")
        // K and the extrinsics are the cameras' own.
        let k = Array(full.floats("agentview_intrinsics")!)
        #expect(k[0] == k[4] && k[2] == 31.5 && k[8] == 1)
        #expect(full.floats("wrist_extrinsics")![15] == 1)
    }

    @Test func depthImagesShowTheCameraFrameZ() throws {
        let (_, selection) = try Suites.resolve(suite: "libero-like", tasks: "put_the_bowl_on_the_plate", depth: true)
        let fields = suite.observationFields(for: selection)
        #expect(fields.suffix(2).map(\.name) == ["agentview_depth", "wrist_depth"] && fields.last?.shape == [1, 64, 64])
        let env = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(0))
        var batch = ObservationBatch(fields: fields, rows: 1, requested: ["agentview_depth", "wrist_depth"])
        env.writeObservation(into: &batch, row: 0, privileged: false)
        let depth = Array(batch.floats("agentview_depth")!)
        // The camera is about 1.2 m from the table's middle: the middle pixel sees the table there.
        #expect(depth[32 * 64 + 32] > 0.8 && depth[32 * 64 + 32] < 1.6)
        #expect(depth.allSatisfy { $0 >= 0 && $0.isFinite })
        #expect(batch.bytes("agentview")!.allSatisfy { $0 == 0 })  // images not read, not written
    }

    @Test func imageSizesAre64_128Or256() throws {
        for side in [64, 128, 256] {
            let (_, selection) = try Suites.resolve(suite: "libero-like/object", tasks: nil, imageSize: side)
            #expect(suite.observationFields(for: selection)[1].shape == [3, side, side])
        }
        #expect(throws: BenchUsageError.self) { try Suites.resolve(suite: "libero-like", tasks: nil, imageSize: 100) }
        #expect(throws: BenchUsageError.self) { try Suites.resolve(suite: "metaworld-like", tasks: nil, depth: true) }
        #expect(throws: BenchUsageError.self) { try Suites.resolve(suite: "metaworld-like", tasks: nil, imageSize: 64) }
    }
}

