import Foundation

/// Parts turned about a hinge by pushing them around: lever-pull, dial-turn, faucet-open, faucet-close.
extension MetaWorldTasks {
    /// The lever: 16 cm long, pointing at the robot (-y) from a pivot 15 cm up; pulling turns it up
    /// to vertical (q = pi/2).
    static let leverHinge = HingeModel(axis: Vec3(-1, 0, 0), offset: Vec3(0, -0.16, 0))

    static let leverPull = MetaWorldTask(
        name: "lever-pull", group: .easy, instruction: "pull the lever up",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.7, 0.15), Vec3(0.1, 0.8, 0.15))
            let lever = Fixture(name: "lever", joint: .hinge(axis: Vec3(-1, 0, 0), pivot: p), lower: 0, upper: .pi / 2 + 0.05,
                                parts: FixturePart.segments(name: "lever arm", center: p + Vec3(0, -0.08, 0), half: Vec3(0.01, 0.08, 0.01),
                                                            axis: 1, count: 8, color: SceneKit.red))
            let base = SceneKit.block("lever base", Vec3(p.x - 0.04, p.y + 0.01, 0), Vec3(p.x + 0.04, p.y + 0.1, 0.25), color: SceneKit.grey)
            let tip = p + leverHinge.offset
            return MetaWorldScene(world: SceneKit.world(fixtures: [lever], obstacles: [base]),
                                  goal: p + Geometry.rotate(leverHinge.offset, about: leverHinge.axis, angle: .pi / 2),
                                  object1: .fixturePoint(0, tip), success: .jointNear(fixture: 0, target: .pi / 2, tolerance: .pi / 24))
        },
        expert: { o in rotate(o, hinge: leverHinge, sign: 1, partHalf: 0.01, approach: Vec3(0, -1, 0)) })

    /// The faucet handle: a 10 cm pointer turned a quarter turn.
    static let pointerHinge = HingeModel(axis: Vec3(0, 0, 1), offset: Vec3(0, -0.1, 0))
    /// The dial: a pointer as long as Meta-World's dial radius (5 cm).
    static let dialHinge = HingeModel(axis: Vec3(0, 0, 1), offset: Vec3(0, -0.05, 0))

    /// A knob at `pivot` with a pointer of `hinge`'s length (toward -y at q = 0) on a base of height
    /// `pivot.z - 0.01`; the goal is the pointer's end turned to `target`.
    static func knobScene(name: String, pivot: Vec3, start: Double, target: Double, baseHalf: Double,
                          hinge: HingeModel = pointerHinge) -> MetaWorldScene {
        let length = -hinge.offset.y
        let knob = Fixture(name: name, joint: .hinge(axis: Vec3(0, 0, 1), pivot: pivot), q: start, lower: -2, upper: 2,
                           parts: FixturePart.segments(name: "\(name) pointer", center: pivot + Vec3(0, -length / 2, 0),
                                                       half: Vec3(0.006, length / 2, 0.01), axis: 1, count: 5, color: SceneKit.red))
        let base = SceneKit.block("\(name) base", Vec3(pivot.x - baseHalf, pivot.y - baseHalf, 0),
                                  Vec3(pivot.x + baseHalf, pivot.y + baseHalf, pivot.z - 0.01), color: SceneKit.grey)
        let tip = pivot + hinge.offset
        return MetaWorldScene(world: SceneKit.world(fixtures: [knob], obstacles: [base]),
                              goal: pivot + Geometry.rotate(hinge.offset, about: Vec3(0, 0, 1), angle: target),
                              object1: .fixturePoint(0, tip), success: .near(.fixturePoint(0, tip), threshold: 0.07))
    }

    /// Meta-World's dial-turn goal: 3 cm behind and 3 cm above the dial's centre
    /// (`sawyer_dial_turn_v3.py`: the sampled position + (0, 0.03, 0.03)). The pointer's end, 5 cm out,
    /// comes within the 7 cm success radius of it only once the dial has turned at least
    /// acos(0.2) (78.5 degrees) either way.
    static let dialGoalOffset = Vec3(0, 0.03, 0.03)

    static let dialTurn = MetaWorldTask(
        name: "dial-turn", group: .easy, instruction: "turn the dial",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.7, 0.06), Vec3(0.1, 0.8, 0.06))
            var scene = knobScene(name: "dial", pivot: p, start: 0, target: .pi / 2, baseHalf: 0.04, hinge: dialHinge)
            scene.goal = p + dialGoalOffset
            return scene
        },
        expert: { o in rotate(o, hinge: dialHinge, sign: 1, partHalf: 0.006, approach: Vec3(0, 0, 1)) })

    static let faucetOpen = MetaWorldTask(
        name: "faucet-open", group: .easy, instruction: "turn the faucet handle to open it",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.12), Vec3(0.1, 0.85, 0.12))
            return knobScene(name: "faucet", pivot: p, start: 0, target: .pi / 2, baseHalf: 0.03)
        },
        expert: { o in rotate(o, hinge: pointerHinge, sign: 1, partHalf: 0.006, approach: Vec3(0, 0, 1)) })

    static let faucetClose = MetaWorldTask(
        name: "faucet-close", group: .easy, instruction: "turn the faucet handle to close it",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.12), Vec3(0.1, 0.85, 0.12))
            return knobScene(name: "faucet", pivot: p, start: .pi / 2, target: 0, baseHalf: 0.03)
        },
        expert: { o in rotate(o, hinge: pointerHinge, sign: -1, partHalf: 0.006, approach: Vec3(0, 0, 1)) })

    /// Turns a hinged part by pushing it 85% of the way out to its observed tip, in the direction of
    /// growing (`sign` = 1) or shrinking (-1) angle.
    static func rotate(_ o: MetaWorldObservation, hinge: HingeModel, sign: Double, partHalf: Double, approach: Vec3) -> SIMD4<Double> {
        let angle = hinge.angle(o.quaternion1)
        let pivot = hinge.pivot(point: o.object1, angle: angle)
        let point = hinge.point(0.85, pivot: pivot, angle: angle)
        return ExpertKit.pushAlong(o, point: point, direction: hinge.tangent(at: point, pivot: pivot) * sign, partHalf: partHalf, approach: approach)
    }
}
