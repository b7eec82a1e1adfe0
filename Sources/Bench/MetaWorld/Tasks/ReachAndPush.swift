/// Reaching, and moving a puck, ball or mug along the table: reach, reach-wall, push, push-wall,
/// push-back, sweep, sweep-into, soccer, coffee-pull, coffee-push.
extension MetaWorldTasks {
    static let reach = MetaWorldTask(
        name: "reach", group: .easy, instruction: "reach the goal position",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.02), Vec3(0.1, 0.7, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.05), Vec3(0.1, 0.9, 0.3))
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)]), goal: goal,
                                  object1: .body(0), success: .near(.hand, threshold: 0.05))
        },
        expert: { o in ExpertKit.action(o.hand, to: o.goal, grab: 1) })

    /// The wall of reach-wall and pick-place-wall stands across the table between the hand and the goal.
    static let reachWall = MetaWorldTask(
        name: "reach-wall", group: .easy, instruction: "reach the goal position behind the wall",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.05, 0.6, 0.02), Vec3(0.05, 0.65, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(-0.05, 0.85, 0.05), Vec3(0.05, 0.9, 0.3))
            let wall = SceneKit.block("wall", Vec3(-0.2, 0.73, 0), Vec3(0.2, 0.76, 0.25))
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)], obstacles: [wall]),
                                  goal: goal, object1: .body(0), success: .near(.hand, threshold: 0.05))
        },
        expert: { o in
            let hand = o.hand
            if hand.y < 0.79 {
                let over = hand.z < 0.29 ? Vec3(o.goal.x, hand.y, 0.32) : Vec3(o.goal.x, 0.8, 0.32)
                return ExpertKit.action(hand, to: over, grab: 1)
            }
            return ExpertKit.action(hand, to: o.goal, grab: 1)
        })

    static let push = MetaWorldTask(
        name: "push", group: .hard, instruction: "push the puck to the goal",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.02), Vec3(0.1, 0.7, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.02), Vec3(0.1, 0.9, 0.02))
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)]), goal: goal,
                                  object1: .body(0), success: .near(.body(0), threshold: 0.05))
        },
        expert: { o in slide(o, to: o.goal) })

    static let pushBack = MetaWorldTask(
        name: "push-back", group: .hard, instruction: "push the puck back to the goal",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.02), Vec3(0.1, 0.85, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.02), Vec3(0.1, 0.7, 0.02))
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)]), goal: goal,
                                  object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in slide(o, to: o.goal) })

    /// The wall of push-wall leaves a passage on the right (x > 0.1).
    static let pushWall = MetaWorldTask(
        name: "push-wall", group: .medium, instruction: "push the puck around the wall to the goal",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.05, 0.6, 0.02), Vec3(0.05, 0.65, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(-0.05, 0.85, 0.02), Vec3(0.05, 0.9, 0.02))
            let wall = SceneKit.block("wall", Vec3(-0.25, 0.73, 0), Vec3(0.1, 0.76, 0.25))
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)], obstacles: [wall]),
                                  goal: goal, object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in
            let puck = o.object1
            guard !needsGrasp(o, puck) else { return ExpertKit.grasp(o, at: puck, width: 0.04)! }
            if puck.y < 0.8 {
                let waypoint = puck.x < 0.17 && puck.y < 0.7 ? Vec3(0.2, puck.y, 0.02) : Vec3(0.2, 0.83, 0.02)
                return ExpertKit.carry(o, held: puck, to: waypoint)
            }
            return ExpertKit.carry(o, held: puck, to: o.goal)
        })

    /// sweep: the puck goes over the table's right edge (x > 0.45) into a bin below.
    static let sweep = MetaWorldTask(
        name: "sweep", group: .medium, instruction: "sweep the puck off the table edge",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.02), Vec3(0.1, 0.7, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(0.49, 0.6, -0.3), Vec3(0.51, 0.7, -0.3))
            let edge = Hole(name: "table edge", minXY: SIMD2(0.45, 0), maxXY: SIMD2(2, 2), bottom: -0.32)
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)], holes: [edge]),
                                  goal: goal, object1: .body(0), success: .near(.body(0), threshold: 0.05))
        },
        expert: { o in
            let puck = o.object1
            if puck.z < 0 { return ExpertKit.action(o.hand, to: Vec3(0.3, o.hand.y, 0.1), grab: -1) }
            guard !needsGrasp(o, puck) else { return ExpertKit.grasp(o, at: puck, width: 0.04)! }
            let drop = Vec3(o.goal.x, o.goal.y, 0.02)
            if ExpertKit.distanceXY(puck, drop) < 0.006 { return SIMD4(0, 0, 0, -1) }
            return ExpertKit.carry(o, held: puck, to: drop)
        })

    /// sweep-into: the puck is pushed into a hole in the table.
    static let sweepInto = MetaWorldTask(
        name: "sweep-into", group: .medium, instruction: "sweep the puck into the hole",
        sample: { rng in
            let puck = SceneKit.draw(&rng, Vec3(-0.2, 0.6, 0.02), Vec3(0.2, 0.65, 0.02))
            let goal = SceneKit.draw(&rng, Vec3(-0.05, 0.8, 0.02), Vec3(0.05, 0.85, 0.02))
            let hole = Hole(name: "hole", minXY: SIMD2(goal.x - 0.04, goal.y - 0.04), maxXY: SIMD2(goal.x + 0.04, goal.y + 0.04), bottom: -0.04)
            return MetaWorldScene(world: SceneKit.world(bodies: [SceneKit.puck(at: puck)], holes: [hole]),
                                  goal: goal, object1: .body(0), success: .near(.body(0), threshold: 0.05))
        },
        expert: { o in
            ExpertKit.push(o, object: o.object1, half: SceneKit.puckHalf, to: o.goal, z: 0.02, clearance: 0.09)
        })

    /// soccer: a ball pushed into a goal frame with a net behind.
    static let soccer = MetaWorldTask(
        name: "soccer", group: .medium, instruction: "kick the ball into the goal",
        sample: { rng in
            let ball = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.025), Vec3(0.1, 0.7, 0.025))
            let goal = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.025), Vec3(0.1, 0.9, 0.025))
            let net = SceneKit.block("net", Vec3(goal.x - 0.12, goal.y + 0.08, 0), Vec3(goal.x + 0.12, goal.y + 0.09, 0.1), color: SceneKit.grey)
            let body = Body(name: "ball", shape: .sphere, half: Vec3(repeating: 0.025), position: ball, color: SceneKit.dark)
            return MetaWorldScene(world: SceneKit.world(bodies: [body], obstacles: [net]), goal: goal,
                                  object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in ExpertKit.push(o, object: o.object1, half: 0.025, to: o.goal, z: 0.025, clearance: 0.1) })

    /// The coffee machine of coffee-pull and coffee-push: a block with a spout overhanging the mug's place.
    static func coffeeMachine(at m: Vec3) -> [Obstacle] {
        [SceneKit.block("machine", Vec3(m.x - 0.1, m.y + 0.08, 0), Vec3(m.x + 0.1, m.y + 0.25, 0.3), color: SceneKit.dark),
         SceneKit.block("spout", Vec3(m.x - 0.04, m.y - 0.03, 0.2), Vec3(m.x + 0.04, m.y + 0.08, 0.26), color: SceneKit.dark)]
    }

    static func mug(at p: Vec3) -> Body {
        Body(name: "mug", shape: .cylinder, half: Vec3(0.03, 0.03, 0.04), position: p, color: SIMD3(0.9, 0.9, 0.9))
    }

    static let coffeePull = MetaWorldTask(
        name: "coffee-pull", group: .medium, instruction: "pull the mug from the coffee machine",
        sample: { rng in
            let spot = SceneKit.draw(&rng, Vec3(-0.05, 0.7, 0.04), Vec3(0.05, 0.75, 0.04))
            let goal = SceneKit.draw(&rng, Vec3(-0.1, 0.55, 0.04), Vec3(0.1, 0.65, 0.04))
            return MetaWorldScene(world: SceneKit.world(bodies: [mug(at: spot)], obstacles: coffeeMachine(at: spot)),
                                  goal: goal, object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: { o in
            // Stay below the spout (its underside is 20 cm up).
            if o.hand.z > 0.14 { return ExpertKit.action(o.hand, to: Vec3(o.hand.x, o.hand.y, 0.11), grab: -1) }
            return moveMug(o)
        })

    static let coffeePush = MetaWorldTask(
        name: "coffee-push", group: .medium, instruction: "push the mug under the coffee machine",
        sample: { rng in
            let start = SceneKit.draw(&rng, Vec3(-0.1, 0.55, 0.04), Vec3(0.1, 0.65, 0.04))
            let spot = SceneKit.draw(&rng, Vec3(-0.05, 0.75, 0.04), Vec3(0.05, 0.8, 0.04))
            return MetaWorldScene(world: SceneKit.world(bodies: [mug(at: start)], obstacles: coffeeMachine(at: spot)),
                                  goal: spot, object1: .body(0), success: .near(.body(0), threshold: 0.07))
        },
        expert: moveMug)

    /// Grasp the mug and slide it to the goal.
    static func moveMug(_ o: MetaWorldObservation) -> SIMD4<Double> {
        if let reach = ExpertKit.grasp(o, at: o.object1, width: 0.06, clearance: 0.07) { return reach }
        return ExpertKit.carry(o, held: o.object1, to: o.goal)
    }

    /// True when the puck at `puck` is not yet held (fingers closed at its 4 cm width).
    static func needsGrasp(_ o: MetaWorldObservation, _ puck: Vec3) -> Bool {
        !ExpertKit.holding(o, grasp: puck, width: 2 * SceneKit.puckHalf)
    }

    /// Grasp the puck and slide it along the table to `target`.
    static func slide(_ o: MetaWorldObservation, to target: Vec3) -> SIMD4<Double> {
        let puck = o.object1
        if let reach = ExpertKit.grasp(o, at: puck, width: 2 * SceneKit.puckHalf) { return reach }
        return ExpertKit.carry(o, held: puck, to: Vec3(target.x, target.y, 0.02))
    }
}
