@testable import Bench
import Testing

/// The libero-like memory group: goals over the episode (press twice, put back) and their experts.
@Suite struct LiberoMemoryTests {
    let suite = LiberoSuite()

    /// A world with a push button, a plate and a block.
    func world() -> (World, button: Int, plate: Int, block: Int) {
        var a = SceneAssembly()
        let button = Furniture.pushButton(&a, at: SIMD2(0.2, 0.7))
        let plate = a.add(Props.plate("plate", at: SIMD2(-0.2, 0.7), radius: 0.075))
        let block = a.add(Props.box("block", at: SIMD2(0.05, 0.45), half: Vec3(0.02, 0.02, 0.02), color: Props.Palette.red))
        return (a.world(gripper: Gripper(position: Vec3(0, 0.3, 0.3)), workspace: LiberoKit.workspace), button, plate, block)
    }

    /// Runs `goal` over `presses` presses (button held down 3 steps, up 6) and then `rest` steps up;
    /// whether it ever held.
    func pressed(_ presses: Int, count: Int, rest: Int = 40) -> (achieved: Bool, goal: PressCountGoal) {
        var (w, button, _, _) = world()
        var goal = PressCountGoal(button: button, count: count)
        goal.begin(w)
        var achieved = false
        for _ in 0..<presses {
            w.fixtures[button].q = w.fixtures[button].upper
            for _ in 0..<3 { achieved = goal.update(w) || achieved }
            w.fixtures[button].q = w.fixtures[button].lower
            for _ in 0..<6 { achieved = goal.update(w) || achieved }
        }
        for _ in 0..<rest { achieved = goal.update(w) || achieved }
        return (achieved, goal)
    }

    @Test func pressingTwiceSucceedsOnceOrThreeTimesFails() {
        #expect(pressed(2, count: 2).achieved)
        #expect(pressed(2, count: 2).goal.presses == 2)
        #expect(!pressed(1, count: 2).achieved)
        let three = pressed(3, count: 2)
        #expect(!three.achieved && three.goal.overshot)
        #expect(!pressed(0, count: 2).achieved)
        #expect(pressed(3, count: 3).achieved && !pressed(2, count: 3).achieved && !pressed(4, count: 3).achieved)
        // Success waits for the confirmation steps: a third press within them is still possible.
        #expect(!pressed(2, count: 2, rest: PressCountGoal.confirmSteps - 8).achieved)
        // A button pressed half way is not a press.
        var (w, button, _, _) = world()
        var goal = PressCountGoal(button: button, count: 1)
        goal.begin(w)
        w.fixtures[button].q = w.fixtures[button].upper * 0.6
        _ = goal.update(w)
        #expect(goal.presses == 0)
    }

    @Test func aButtonSpringsBackUnlessAFingerRestsOnIt() {
        var (w, button, _, _) = world()
        let cap = w.fixtures[button].partBounds(0)
        // Closed fingers pressing the cap all the way down, then held still on it.
        w.gripper.gap = 0
        w.gripper.position = Vec3(cap.center.x, cap.center.y, cap.max.z + Gripper.fingerHalf.z - Gripper.fingerLift + 0.002)
        for _ in 0..<6 { w.step(SimAction(translation: Vec3(0, 0, -0.005), effort: 1)) }
        #expect(w.fixtures[button].openness == 1)
        for _ in 0..<10 { w.step(SimAction(translation: .zero, effort: 1)) }
        #expect(w.fixtures[button].openness == 1)
        // Lifted off, it comes back up 3 mm per step.
        w.step(SimAction(translation: Vec3(0, 0, 0.02), effort: 1))
        for _ in 0..<5 { w.step(SimAction(translation: .zero, effort: 1)) }
        #expect(w.fixtures[button].q == w.fixtures[button].lower)
    }

    @Test func theBlockMustComeBackWithinTolerance() {
        var (w, _, plate, block) = world()
        let onPlate = LiberoPredicates.on(block, body: plate)
        func goal() -> PutBackGoal {
            var g = PutBackGoal(body: block, onPlate: onPlate, toPlate: LiberoKit.spot(block, over: plate))
            g.begin(w)
            return g
        }
        let origin = w.bodies[block].position
        func put(_ xy: SIMD2<Double>, z: Double = 0.1) {
            w.bodies[block].position = Vec3(xy.x, xy.y, z)
            w.bodies[block].support = .none
            w.settle()
        }
        var back = goal(), elsewhere = goal(), never = goal()
        let untouched = never.update(w)
        #expect(!untouched)  // never moved: not done
        put(SIMD2(w.bodies[plate].position.x, w.bodies[plate].position.y))
        let onPlateYet = (back.update(w), elsewhere.update(w))
        #expect(onPlate(w) && !onPlateYet.0 && !onPlateYet.1)
        put(SIMD2(origin.x + 0.012, origin.y - 0.008))
        let returned = back.update(w)
        #expect(returned)
        put(SIMD2(origin.x + 0.05, origin.y))
        let leftElsewhere = elsewhere.update(w)
        #expect(!leftElsewhere)
        #expect(elsewhere.visited && !elsewhere.isBack(w))
    }

    @Test func theGroupIsSelectableAndNotPartOfAll() throws {
        #expect(try suite.select("memory").tasks.map(\.name) == [
            "press_the_button_twice", "press_the_button_three_times", "put_the_block_on_the_plate_and_then_back_where_it_was",
        ])
        #expect(try suite.select("all").tasks.count == 40)
        #expect(try !suite.select("all").tasks.contains { $0.group == "memory" })
        #expect(try Suites.resolve(suite: "libero-like/memory", tasks: nil).1.tasks.count == 3)
        #expect(suite.groups.last == "memory" && suite.tasks.count == 43)
        for task in LiberoMemory.tasks {
            for k in [0, 9] {
                let s = LiberoSuite.initialState(task, .evaluation(k))
                #expect(!s.goal.holdsAtStart(s.world) && !LiberoKit.overlapping(s.world), "\(task.name) \(k)")
            }
        }
    }

    @Test func expertsSolveTheMemoryTasks() throws {
        let records = try builtinRollouts("expert", on: "memory", of: suite, episodesPerTask: 4, seed: 0)
        #expect(records.count == 12)
        for r in records { #expect(r.success, "\(r.task) init \(r.goalIndex)") }
    }

    @Test func noopAndRandomSolveNoMemoryTask() throws {
        for policy in ["random", "noop"] {
            let records = try builtinRollouts(policy, on: "memory", of: suite, episodesPerTask: 2, seed: 5)
            #expect(records.allSatisfy { !$0.success && $0.steps == 300 }, "\(policy)")
        }
    }
}
