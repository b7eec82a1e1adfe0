import Bench
import Testing

/// The simulator's rules on small hand-built worlds (docs/simulator.md).
@Suite struct SimulatorTests {
    static let workspace = AABB(min: Vec3(-1, -1, -0.1), max: Vec3(1, 2, 1))

    static func world(hand: Vec3, bodies: [Body] = [], fixtures: [Fixture] = [], obstacles: [Obstacle] = [], holes: [Hole] = []) -> World {
        var w = World(gripper: Gripper(position: hand), bodies: bodies, fixtures: fixtures, obstacles: obstacles, holes: holes,
                      workspace: workspace)
        w.settle()
        return w
    }

    static func puck(_ p: Vec3) -> Body { Body(name: "puck", shape: .cylinder, half: Vec3(repeating: 0.02), position: p) }

    static func step(_ w: inout World, _ move: Vec3 = .zero, effort: Double = 0, times: Int = 1) {
        for _ in 0..<times { w.step(SimAction(translation: move, effort: effort)) }
    }

    @Test func closingFingersAroundAnObjectHoldsItAndOpeningReleasesIt() {
        var w = Self.world(hand: Vec3(0, 0.6, 0.02), bodies: [Self.puck(Vec3(0.005, 0.61, 0.02))])
        Self.step(&w, effort: 1, times: 5)
        #expect(w.heldBody == 0)
        #expect(abs(w.gripper.gap - 0.04) < 1e-12)  // fingers stop at the puck's width
        #expect(abs(w.gripper.opening - 0.4) < 1e-12)
        #expect(abs(w.bodies[0].position.y - 0.6) < 1e-12)  // centred between the fingers
        Self.step(&w, Vec3(0, 0, 0.01), effort: 1, times: 10)
        #expect(abs(w.bodies[0].position.z - 0.12) < 1e-9)
        Self.step(&w, effort: -1)
        #expect(w.heldBody == nil)
        Self.step(&w, times: 10)
        #expect(abs(w.bodies[0].position.z - 0.02) < 1e-12)  // fell back onto the table
        #expect(w.bodies[0].support == .table)
    }

    @Test func fingersCloseEmptyWhenTheObjectIsOutsideTheGraspZone() {
        var w = Self.world(hand: Vec3(0, 0.6, 0.02), bodies: [Self.puck(Vec3(0.1, 0.6, 0.02))])
        Self.step(&w, effort: 1, times: 10)
        #expect(w.heldBody == nil)
        #expect(w.gripper.gap == 0)
    }

    @Test func movingFingersPushAFreeBodyAlongTheMotion() {
        var w = Self.world(hand: Vec3(0, 0.6, 0.02), bodies: [Self.puck(Vec3(0.1, 0.6, 0.02))])
        Self.step(&w, effort: 1, times: 6)  // close the fingers
        Self.step(&w, Vec3(0.01, 0, 0), times: 10)
        // Closed fingers reach 1.2 cm; contact when hand.x = 0.1 - 0.02 - 0.012; then the puck moves along.
        #expect(abs(w.gripper.position.x - 0.1) < 1e-9)
        #expect(abs(w.bodies[0].position.x - (0.1 + 0.1 - 0.068)) < 1e-9)
        #expect(w.bodies[0].position.y == 0.6)
    }

    @Test func wallsStopTheFingersAndPushedBodies() {
        let wall = Obstacle(name: "wall", box: AABB(min: Vec3(0.1, 0, 0), max: Vec3(0.2, 1, 0.3)))
        var w = Self.world(hand: Vec3(0, 0.6, 0.1), obstacles: [wall])
        Self.step(&w, effort: 1, times: 6)
        Self.step(&w, Vec3(0.01, 0, 0), times: 20)
        #expect(abs(w.gripper.position.x - (0.1 - Gripper.fingerHalf.x)) < 1e-9)
        var v = Self.world(hand: Vec3(0, 0.6, 0.02), bodies: [Self.puck(Vec3(0.05, 0.6, 0.02))], obstacles: [wall])
        Self.step(&v, effort: 1, times: 6)
        Self.step(&v, Vec3(0.01, 0, 0), times: 20)
        #expect(abs(v.bodies[0].position.x - 0.08) < 1e-9)  // against the wall
        #expect(abs(v.gripper.position.x - (0.08 - 0.02 - Gripper.fingerHalf.x)) < 1e-9)
    }

    @Test func theTableStopsTheHandAndHolesLetThingsIn() {
        let hole = Hole(name: "hole", minXY: SIMD2(0.2, 0.5), maxXY: SIMD2(0.4, 0.7), bottom: -0.05)
        var w = Self.world(hand: Vec3(0, 0.6, 0.1), holes: [hole])
        Self.step(&w, Vec3(0, 0, -0.01), times: 20)
        #expect(abs(w.gripper.position.z - 0.015) < 1e-9)  // fingertips 1.5 cm below the tool centre point
        var v = Self.world(hand: Vec3(0.3, 0.6, 0.1), holes: [hole])
        Self.step(&v, effort: 1, times: 6)
        Self.step(&v, Vec3(0, 0, -0.01), times: 30)
        #expect(abs(v.gripper.position.z - (-0.05 + 0.015)) < 1e-9)
        // A released puck falls into the hole when its footprint fits, and stays on the table when it does not.
        let inside = Self.world(hand: Vec3(0, 0.6, 0.3), bodies: [Self.puck(Vec3(0.3, 0.6, 0.1))], holes: [hole])
        #expect(abs(inside.bodies[0].position.z - (-0.03)) < 1e-12)
        let onEdge = Self.world(hand: Vec3(0, 0.6, 0.3), bodies: [Self.puck(Vec3(0.21, 0.6, 0.1))], holes: [hole])
        #expect(abs(onEdge.bodies[0].position.z - 0.02) < 1e-12)
    }

    @Test func releasedBodiesRestOnTheHighestSurfaceUnderThem() {
        let box = Obstacle(name: "box", box: AABB(min: Vec3(-0.05, 0.55, 0), max: Vec3(0.05, 0.65, 0.1)))
        let w = Self.world(hand: Vec3(0, 0.3, 0.3), bodies: [Self.puck(Vec3(0.04, 0.6, 0.3)), Self.puck(Vec3(0.3, 0.6, 0.3))],
                           obstacles: [box])
        #expect(abs(w.bodies[0].position.z - 0.12) < 1e-12)  // its centre over the box's top, its rim past the edge: rests on it
        #expect(w.bodies[0].support == .obstacle(0))
        #expect(abs(w.bodies[1].position.z - 0.02) < 1e-12)
    }

    @Test func pushingAJointedPartMovesItsJointUpToTheLimit() {
        let button = Fixture(name: "button", joint: .slide(axis: Vec3(0, 1, 0)), lower: 0, upper: 0.04,
                             parts: [FixturePart(name: "button", center: Vec3(0, 0.7, 0.1), half: Vec3(repeating: 0.02))])
        var w = Self.world(hand: Vec3(0, 0.6, 0.1), fixtures: [button])
        Self.step(&w, effort: 1, times: 6)
        Self.step(&w, Vec3(0, 0.01, 0), times: 7)
        // Closed fingers reach 1.2 cm across: contact at y = 0.668, then the button goes in with them.
        #expect(abs(w.fixtures[0].q - 0.002) < 1e-9)
        Self.step(&w, Vec3(0, 0.01, 0), times: 10)
        #expect(w.fixtures[0].q == 0.04)
        #expect(abs(w.gripper.position.y - (0.68 + 0.04 - 2 * Gripper.fingerHalf.y)) < 1e-9)
        // Pushing across the joint's direction does not move it: the part blocks like a wall.
        var v = Self.world(hand: Vec3(-0.1, 0.7, 0.1), fixtures: [button])
        Self.step(&v, effort: 1, times: 6)
        Self.step(&v, Vec3(0.01, 0, 0), times: 10)
        #expect(v.fixtures[0].q == 0)
        #expect(abs(v.gripper.position.x - (-0.02 - Gripper.fingerHalf.x)) < 1e-9)
    }

    @Test func aHeldHandleMovesTheGripperAlongTheJointOnly() {
        let drawer = Fixture(name: "drawer", joint: .slide(axis: Vec3(0, -1, 0)), lower: 0, upper: 0.2, parts: [
            FixturePart(name: "handle", center: Vec3(0, 0.6, 0.1), half: Vec3(0.05, 0.01, 0.01), role: .handle),
        ])
        var w = Self.world(hand: Vec3(0, 0.6, 0.1), fixtures: [drawer])
        Self.step(&w, effort: 1, times: 6)
        #expect(w.gripper.held == .fixture(0, part: 0))
        Self.step(&w, Vec3(0.01, -0.01, 0.01), effort: 1, times: 5)
        #expect(abs(w.fixtures[0].q - 0.05) < 1e-12)
        #expect(abs(w.gripper.position.x) < 1e-12 && abs(w.gripper.position.z - 0.1) < 1e-12)
        #expect(abs(w.gripper.position.y - 0.55) < 1e-12)
    }

    @Test func aHingedPartTurnsWhenPushed() {
        let door = Fixture(name: "door", joint: .hinge(axis: Vec3(0, 0, 1), pivot: Vec3(0, 0.8, 0)), lower: 0, upper: 1.6,
                           parts: FixturePart.segments(name: "panel", center: Vec3(-0.1, 0.8, 0.1), half: Vec3(0.1, 0.01, 0.1), axis: 0, count: 10))
        var w = Self.world(hand: Vec3(-0.15, 0.9, 0.1), fixtures: [door])
        Self.step(&w, effort: 1, times: 6)
        Self.step(&w, Vec3(0, -0.01, 0), times: 15)
        #expect(w.fixtures[0].q > 0.3)  // pushed toward -y, the door swings open (q grows)
        let tip = w.fixtures[0].worldPoint(Vec3(-0.15, 0.8, 0.1))
        #expect(tip.y < w.gripper.position.y)  // the panel stays ahead of the fingers
    }

    @Test func sameActionsGiveBitIdenticalStates() {
        func run() -> [Double] {
            var w = Self.world(hand: Vec3(0, 0.6, 0.2), bodies: [Self.puck(Vec3(0.02, 0.62, 0.02))])
            var rng = SimRandom(seed: 42)
            var trace: [Double] = []
            for _ in 0..<400 {
                w.step(SimAction(translation: Vec3(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)) * 0.01,
                                 effort: rng.uniform(-1, 1)))
                let g = w.gripper.position, b = w.bodies[0].position
                trace += [g.x, g.y, g.z, w.gripper.gap, b.x, b.y, b.z]
            }
            return trace
        }
        let a = run(), b = run()
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
    }
}

@Suite struct PredicateTests {
    @Test func onInOpenClosed() {
        let box = Obstacle(name: "box", box: AABB(min: Vec3(-0.05, 0.55, 0), max: Vec3(0.05, 0.65, 0.1)))
        let drawer = Fixture(name: "drawer", joint: .slide(axis: Vec3(0, -1, 0)), q: 0.15, lower: 0, upper: 0.2,
                             parts: [FixturePart(name: "front", center: Vec3(0.3, 0.8, 0.1), half: Vec3(0.1, 0.01, 0.05))])
        let w = SimulatorTests.world(hand: Vec3(0, 0.3, 0.3), bodies: [SimulatorTests.puck(Vec3(0, 0.6, 0.3)), SimulatorTests.puck(Vec3(0.3, 0.6, 0.3))],
                                     fixtures: [drawer], obstacles: [box])
        #expect(w.isOn(0, .obstacle(0)) && !w.isOn(1, .obstacle(0)) && w.isOn(1, .table))
        #expect(w.isIn(1, AABB(min: Vec3(0.2, 0.5, 0), max: Vec3(0.4, 0.7, 0.1))) && !w.isIn(0, AABB(min: Vec3(0.2, 0.5, 0), max: Vec3(0.4, 0.7, 0.1))))
        #expect(w.isOpen(0) && !w.isClosed(0))
    }
}

@Test func visibleShapesFollowTheirJointsExactly() {
    let door = Fixture(name: "door", joint: .hinge(axis: Vec3(0, 0, 1), pivot: Vec3(0, 0.8, 0)), q: Double.pi / 2, lower: 0, upper: 2,
                       parts: [FixturePart(name: "panel", center: Vec3(-0.1, 0.8, 0.1), half: Vec3(0.1, 0.01, 0.1))])
    let w = SimulatorTests.world(hand: Vec3(0.3, 0.6, 0.2), bodies: [SimulatorTests.puck(Vec3(0.2, 0.6, 0.02))], fixtures: [door],
                                 obstacles: [Obstacle(name: "wall", box: AABB(min: Vec3(0.5, 0, 0), max: Vec3(0.6, 1, 0.2)))])
    let shapes = w.visibleShapes
    #expect(shapes.map(\.name) == ["wall", "panel", "puck", "finger", "finger"])
    let panel = shapes[1]
    #expect(abs(panel.center.x - 0) < 1e-12 && abs(panel.center.y - 0.7) < 1e-12)  // turned a quarter about the hinge
    #expect(panel.half == Vec3(0.1, 0.01, 0.1))
    #expect(abs(panel.rotation.z - 0.5.squareRoot()) < 1e-12 && abs(panel.rotation.w - 0.5.squareRoot()) < 1e-12)
    #expect(shapes[3].center.y < 0.6 && shapes[4].center.y > 0.6)
}
