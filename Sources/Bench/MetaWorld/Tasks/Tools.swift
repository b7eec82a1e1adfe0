/// Tool use and fitting parts together: hammer, peg-insert-side, peg-unplug-side, stick-push,
/// stick-pull, assembly, disassemble.
extension MetaWorldTasks {
    // MARK: hammer

    /// hammer: a hammer (its bounding box 20 x 6 cm, held by the handle 5 cm left of its centre)
    /// drives a nail 10 cm into a box along +y.
    static let hammer = MetaWorldTask(
        name: "hammer", group: .medium, instruction: "hammer the nail into the wall",
        sample: { rng in
            let h = SceneKit.draw(&rng, Vec3(-0.1, 0.45, 0.015), Vec3(0.1, 0.55, 0.015))
            let n = SceneKit.draw(&rng, Vec3(-0.05, 0.8, 0.1), Vec3(0.05, 0.85, 0.1))
            let tool = Body(name: "hammer", shape: .box, half: Vec3(0.1, 0.03, 0.015), position: h,
                            graspOffset: Vec3(-0.05, 0, 0), gripWidth: 0.024, color: SceneKit.wood)
            let tip = Vec3(n.x, n.y - 0.1, n.z)
            let nail = Fixture(name: "nail", joint: .slide(axis: Vec3(0, 1, 0)), lower: 0, upper: 0.1, parts: [
                FixturePart(name: "nail", center: Vec3(n.x, n.y - 0.05, n.z), half: Vec3(0.008, 0.05, 0.008), color: SceneKit.grey),
            ])
            let box = SceneKit.block("nail box", Vec3(n.x - 0.06, n.y, 0), Vec3(n.x + 0.06, n.y + 0.1, 0.2))
            return MetaWorldScene(world: SceneKit.world(bodies: [tool], fixtures: [nail], obstacles: [box]),
                                  goal: tip + Vec3(0, 0.1, 0), object1: .body(0), object2: .fixturePoint(0, tip),
                                  success: .jointBeyond(fixture: 0, value: 0.09))
        },
        expert: { o in
            let grip = o.object1 + Vec3(-0.05, 0, 0)
            if let reach = ExpertKit.grasp(o, at: grip, width: 0.024) { return reach }
            let hammer = o.object1, nail = o.object2
            // Line the hammer's front face up 1 cm before the nail, then swing through.
            let ready = Vec3(nail.x, nail.y - 0.04, nail.z)
            if hammer.z < nail.z - 0.01 { return ExpertKit.carry(o, held: hammer, to: Vec3(hammer.x, hammer.y, nail.z + 0.005)) }
            if ExpertKit.distanceXY(hammer, ready) > 0.008, hammer.y < ready.y + 0.005 || abs(hammer.x - ready.x) > 0.008 {
                return ExpertKit.carry(o, held: hammer, to: ready)
            }
            return ExpertKit.carry(o, held: hammer, to: Vec3(nail.x, o.goal.y - 0.02, nail.z))
        })

    // MARK: pegs

    /// The box with a square hole in its right face at (x = -0.3, y, z = 0.1), 5 cm across and 10 cm deep.
    static func holeBox(y: Double) -> [Obstacle] {
        let x0 = -0.4, x1 = -0.3
        return [
            SceneKit.block("hole box bottom", Vec3(x0 - 0.05, y - 0.08, 0), Vec3(x1, y + 0.08, 0.075)),
            SceneKit.block("hole box top", Vec3(x0 - 0.05, y - 0.08, 0.125), Vec3(x1, y + 0.08, 0.2)),
            SceneKit.block("hole box front", Vec3(x0 - 0.05, y - 0.08, 0.075), Vec3(x1, y - 0.025, 0.125)),
            SceneKit.block("hole box back", Vec3(x0 - 0.05, y + 0.025, 0.075), Vec3(x1, y + 0.08, 0.125)),
            SceneKit.block("hole box end", Vec3(x0 - 0.05, y - 0.025, 0.075), Vec3(x0, y + 0.025, 0.125)),
        ]
    }

    /// The peg: 20 cm long along x, 3 cm square; held 5 cm right of its centre; its tip is its left end.
    static func peg(at p: Vec3) -> Body {
        Body(name: "peg", shape: .box, half: Vec3(0.1, 0.015, 0.015), position: p, graspOffset: Vec3(0.05, 0, 0),
             gripWidth: 0.03, tipOffset: Vec3(-0.1, 0, 0), color: SceneKit.red)
    }

    static let pegInsertSide = MetaWorldTask(
        name: "peg-insert-side", group: .medium, instruction: "insert the peg into the hole from the side",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(0, 0.5, 0.015), Vec3(0.2, 0.7, 0.015))
            let y = rng.uniform(0.6, 0.8)
            return MetaWorldScene(world: SceneKit.world(bodies: [peg(at: p)], obstacles: holeBox(y: y)),
                                  goal: Vec3(-0.35, y, 0.1), object1: .bodyPoint(0, Vec3(-0.1, 0, 0)), object2: .body(0),
                                  success: .near(.bodyPoint(0, Vec3(-0.1, 0, 0)), threshold: 0.07))
        },
        expert: { o in
            let tip = o.object1, grip = o.object2 + Vec3(0.05, 0, 0)
            if let reach = ExpertKit.grasp(o, at: grip, width: 0.03) { return reach }
            let mouth = Vec3(-0.27, o.goal.y, o.goal.z)
            if tip.x > mouth.x + 0.005 && (abs(tip.y - mouth.y) > 0.004 || abs(tip.z - mouth.z) > 0.004) {
                if tip.z < mouth.z - 0.02 { return ExpertKit.carry(o, held: tip, to: Vec3(tip.x, tip.y, mouth.z)) }
                return ExpertKit.carry(o, held: tip, to: mouth)
            }
            return ExpertKit.carry(o, held: tip, to: o.goal - Vec3(0.02, 0, 0))
        })

    static let pegUnplugSide = MetaWorldTask(
        name: "peg-unplug-side", group: .easy, instruction: "unplug the peg from the hole",
        sample: { rng in
            let y = rng.uniform(0.6, 0.8)
            let start = Vec3(-0.26, y, 0.09)
            return MetaWorldScene(world: SceneKit.world(bodies: [peg(at: start)], obstacles: holeBox(y: y)),
                                  goal: start + Vec3(0.2, 0, 0), object1: .body(0),
                                  success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in
            let peg = o.object1
            if let reach = ExpertKit.grasp(o, at: peg + Vec3(0.05, 0, 0), width: 0.03, clearance: 0.06) { return reach }
            return ExpertKit.carry(o, held: peg, to: o.goal + Vec3(0.02, 0, 0))
        })

    // MARK: sticks

    /// The stick: 20 cm long along x, 2 cm thick, held 5 cm left of its centre; its tip is its right end.
    static func stick(at p: Vec3) -> Body {
        Body(name: "stick", shape: .box, half: Vec3(0.1, 0.01, 0.01), position: p, graspOffset: Vec3(-0.05, 0, 0),
             gripWidth: 0.02, tipOffset: Vec3(0.1, 0, 0), color: SceneKit.wood)
    }

    /// The thermos: 8 cm square, 12 cm high; for stick-pull, with a handle loop on its left side that a
    /// stick tip hooks into.
    static func thermos(at p: Vec3, loop: Bool) -> Body {
        Body(name: "thermos", shape: .cylinder, half: Vec3(0.04, 0.04, 0.06), position: p, graspable: false,
             hook: loop ? HookSlot(box: AABB(min: Vec3(-0.075, -0.02, -0.03), max: Vec3(-0.045, 0.02, 0.05))) : nil,
             color: SceneKit.blue)
    }

    static let stickPush = MetaWorldTask(
        name: "stick-push", group: .veryHard, instruction: "grasp the stick and push the thermos with it",
        sample: { rng in
            let s = SceneKit.draw(&rng, Vec3(-0.1, 0.55, 0.01), Vec3(0.0, 0.6, 0.01))
            let t = Vec3(rng.uniform(0.15, 0.2), s.y + rng.uniform(-0.02, 0.02), 0.06)
            let goal = Vec3(rng.uniform(0.38, 0.42), t.y, 0.06)
            let world = SceneKit.world(bodies: [stick(at: s), thermos(at: t, loop: false)])
            // As Meta-World's evaluate_state: the thermos near the goal while the stick is held over 1 cm above its start.
            return MetaWorldScene(world: world, goal: goal, object1: .body(0), object2: .body(1),
                                  success: .all([.near(.body(1), threshold: 0.12), .held(body: 0, above: world.bodies[0].position.z + 0.01)]))
        },
        expert: { o in
            let stick = o.object1, thermos = o.object2
            if let reach = ExpertKit.grasp(o, at: stick + Vec3(-0.05, 0, 0), width: 0.02) { return reach }
            let tip = stick + Vec3(0.1, 0, 0)
            let ready = Vec3(thermos.x - 0.06, thermos.y, 0.04)
            if tip.x < ready.x && (abs(tip.y - ready.y) > 0.005 || abs(tip.z - ready.z) > 0.005) {
                return ExpertKit.carry(o, held: tip, to: Vec3(min(tip.x, ready.x), ready.y, ready.z))
            }
            return ExpertKit.carry(o, held: tip, to: Vec3(o.goal.x - 0.02, ready.y, ready.z))
        })

    static let stickPull = MetaWorldTask(
        name: "stick-pull", group: .veryHard, instruction: "grasp the stick and pull the thermos with it",
        sample: { rng in
            let s = SceneKit.draw(&rng, Vec3(-0.1, 0.55, 0.01), Vec3(0.0, 0.6, 0.01))
            let t = SceneKit.draw(&rng, Vec3(0.15, 0.65, 0.06), Vec3(0.25, 0.72, 0.06))
            let goal = SceneKit.draw(&rng, Vec3(0.35, 0.45, 0.06), Vec3(0.45, 0.55, 0.06))
            return MetaWorldScene(world: SceneKit.world(bodies: [stick(at: s), thermos(at: t, loop: true)]), goal: goal,
                                  object1: .body(0), object2: .body(1),
                                  success: .all([.near(.body(1), threshold: 0.12), .hooked(tool: 0, target: 1)]))
        },
        expert: { o in
            let stick = o.object1, thermos = o.object2
            if let reach = ExpertKit.grasp(o, at: stick + Vec3(-0.05, 0, 0), width: 0.02) { return reach }
            let tip = stick + Vec3(0.1, 0, 0)
            let slot = thermos + Vec3(-0.06, 0, 0.01)
            let hooked = ExpertKit.distanceXY(tip, slot) < 0.012 && abs(tip.z - slot.z) < 0.02
            if hooked { return ExpertKit.carry(o, held: tip, to: o.goal + Vec3(-0.06, 0, 0.01)) }
            return ExpertKit.carryOver(o, held: tip, to: slot, height: 0.15, tolerance: 0.006)
        })

    // MARK: nut and peg

    /// The nut: a ring (hole radius 2 cm) with a handle; held by the handle 4.5 cm left of its centre,
    /// the ring's centre 3.5 cm right of it.
    static func nut(at p: Vec3) -> Body {
        Body(name: "nut", shape: .box, half: Vec3(0.07, 0.035, 0.01), position: p, graspOffset: Vec3(-0.045, 0, 0),
             gripWidth: 0.02, ringInnerRadius: 0.02, ringOffset: Vec3(0.035, 0, 0), color: SIMD3(0.2, 0.6, 0.3))
    }

    static func pegPost(at p: Vec3) -> Obstacle {
        Obstacle(name: "peg", box: AABB(min: Vec3(p.x - 0.012, p.y - 0.012, 0), max: Vec3(p.x + 0.012, p.y + 0.012, 0.12)),
                 postRadius: 0.012, color: SceneKit.red)
    }

    static let assembly = MetaWorldTask(
        name: "assembly", group: .hard, instruction: "pick up the nut and put it on the peg",
        sample: { rng in
            let n = SceneKit.draw(&rng, Vec3(-0.05, 0.55, 0.01), Vec3(0.05, 0.6, 0.01))
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.75, 0), Vec3(0.1, 0.85, 0))
            return MetaWorldScene(world: SceneKit.world(bodies: [nut(at: n)], obstacles: [pegPost(at: p)]),
                                  goal: Vec3(p.x, p.y, 0.05), object1: .bodyPoint(0, Vec3(-0.045, 0, 0)), object2: .ring(0),
                                  success: .threaded(ring: 0, post: 0, tolerance: 0.008, depth: 0.02))
        },
        expert: { o in
            let handle = o.object1, ring = o.object2
            if let reach = ExpertKit.grasp(o, at: handle, width: 0.02) { return reach }
            return ExpertKit.carryOver(o, held: ring, to: o.goal, height: 0.17, tolerance: 0.004)
        })

    static let disassemble = MetaWorldTask(
        name: "disassemble", group: .veryHard, instruction: "pick the nut off the peg",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.75, 0), Vec3(0.1, 0.8, 0))
            let n = Vec3(p.x - 0.035, p.y, 0.01)
            return MetaWorldScene(world: SceneKit.world(bodies: [nut(at: n)], obstacles: [pegPost(at: p)]),
                                  goal: Vec3(p.x, p.y, 0.17), object1: .bodyPoint(0, Vec3(-0.045, 0, 0)), object2: .ring(0),
                                  success: .above(.ring(0)))
        },
        expert: { o in
            let handle = o.object1
            if let reach = ExpertKit.grasp(o, at: handle, width: 0.02) { return reach }
            return ExpertKit.carry(o, held: o.object2, to: Vec3(o.object2.x, o.object2.y, o.goal.z + 0.05))
        })
}
