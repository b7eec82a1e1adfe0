/// Picking an object up and putting it somewhere: pick-place, pick-place-wall, shelf-place,
/// bin-picking, hand-insert, pick-out-of-hole, basketball, box-close.
extension MetaWorldTasks {
    static let pickPlace = MetaWorldTask(
        name: "pick-place", group: .hard, instruction: "pick up the puck and place it at the goal",
        sample: { rng in
            var puck: Vec3, goal: Vec3
            repeat {
                puck = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.02), Vec3(0.1, 0.7, 0.02))
                goal = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.05), Vec3(0.1, 0.9, 0.3))
            } while ExpertKit.distanceXY(puck, goal) < 0.15
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)]), goal: goal,
                                  object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in
            let puck = o.object1
            if let reach = ExpertKit.grasp(o, at: puck, width: 0.04) { return reach }
            return ExpertKit.carry(o, held: puck, to: o.goal)
        })

    static let pickPlaceWall = MetaWorldTask(
        name: "pick-place-wall", group: .veryHard, instruction: "pick up the puck and place it at the goal behind the wall",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.05, 0.6, 0.02), Vec3(0.05, 0.65, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(-0.05, 0.85, 0.05), Vec3(0.05, 0.9, 0.3))
            let wall = SceneKit.block("wall", Vec3(-0.2, 0.73, 0), Vec3(0.2, 0.76, 0.12))
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)], obstacles: [wall]),
                                  goal: goal, object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in
            let puck = o.object1
            if let reach = ExpertKit.grasp(o, at: puck, width: 0.04) { return reach }
            if puck.y < 0.81 {
                let over = puck.z < 0.17 ? Vec3(puck.x, puck.y, 0.2) : Vec3(o.goal.x, 0.83, 0.2)
                return ExpertKit.carry(o, held: puck, to: over)
            }
            return ExpertKit.carry(o, held: puck, to: o.goal)
        })

    /// shelf-place: a three-board shelf open toward the robot; the goal is on the middle board.
    static let shelfPlace = MetaWorldTask(
        name: "shelf-place", group: .veryHard, instruction: "pick up the block and place it on the shelf",
        sample: { rng in
            let block = SceneKit.draw(&rng, Vec3(-0.1, 0.5, 0.02), Vec3(0.1, 0.6, 0.02))
            let s = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.3), Vec3(0.1, 0.9, 0.3))
            let shelf = [
                SceneKit.block("shelf back", Vec3(s.x - 0.11, s.y + 0.06, 0), Vec3(s.x + 0.11, s.y + 0.07, 0.45)),
                SceneKit.block("shelf left", Vec3(s.x - 0.11, s.y - 0.06, 0), Vec3(s.x - 0.1, s.y + 0.06, 0.45)),
                SceneKit.block("shelf right", Vec3(s.x + 0.1, s.y - 0.06, 0), Vec3(s.x + 0.11, s.y + 0.06, 0.45)),
                SceneKit.block("shelf low", Vec3(s.x - 0.1, s.y - 0.06, 0.13), Vec3(s.x + 0.1, s.y + 0.06, 0.14)),
                SceneKit.block("shelf middle", Vec3(s.x - 0.1, s.y - 0.06, 0.27), Vec3(s.x + 0.1, s.y + 0.06, 0.28)),
                SceneKit.block("shelf top", Vec3(s.x - 0.1, s.y - 0.06, 0.42), Vec3(s.x + 0.1, s.y + 0.06, 0.43)),
            ]
            let body = Body(name: "block", shape: .box, half: Vec3(repeating: 0.02), position: block, color: SceneKit.blue)
            return MetaWorldScene(world: SceneKit.world(bodies: [body], obstacles: shelf), goal: s,
                                  object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in
            let block = o.object1, goal = o.goal
            if let reach = ExpertKit.grasp(o, at: block, width: 0.04) { return reach }
            let level = goal.z + 0.012
            // Lift to the board's height in front of the shelf, line up, then slide in.
            if abs(block.x - goal.x) > 0.008 || abs(block.z - level) > 0.008 {
                if block.z < level - 0.01 { return ExpertKit.carry(o, held: block, to: Vec3(block.x, block.y, level)) }
                return ExpertKit.carry(o, held: block, to: Vec3(goal.x, min(block.y, goal.y - 0.12), level))
            }
            if ExpertKit.distanceXY(block, goal) < 0.01 { return SIMD4(0, 0, 0, -1) }
            return ExpertKit.carry(o, held: block, to: Vec3(goal.x, goal.y, level))
        })

    /// bin-picking: two open bins side by side; the puck goes from the left bin into the right one.
    static let binPicking = MetaWorldTask(
        name: "bin-picking", group: .medium, instruction: "move the puck from one bin into the other",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.22, 0.66, 0.02), Vec3(-0.08, 0.74, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(0.1, 0.66, 0.02), Vec3(0.2, 0.74, 0.02))
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)],
                                                        obstacles: bin(Vec3(-0.15, 0.7, 0)) + bin(Vec3(0.15, 0.7, 0))),
                                  goal: goal, object1: .body(0), success: .near(.body(0), threshold: 0.05))
        },
        expert: { o in
            let puck = o.object1
            if let reach = ExpertKit.grasp(o, at: puck, width: 0.04) { return reach }
            return ExpertKit.carryOver(o, held: puck, to: o.goal, height: 0.15)
        })

    /// An open bin 24 cm square inside with 8 cm walls, centred at `c`.
    static func bin(_ c: Vec3) -> [Obstacle] {
        let inner = 0.12, t = 0.01, h = 0.08
        return [
            SceneKit.block("bin wall", Vec3(c.x - inner - t, c.y - inner - t, 0), Vec3(c.x + inner + t, c.y - inner, h), color: SceneKit.grey),
            SceneKit.block("bin wall", Vec3(c.x - inner - t, c.y + inner, 0), Vec3(c.x + inner + t, c.y + inner + t, h), color: SceneKit.grey),
            SceneKit.block("bin wall", Vec3(c.x - inner - t, c.y - inner, 0), Vec3(c.x - inner, c.y + inner, h), color: SceneKit.grey),
            SceneKit.block("bin wall", Vec3(c.x + inner, c.y - inner, 0), Vec3(c.x + inner + t, c.y + inner, h), color: SceneKit.grey),
        ]
    }

    /// hand-insert: the puck goes into a 4 cm deep square hole in the table.
    static let handInsert = MetaWorldTask(
        name: "hand-insert", group: .hard, instruction: "insert the puck into the hole",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.02), Vec3(0.1, 0.7, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(-0.04, 0.8, -0.02), Vec3(0.04, 0.88, -0.02))
            let hole = Hole(name: "hole", minXY: SIMD2(goal.x - 0.08, goal.y - 0.08), maxXY: SIMD2(goal.x + 0.08, goal.y + 0.08), bottom: -0.04)
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)], holes: [hole]),
                                  goal: goal, object1: .body(0), success: .near(.body(0), threshold: 0.05))
        },
        expert: { o in
            let puck = o.object1
            if let reach = ExpertKit.grasp(o, at: puck, width: 0.04) { return reach }
            return ExpertKit.carryOver(o, held: puck, to: o.goal, height: 0.06)
        })

    /// pick-out-of-hole: the puck starts at the bottom of a 6 cm deep hole.
    static let pickOutOfHole = MetaWorldTask(
        name: "pick-out-of-hole", group: .hard, instruction: "pick the puck out of the hole",
        sample: { rng in
            let hole = SceneKit.draw(&rng, Vec3(-0.05, 0.75, -0.04), Vec3(0.05, 0.8, -0.04))
            let goal = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.15), Vec3(0.1, 0.7, 0.3))
            let h = Hole(name: "hole", minXY: SIMD2(hole.x - 0.08, hole.y - 0.08), maxXY: SIMD2(hole.x + 0.08, hole.y + 0.08), bottom: -0.06)
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: hole)], holes: [h]),
                                  goal: goal, object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in
            let puck = o.object1
            if let reach = ExpertKit.grasp(o, at: puck, width: 0.04) { return reach }
            if puck.z < 0.05 { return ExpertKit.carry(o, held: puck, to: Vec3(puck.x, puck.y, 0.08)) }
            return ExpertKit.carry(o, held: puck, to: o.goal)
        })

    /// basketball: a hoop on a backboard; the goal is the centre of the rim.
    static let basketball = MetaWorldTask(
        name: "basketball", group: .medium, instruction: "dunk the basketball into the hoop",
        sample: { rng in
            let ball = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.025), Vec3(0.1, 0.7, 0.025))
            let hoop = SceneKit.draw(&rng, Vec3(-0.1, 0.85, 0), Vec3(0.1, 0.9, 0))
            let board = [
                SceneKit.block("backboard", Vec3(hoop.x - 0.1, hoop.y + 0.02, 0.2), Vec3(hoop.x + 0.1, hoop.y + 0.03, 0.4), color: SIMD3(0.95, 0.95, 0.95)),
                SceneKit.block("pole", Vec3(hoop.x - 0.01, hoop.y + 0.02, 0), Vec3(hoop.x + 0.01, hoop.y + 0.03, 0.2), color: SceneKit.grey),
            ]
            let body = Body(name: "ball", shape: .sphere, half: Vec3(repeating: 0.025), position: ball, color: SIMD3(0.9, 0.45, 0.1))
            return MetaWorldScene(world: SceneKit.world(bodies: [body], obstacles: board),
                                  goal: Vec3(hoop.x, hoop.y - 0.08, 0.3), object1: .body(0),
                                  success: .near(.body(0), threshold: 0.08))
        },
        expert: { o in
            let ball = o.object1
            if let reach = ExpertKit.grasp(o, at: ball, width: 0.05) { return reach }
            return ExpertKit.carryOver(o, held: ball, to: o.goal, height: o.goal.z + 0.08)
        })

    /// box-close: a flat lid with a knob, to be put on an open box.
    static let boxClose = MetaWorldTask(
        name: "box-close", group: .medium, instruction: "pick up the lid and close the box",
        sample: { rng in
            let lid = SceneKit.draw(&rng, Vec3(-0.05, 0.5, 0.008), Vec3(0.05, 0.55, 0.008))
            let box = SceneKit.draw(&rng, Vec3(-0.1, 0.75, 0), Vec3(0.1, 0.8, 0))
            let inner = 0.05, t = 0.01, h = 0.08
            let walls = [
                SceneKit.block("box wall", Vec3(box.x - inner - t, box.y - inner - t, 0), Vec3(box.x + inner + t, box.y - inner, h)),
                SceneKit.block("box wall", Vec3(box.x - inner - t, box.y + inner, 0), Vec3(box.x + inner + t, box.y + inner + t, h)),
                SceneKit.block("box wall", Vec3(box.x - inner - t, box.y - inner, 0), Vec3(box.x - inner, box.y + inner, h)),
                SceneKit.block("box wall", Vec3(box.x + inner, box.y - inner, 0), Vec3(box.x + inner + t, box.y + inner, h)),
            ]
            let body = Body(name: "lid", shape: .box, half: Vec3(0.06, 0.06, 0.008), position: lid,
                            graspOffset: Vec3(0, 0, 0.03), gripWidth: 0.02, color: SceneKit.wood)
            return MetaWorldScene(world: SceneKit.world(bodies: [body], obstacles: walls),
                                  goal: Vec3(box.x, box.y, h + 0.008), object1: .bodyPoint(0, Vec3(0, 0, 0.03)),
                                  success: .near(.body(0), threshold: 0.08, strict: true))
        },
        expert: { o in
            let knob = o.object1
            if let reach = ExpertKit.grasp(o, at: knob, width: 0.02, clearance: 0.06) { return reach }
            let target = o.goal + Vec3(0, 0, 0.03)
            if ExpertKit.distanceXY(knob, target) <= 0.01, knob.z - target.z < 0.01 { return SIMD4(0, 0, 0, -1) }
            return ExpertKit.carryOver(o, held: knob, to: target, height: 0.16)
        })
}
