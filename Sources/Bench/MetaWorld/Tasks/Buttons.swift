/// Buttons pressed into their housings: button-press, button-press-topdown, button-press-topdown-wall,
/// button-press-wall, coffee-button. Each button travels 4 cm; success is the real task's bound on the
/// distance to the fully pressed position.
extension MetaWorldTasks {
    /// A button at `center` that slides `travel` metres along `axis` into its housing.
    static func button(at center: Vec3, axis: Vec3) -> Fixture {
        Fixture(name: "button", joint: .slide(axis: axis), lower: 0, upper: 0.04,
                parts: [FixturePart(name: "button", center: center, half: Vec3(repeating: 0.02), color: SceneKit.red)])
    }

    /// The scene of a button pressed horizontally (+y) out of a box whose front face is at y = `front`.
    static func frontButtonScene(x: Double, front: Double, z: Double, threshold: Double, extra: [Obstacle] = []) -> MetaWorldScene {
        let center = Vec3(x, front - 0.02, z)
        let box = SceneKit.block("button box", Vec3(x - 0.06, front, 0), Vec3(x + 0.06, front + 0.1, z + 0.08), color: SceneKit.red * 0.6)
        return MetaWorldScene(world: SceneKit.world(fixtures: [button(at: center, axis: Vec3(0, 1, 0))], obstacles: [box] + extra),
                              goal: center + Vec3(0, 0.04, 0), object1: .fixturePoint(0, center),
                              success: .near(.fixturePoint(0, center), threshold: threshold))
    }

    /// The scene of a button pressed down (-z) into a box on the table.
    static func topButtonScene(x: Double, y: Double, threshold: Double, extra: [Obstacle] = []) -> MetaWorldScene {
        let center = Vec3(x, y, 0.1)
        let box = SceneKit.block("button box", Vec3(x - 0.06, y - 0.06, 0), Vec3(x + 0.06, y + 0.06, 0.08), color: SceneKit.red * 0.6)
        return MetaWorldScene(world: SceneKit.world(fixtures: [button(at: center, axis: Vec3(0, 0, -1))], obstacles: [box] + extra),
                              goal: center - Vec3(0, 0, 0.04), object1: .fixturePoint(0, center),
                              success: .near(.fixturePoint(0, center), threshold: threshold))
    }

    static let buttonPress = MetaWorldTask(
        name: "button-press", group: .easy, instruction: "press the button",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.85, 0.115), Vec3(0.1, 0.9, 0.115))
            return frontButtonScene(x: p.x, front: p.y, z: p.z, threshold: 0.02)
        },
        expert: { o in ExpertKit.press(o, button: o.object1, direction: Vec3(0, 1, 0)) })

    static let buttonPressTopdown = MetaWorldTask(
        name: "button-press-topdown", group: .easy, instruction: "press the button from the top",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0), Vec3(0.1, 0.9, 0))
            return topButtonScene(x: p.x, y: p.y, threshold: 0.024)
        },
        expert: { o in ExpertKit.press(o, button: o.object1, direction: Vec3(0, 0, -1)) })

    static let buttonPressTopdownWall = MetaWorldTask(
        name: "button-press-topdown-wall", group: .easy, instruction: "press the button behind the wall from the top",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0), Vec3(0.1, 0.9, 0))
            let wall = SceneKit.block("wall", Vec3(p.x - 0.15, p.y - 0.12, 0), Vec3(p.x + 0.15, p.y - 0.1, 0.12))
            return topButtonScene(x: p.x, y: p.y, threshold: 0.024, extra: [wall])
        },
        expert: { o in ExpertKit.press(o, button: o.object1, direction: Vec3(0, 0, -1)) })

    static let buttonPressWall = MetaWorldTask(
        name: "button-press-wall", group: .easy, instruction: "press the button behind the wall",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.05, 0.85, 0.16), Vec3(0.05, 0.9, 0.16))
            let wall = SceneKit.block("wall", Vec3(p.x - 0.15, p.y - 0.14, 0), Vec3(p.x + 0.15, p.y - 0.12, 0.1))
            return frontButtonScene(x: p.x, front: p.y, z: p.z, threshold: 0.03, extra: [wall])
        },
        expert: { o in
            let hand = o.hand
            if hand.z < 0.14, hand.y < o.object1.y - 0.07 { return ExpertKit.action(hand, to: Vec3(hand.x, hand.y, 0.16), grab: 1) }
            return ExpertKit.press(o, button: o.object1, direction: Vec3(0, 1, 0))
        })

    static let coffeeButton = MetaWorldTask(
        name: "coffee-button", group: .easy, instruction: "push the button on the coffee machine",
        sample: { rng in
            let m = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0), Vec3(0.1, 0.9, 0))
            let center = Vec3(m.x, m.y - 0.02, 0.2)
            let machine = SceneKit.block("machine", Vec3(m.x - 0.1, m.y, 0), Vec3(m.x + 0.1, m.y + 0.15, 0.3), color: SceneKit.dark)
            let mug = Body(name: "mug", shape: .cylinder, half: Vec3(0.03, 0.03, 0.04), position: Vec3(m.x, m.y - 0.1, 0.04),
                           graspable: false, color: SIMD3(0.9, 0.9, 0.9))
            return MetaWorldScene(world: SceneKit.world(bodies: [mug], fixtures: [button(at: center, axis: Vec3(0, 1, 0))], obstacles: [machine]),
                                  goal: center + Vec3(0, 0.04, 0), object1: .fixturePoint(0, center), object2: .body(0),
                                  success: .near(.fixturePoint(0, center), threshold: 0.02))
        },
        expert: { o in
            let hand = o.hand
            if hand.z < 0.17 { return ExpertKit.action(hand, to: Vec3(hand.x, hand.y, 0.2), grab: 1) }
            return ExpertKit.press(o, button: o.object1, direction: Vec3(0, 1, 0))
        })
}
