/// Handles that slide up and down out of a box: handle-press, handle-press-side, handle-pull,
/// handle-pull-side. The bar sticks out 12 cm from the box, toward the robot (-y) or to the left
/// (-x, the "side" tasks), and travels 10 cm.
extension MetaWorldTasks {
    static func handleScene(base: Vec3, side: Bool, startZ: Double, down: Bool, threshold: Double) -> MetaWorldScene {
        let out = side ? Vec3(-1, 0, 0) : Vec3(0, -1, 0)
        let barCenter = Vec3(base.x, base.y, startZ) + out * 0.06
        let barHalf = side ? Vec3(0.06, 0.015, 0.01) : Vec3(0.015, 0.06, 0.01)
        let end = Vec3(base.x, base.y, startZ) + out * 0.1
        let handle = Fixture(name: "handle", joint: .slide(axis: Vec3(0, 0, down ? -1 : 1)), lower: 0, upper: 0.1, parts: [
            FixturePart(name: "handle bar", center: barCenter, half: barHalf, color: SceneKit.red),
        ])
        let boxMin = side ? Vec3(base.x, base.y - 0.05, 0) : Vec3(base.x - 0.05, base.y, 0)
        let boxMax = side ? Vec3(base.x + 0.1, base.y + 0.05, 0.25) : Vec3(base.x + 0.05, base.y + 0.1, 0.25)
        let box = SceneKit.block("handle box", boxMin, boxMax, color: SceneKit.grey)
        let goal = end + Vec3(0, 0, down ? -0.1 : 0.1)
        return MetaWorldScene(world: SceneKit.world(fixtures: [handle], obstacles: [box]), goal: goal,
                              object1: .fixturePoint(0, end), success: .near(.fixturePoint(0, end), threshold: threshold))
    }

    /// Pressing: come down on the bar 1 cm in from its end.
    static func pressHandle(_ o: MetaWorldObservation, inward: Vec3) -> SIMD4<Double> {
        ExpertKit.press(o, button: o.object1 + inward * 0.01 + Vec3(0, 0, 0.025), direction: Vec3(0, 0, -1))
    }

    /// Pulling: get under the bar from outside its end, then push it up.
    static func pullHandle(_ o: MetaWorldObservation, inward: Vec3) -> SIMD4<Double> {
        let under = o.object1 + inward * 0.02 - Vec3(0, 0, 0.056)
        let entry = under - inward * 0.06
        // Side handles: come from the front so as to pass the handle's box.
        let via = entry + Vec3(0, -0.1, 0)
        let hand = o.hand
        if Geometry.distance(hand, under) < 0.012 {
            return ExpertKit.action(hand, to: under + Vec3(0, 0, 0.05), grab: 1)
        }
        if ExpertKit.onSegment(hand, entry, under, tolerance: 0.012) {
            return ExpertKit.action(hand, to: under, grab: 1)
        }
        if inward.x != 0, !ExpertKit.onSegment(hand, via, entry, tolerance: 0.012) {
            return ExpertKit.action(hand, to: via, grab: 1)
        }
        return ExpertKit.action(hand, to: entry, grab: 1)
    }

    static let handlePress = MetaWorldTask(
        name: "handle-press", group: .easy, instruction: "press the handle down",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0), Vec3(0.1, 0.9, 0))
            return handleScene(base: p, side: false, startZ: 0.18, down: true, threshold: 0.02)
        },
        expert: { o in pressHandle(o, inward: Vec3(0, 1, 0)) })

    static let handlePressSide = MetaWorldTask(
        name: "handle-press-side", group: .easy, instruction: "press the handle down sideways",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.25, 0.65, 0), Vec3(-0.15, 0.75, 0))
            return handleScene(base: p, side: true, startZ: 0.18, down: true, threshold: 0.02)
        },
        expert: { o in pressHandle(o, inward: Vec3(1, 0, 0)) })

    static let handlePull = MetaWorldTask(
        name: "handle-pull", group: .easy, instruction: "pull the handle up",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0), Vec3(0.1, 0.9, 0))
            return handleScene(base: p, side: false, startZ: 0.08, down: false, threshold: 0.05)
        },
        expert: { o in pullHandle(o, inward: Vec3(0, 1, 0)) })

    static let handlePullSide = MetaWorldTask(
        name: "handle-pull-side", group: .easy, instruction: "pull the handle up sideways",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.25, 0.65, 0), Vec3(-0.15, 0.75, 0))
            return handleScene(base: p, side: true, startZ: 0.08, down: false, threshold: 0.08)
        },
        expert: { o in pullHandle(o, inward: Vec3(1, 0, 0)) })
}
