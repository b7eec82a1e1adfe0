import Bench
import Testing

/// The rules that let contact fail and the position controller (docs/simulator.md): the grasp
/// window, slipping grips, off-centre pushes, toppling, and the actuation model.
@Suite struct ContactRuleTests {
    typealias S = SimulatorTests

    static func box(_ p: Vec3, half: Vec3 = Vec3(0.02, 0.02, 0.02)) -> Body { Body(name: "box", shape: .box, half: half, position: p) }

    @Test func aGraspNeedsTheBodyWithinTheWindow() {
        // The window is 1 cm along the gripper's x (the fingers' width) and 1.5 cm in height.
        for (offset, holds) in [(Vec3(0.008, 0, 0), true), (Vec3(0.012, 0, 0), false), (Vec3(0, 0, 0.02), false), (Vec3(0, 0, 0.012), true)] {
            var w = S.world(hand: Vec3(0, 0.6, 0.02) + offset, bodies: [S.puck(Vec3(0, 0.6, 0.02))])
            S.step(&w, effort: 1, times: 5)
            #expect((w.heldBody == 0) == holds, "offset \(offset)")
        }
    }

    @Test func anOffCentreGripSlipsAndDropsTheBody() {
        // 8 mm off the fingers' centre line: the excess over 5 mm grows with every move until the body falls.
        var w = S.world(hand: Vec3(0.008, 0.6, 0.02), bodies: [S.puck(Vec3(0, 0.6, 0.02))])
        S.step(&w, effort: 1, times: 5)
        #expect(w.heldBody == 0)
        S.step(&w, Vec3(0, 0, 0.01), effort: 1, times: 10)
        #expect(w.heldBody == nil)
        S.step(&w, times: 10)
        #expect(abs(w.bodies[0].position.z - 0.02) < 1e-9)  // fell back onto the table
        // 3 mm off: it holds.
        var v = S.world(hand: Vec3(0.003, 0.6, 0.02), bodies: [S.puck(Vec3(0, 0.6, 0.02))])
        S.step(&v, effort: 1, times: 5)
        S.step(&v, Vec3(0, 0, 0.01), effort: 1, times: 10)
        #expect(v.heldBody == 0 && abs(v.bodies[0].position.z - 0.12) < 1e-9)
    }

    @Test func aHeldBodyDrivenIntoAnObstacleSlipsOutOfTheGrip() {
        // Fingers close along y; moving along x drives a long held box (8 cm along x) into the wall: it
        // stops there, the fingers go on 2.8 cm until they meet the wall, and it slips out of the grasp.
        let wall = Obstacle(name: "wall", box: AABB(min: Vec3(0.1, 0, 0), max: Vec3(0.2, 1, 0.3)))
        var w = S.world(hand: Vec3(0, 0.6, 0.02), bodies: [Self.box(Vec3(0, 0.6, 0.02), half: Vec3(0.04, 0.02, 0.02))], obstacles: [wall])
        S.step(&w, effort: 1, times: 5)
        #expect(w.heldBody == 0)
        S.step(&w, Vec3(0.01, 0, 0), effort: 1, times: 10)
        #expect(w.heldBody == nil)
        #expect(abs(w.bodies[0].bounds.max.x - 0.1) < 1e-9)  // stopped at the wall
        #expect(abs(w.gripper.position.x - (0.1 - Gripper.fingerHalf.x)) < 1e-9)
        // Pressed onto the table, a held puck slides 5 mm up between the fingers (the fingertips reach
        // 1.5 cm below the tool centre point, the puck 2 cm) and stays held.
        var v = S.world(hand: Vec3(0, 0.6, 0.1), bodies: [S.puck(Vec3(0, 0.6, 0.02))])
        S.step(&v, Vec3(0, 0, -0.01), effort: -1, times: 10)
        S.step(&v, effort: 1, times: 5)
        S.step(&v, Vec3(0, 0, 0.01), effort: 1, times: 2)
        S.step(&v, Vec3(0, 0, -0.01), effort: 1, times: 5)
        #expect(v.heldBody == 0 && abs(v.bodies[0].position.z - 0.02) < 1e-9 && abs(v.gripper.position.z - 0.015) < 1e-9)
    }

    @Test func anOffCentrePushTurnsABody() {
        // Closed fingers push a box 1.5 cm off its centre line (+y side) along +x: it turns clockwise.
        var w = S.world(hand: Vec3(0, 0.615, 0.02), bodies: [Self.box(Vec3(0.06, 0.6, 0.02), half: Vec3(0.02, 0.03, 0.02))])
        S.step(&w, effort: 1, times: 6)
        S.step(&w, Vec3(0.01, 0, 0), times: 6)
        #expect(w.bodies[0].yaw < -0.05)
        // On its centre line it does not turn.
        var v = S.world(hand: Vec3(0, 0.6, 0.02), bodies: [Self.box(Vec3(0.06, 0.6, 0.02), half: Vec3(0.02, 0.03, 0.02))])
        S.step(&v, effort: 1, times: 6)
        S.step(&v, Vec3(0.01, 0, 0), times: 6)
        #expect(abs(v.bodies[0].yaw) < 1e-12 && v.bodies[0].position.x > 0.07)
    }

    @Test func aTallBodyPushedHighTopplesAndANudgeDoesNot() {
        let bottle = Body(name: "bottle", shape: .cylinder, half: Vec3(0.03, 0.03, 0.1), position: Vec3(0.08, 0.6, 0.1))
        // Fingers at mid-height (tool centre point 10 cm up) push it along +x: it falls over toward +x.
        var w = S.world(hand: Vec3(0, 0.6, 0.1), bodies: [bottle])
        S.step(&w, effort: 1, times: 6)
        S.step(&w, Vec3(0.01, 0, 0), times: 6)
        #expect(w.bodies[0].toppled)
        #expect(abs(w.bodies[0].bounds.half.x - 0.1) < 1e-9 && abs(w.bodies[0].bounds.half.z - 0.03) < 1e-9)
        #expect(abs(w.bodies[0].position.z - 0.03) < 1e-9)  // lying on the table
        // Toppled, it cannot be picked up.
        w.gripper = Gripper(position: w.bodies[0].position)
        S.step(&w, effort: 1, times: 6)
        #expect(w.heldBody == nil)
        // Pushed low (fingertips at the table) it slides upright; pushed by under 3 mm a step it stays up.
        var low = S.world(hand: Vec3(0, 0.6, 0.02), bodies: [bottle])
        S.step(&low, effort: 1, times: 6)
        S.step(&low, Vec3(0.01, 0, 0), times: 8)
        #expect(!low.bodies[0].toppled && low.bodies[0].position.x > 0.09)
        var nudge = S.world(hand: Vec3(0, 0.6, 0.1), bodies: [bottle])
        S.step(&nudge, effort: 1, times: 6)
        S.step(&nudge, Vec3(0.002, 0, 0), times: 40)
        #expect(!nudge.bodies[0].toppled && nudge.bodies[0].position.x > 0.09)
    }

    @Test func aPushedBodyPushesTheBodiesItRunsInto() {
        // Closed fingers (front face at x = 0.088) push box A (x from -0.02 to 0.02) 10 cm along -x;
        // box B lies 1 cm beyond it. A moves 3.2 cm and B, in turn, 2.2 cm.
        let a = Self.box(Vec3(0, 0.6, 0.02)), b = Self.box(Vec3(-0.05, 0.6, 0.02))
        var w = S.world(hand: Vec3(0.1, 0.6, 0.02), bodies: [a, b])
        S.step(&w, effort: 1, times: 6)
        S.step(&w, Vec3(-0.01, 0, 0), times: 10)
        #expect(abs(w.bodies[0].position.x - -0.032) < 1e-9 && abs(w.bodies[1].position.x - -0.072) < 1e-9)
        // A wall 2 cm beyond B stops B, then A, then the fingers.
        let wall = Obstacle(name: "wall", box: AABB(min: Vec3(-0.3, 0, 0), max: Vec3(-0.09, 1, 0.3)))
        var v = S.world(hand: Vec3(0.1, 0.6, 0.02), bodies: [a, b], obstacles: [wall])
        S.step(&v, effort: 1, times: 6)
        S.step(&v, Vec3(-0.01, 0, 0), times: 10)
        #expect(abs(v.bodies[1].bounds.min.x - -0.09) < 1e-9 && abs(v.bodies[0].bounds.min.x - v.bodies[1].bounds.max.x) < 1e-9)
        #expect(abs(v.gripper.position.x - 0.002) < 1e-9)
        // What rests on the pushed body rides along and is not pushed: a puck on A keeps its place on it.
        let puck = Body(name: "puck", shape: .cylinder, half: Vec3(0.01, 0.01, 0.01), position: Vec3(0, 0.6, 0.05))
        var u = S.world(hand: Vec3(0.1, 0.6, 0.02), bodies: [a, puck])
        S.step(&u, effort: 1, times: 6)
        S.step(&u, Vec3(-0.01, 0, 0), times: 10)
        #expect(u.bodies[1].support == .body(0) && abs(u.bodies[1].position.x - u.bodies[0].position.x) < 1e-9)
    }

    @Test func aBodyWhoseCentreIsPastAnEdgeTipsOffIt() {
        // A bowl on a box (top at 5 cm, x from -5 to 5 cm) with a plate beside it (x from -25.5 to -10.5 cm).
        let box = Self.box(Vec3(0, 0.6, 0.025), half: Vec3(0.05, 0.075, 0.025))
        let plate = Body(name: "plate", shape: .cylinder, half: Vec3(0.075, 0.075, 0.008), position: Vec3(-0.18, 0.6, 0.008))
        func bowl(_ x: Double) -> Body { Body(name: "bowl", shape: .cylinder, half: Vec3(0.045, 0.045, 0.02), position: Vec3(x, 0.6, 0.07)) }
        // Its centre over the box: it rests there, even with part of it over the edge.
        let on = S.world(hand: Vec3(0.3, 0.3, 0.3), bodies: [box, plate, bowl(-0.045)])
        #expect(on.bodies[2].support == .body(0) && abs(on.bodies[2].position.z - 0.07) < 1e-9)
        // Its centre past the edge: it falls to the table, though its rim still overlaps the box and the plate.
        let off = S.world(hand: Vec3(0.3, 0.3, 0.3), bodies: [box, plate, bowl(-0.1)])
        #expect(off.bodies[2].support == .table && abs(off.bodies[2].position.z - 0.02) < 1e-9)
        // On a turned box the edge is the turned one: a puck inside the box's bounding box but off its
        // turned top falls to the table.
        let turned = Body(name: "box", shape: .box, half: Vec3(0.05, 0.05, 0.025), position: Vec3(0, 0.6, 0.025), yaw: Double.pi / 4)
        func puck(_ x: Double, _ y: Double) -> Body { Body(name: "puck", shape: .cylinder, half: Vec3(repeating: 0.01), position: Vec3(x, y, 0.08)) }
        let corner = S.world(hand: Vec3(0.3, 0.3, 0.3), bodies: [turned, puck(0.06, 0.66), puck(0.03, 0.63)])
        #expect(corner.bodies[1].support == .table && corner.bodies[2].support == .body(0))
        // Pushed off the box toward the plate by closed fingers at its height, it drops to the table
        // between them instead of sliding over the edge onto the plate.
        var pushed = S.world(hand: Vec3(0.08, 0.6, 0.07), bodies: [box, plate, bowl(0)])
        S.step(&pushed, effort: 1, times: 6)
        S.step(&pushed, Vec3(-0.01, 0, 0), times: 16)
        #expect(pushed.bodies[2].position.x < -0.05 && pushed.bodies[2].position.x > -0.1)
        #expect(pushed.bodies[2].support == .table, "\(pushed.bodies[2].support)")
    }

    @Test func thePositionControllerLagsScalesAndJitters() {
        func world(lag: Double, gain: Vec3 = Vec3(1, 1, 1), noise: Double = 0, seed: UInt64 = 0) -> World {
            var w = S.world(hand: Vec3(0, 0.6, 0.2))
            w.parameters.actuationLag = lag
            w.parameters.actuationGain = gain
            w.parameters.trackingNoise = noise
            w.actuationRandom = SimRandom(seed: seed)
            return w
        }
        // Lag 0.5: the first step moves half the command, and constant commands reach their full speed.
        var w = world(lag: 0.5)
        S.step(&w, Vec3(0.01, 0, 0))
        #expect(abs(w.gripper.position.x - 0.005) < 1e-12)
        S.step(&w, Vec3(0.01, 0, 0), times: 30)
        #expect(abs(w.gripper.velocity.x - 0.01) < 1e-9)
        // A gain error scales every move of its axis.
        var g = world(lag: 0, gain: Vec3(1.1, 1, 1))
        S.step(&g, Vec3(0.01, 0, 0))
        #expect(abs(g.gripper.position.x - 0.011) < 1e-12)
        // Tracking noise: the hand wanders about its target by about the standard deviation, and the
        // same seed gives the same wander.
        var n = world(lag: 0, noise: 0.001, seed: 3), m = world(lag: 0, noise: 0.001, seed: 3)
        S.step(&n, times: 200)
        S.step(&m, times: 200)
        #expect(n.gripper.position == m.gripper.position)
        #expect(n.gripper.position != Vec3(0, 0.6, 0.2) && Geometry.distance(n.gripper.position, Vec3(0, 0.6, 0.2)) < 0.006)
    }
}
