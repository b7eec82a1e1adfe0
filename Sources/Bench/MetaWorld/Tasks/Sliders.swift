/// Slide-jointed fixtures moved by hooking or pushing a handle: drawer-open, drawer-close,
/// window-open, window-close.
extension MetaWorldTasks {
    /// A cabinet whose front is at y = `front`, with a drawer that slides 20 cm toward the robot (-y)
    /// and a bar handle 8 cm in front of the drawer face.
    static func drawerScene(x: Double, front: Double, opened: Double, goalOpening: Double, threshold: Double) -> MetaWorldScene {
        let handle = Vec3(x, front - 0.09, 0.08)
        let drawer = Fixture(name: "drawer", joint: .slide(axis: Vec3(0, -1, 0)), q: opened, lower: 0, upper: 0.2, parts: [
            FixturePart(name: "drawer front", center: Vec3(x, front - 0.01, 0.08), half: Vec3(0.1, 0.01, 0.06), color: SceneKit.wood),
            FixturePart(name: "drawer handle", center: handle, half: Vec3(0.06, 0.01, 0.01), role: .handle, color: SceneKit.dark),
            FixturePart(name: "drawer floor", center: Vec3(x, front + 0.1, 0.025), half: Vec3(0.09, 0.1, 0.005), color: SceneKit.wood),
        ])
        let cabinet = SceneKit.block("cabinet", Vec3(x - 0.11, front, 0), Vec3(x + 0.11, front + 0.22, 0.17))
        return MetaWorldScene(world: SceneKit.world(fixtures: [drawer], obstacles: [cabinet]),
                              goal: handle + Vec3(0, -goalOpening, 0), object1: .fixturePoint(0, handle),
                              success: .near(.fixturePoint(0, handle), threshold: threshold))
    }

    static let drawerOpen = MetaWorldTask(
        name: "drawer-open", group: .easy, instruction: "open the drawer",
        sample: { rng in
            let x = rng.uniform(-0.1, 0.1)
            return drawerScene(x: x, front: 0.9, opened: 0, goalOpening: 0.16, threshold: 0.03)
        },
        expert: { o in
            // Hook the fingers between the handle bar and the drawer face, then pull.
            let handle = o.object1, hand = o.hand
            let slot = handle + Vec3(0, 0.035, 0)
            let hooked = abs(hand.x - slot.x) < 0.01 && abs(hand.z - slot.z) < 0.01 && hand.y - handle.y > 0.015 && hand.y - handle.y < 0.055
            if !hooked { return ExpertKit.travel(o, to: slot, height: slot.z + 0.1) }
            return ExpertKit.action(hand, to: Vec3(slot.x, o.goal.y + 0.01, slot.z), grab: 1)
        })

    static let drawerClose = MetaWorldTask(
        name: "drawer-close", group: .easy, instruction: "close the drawer",
        sample: { rng in
            let x = rng.uniform(-0.1, 0.1)
            return drawerScene(x: x, front: 0.9, opened: 0.16, goalOpening: 0, threshold: 0.065)
        },
        expert: { o in ExpertKit.press(o, button: o.object1 - Vec3(0, 0.01, 0), direction: Vec3(0, 1, 0)) })

    /// A window whose sash slides 20 cm along +x in a frame at y = `y`, with a vertical bar handle
    /// 5 cm in front of the sash.
    static func windowScene(x: Double, y: Double, opened: Double, goalOpening: Double) -> MetaWorldScene {
        let handle = Vec3(x - 0.06, y - 0.05, 0.16)
        let sash = Fixture(name: "window", joint: .slide(axis: Vec3(1, 0, 0)), q: opened, lower: 0, upper: 0.2, parts: [
            FixturePart(name: "sash", center: Vec3(x, y, 0.16), half: Vec3(0.1, 0.01, 0.1), color: SIMD3(0.7, 0.85, 0.95)),
            FixturePart(name: "window handle", center: handle, half: Vec3(0.01, 0.01, 0.04), color: SceneKit.dark),
        ])
        let frame = SceneKit.block("window frame", Vec3(x - 0.15, y + 0.02, 0), Vec3(x + 0.35, y + 0.03, 0.3))
        return MetaWorldScene(world: SceneKit.world(fixtures: [sash], obstacles: [frame]),
                              goal: handle + Vec3(goalOpening, 0, 0), object1: .fixturePoint(0, handle),
                              success: .near(.fixturePoint(0, handle), threshold: 0.05))
    }

    static let windowOpen = MetaWorldTask(
        name: "window-open", group: .easy, instruction: "slide the window open",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.7, 0), Vec3(0.1, 0.9, 0))
            return windowScene(x: p.x, y: p.y, opened: 0, goalOpening: 0.2)
        },
        expert: { o in ExpertKit.pushAlong(o, point: o.object1, direction: Vec3(1, 0, 0), partHalf: 0.01, approach: Vec3(0, -1, 0)) })

    static let windowClose = MetaWorldTask(
        name: "window-close", group: .easy, instruction: "slide the window closed",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.7, 0), Vec3(0.1, 0.9, 0))
            return windowScene(x: p.x, y: p.y, opened: 0.2, goalOpening: 0)
        },
        expert: { o in ExpertKit.pushAlong(o, point: o.object1, direction: Vec3(-1, 0, 0), partHalf: 0.01, approach: Vec3(0, -1, 0)) })
}
