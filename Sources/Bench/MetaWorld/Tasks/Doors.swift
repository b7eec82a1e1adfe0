import Foundation

/// A hinged door on a safe, and the safe's lock lever: door-open, door-close, door-lock, door-unlock.
extension MetaWorldTasks {
    /// The door: 20 cm wide, 30 cm high, hinged on its right edge at `hinge`, swinging toward the
    /// robot as q grows; a vertical bar handle 8 cm in front of it near its left edge.
    static let doorHandleOffset = Vec3(-0.17, -0.08, 0.15)
    static let doorHinge = HingeModel(axis: Vec3(0, 0, 1), offset: doorHandleOffset)

    static func doorScene(hinge: Vec3, opened: Double, goalAngle: Double, success: (Vec3) -> SuccessRule) -> MetaWorldScene {
        let handle = hinge + doorHandleOffset
        let panel = FixturePart.segments(name: "door panel", center: hinge + Vec3(-0.1, 0, 0.15), half: Vec3(0.1, 0.01, 0.15),
                                         axis: 0, count: 10, color: SceneKit.grey)
        let door = Fixture(name: "door", joint: .hinge(axis: Vec3(0, 0, 1), pivot: hinge), q: opened, lower: 0, upper: 1.7,
                           parts: panel + [FixturePart(name: "door handle", center: handle, half: Vec3(0.01, 0.01, 0.05), role: .handle, color: SceneKit.dark)])
        let safe = SceneKit.block("safe", Vec3(hinge.x - 0.2, hinge.y + 0.01, 0), Vec3(hinge.x, hinge.y + 0.2, 0.3), color: SceneKit.dark)
        let goal = hinge + Geometry.rotate(doorHandleOffset, about: Vec3(0, 0, 1), angle: goalAngle)
        return MetaWorldScene(world: SceneKit.world(fixtures: [door], obstacles: [safe]), goal: goal,
                              object1: .fixturePoint(0, handle), success: success(handle))
    }

    static let doorOpen = MetaWorldTask(
        name: "door-open", group: .easy, instruction: "open the door",
        sample: { rng in
            let hinge = SceneKit.draw(&rng, Vec3(0.05, 0.85, 0), Vec3(0.15, 0.95, 0))
            return doorScene(hinge: hinge, opened: 0, goalAngle: .pi / 2) { handle in
                .nearAlong(.fixturePoint(0, handle), axis: 0, threshold: 0.08)
            }
        },
        expert: { o in
            let handle = o.object1
            if let reach = ExpertKit.grasp(o, at: handle, width: 0.02, clearance: 0.1) { return reach }
            return ExpertKit.action(o.hand, to: o.goal, grab: 1)
        })

    static let doorClose = MetaWorldTask(
        name: "door-close", group: .easy, instruction: "close the door",
        sample: { rng in
            let hinge = SceneKit.draw(&rng, Vec3(0.05, 0.85, 0), Vec3(0.15, 0.95, 0))
            return doorScene(hinge: hinge, opened: .pi / 2, goalAngle: 0) { handle in
                .near(.fixturePoint(0, handle), threshold: 0.08)
            }
        },
        expert: { o in
            // Push the panel's outer face, 7 cm out from the hinge (clear of the handle), toward closing;
            // come around the open door's free end.
            let angle = doorHinge.angle(o.quaternion1)
            let pivot = doorHinge.pivot(point: o.object1, angle: angle)
            let point = Vec3(pivot.x, pivot.y, 0.15) + Geometry.rotate(Vec3(-0.07, 0, 0), about: Vec3(0, 0, 1), angle: angle)
            let closing = doorHinge.tangent(at: point, pivot: Vec3(pivot.x, pivot.y, 0.15)) * -1
            return ExpertKit.pushAlong(o, point: point, direction: closing, partHalf: 0.01, approach: Vec3(1, 0, 0),
                                       via: Vec3(pivot.x + 0.2, pivot.y - 0.3, 0.15))
        })

    /// The lock: a 8 cm lever on the safe's front, hinged about y; q = 0 points it along +x
    /// (unlocked), q = pi/2 points it down (locked).
    static let lockTip = Vec3(0.08, 0, 0)
    static let lockHinge = HingeModel(axis: Vec3(0, 1, 0), offset: lockTip)

    static func lockScene(pivot: Vec3, locked: Bool) -> MetaWorldScene {
        let lever = Fixture(name: "lock", joint: .hinge(axis: Vec3(0, 1, 0), pivot: pivot), q: locked ? .pi / 2 : 0,
                            lower: 0, upper: .pi / 2,
                            parts: FixturePart.segments(name: "lock lever", center: pivot + Vec3(0.045, 0, 0), half: Vec3(0.035, 0.01, 0.01),
                                                        axis: 0, count: 4, color: SceneKit.red))
        let safe = SceneKit.block("safe", Vec3(pivot.x - 0.2, pivot.y + 0.025, 0), Vec3(pivot.x + 0.12, pivot.y + 0.2, 0.3), color: SceneKit.dark)
        let tip = pivot + lockTip
        let goal = pivot + Geometry.rotate(lockTip, about: Vec3(0, 1, 0), angle: locked ? 0 : .pi / 2)
        return MetaWorldScene(world: SceneKit.world(fixtures: [lever], obstacles: [safe]), goal: goal,
                              object1: .fixturePoint(0, tip), success: .near(.fixturePoint(0, tip), threshold: 0.02))
    }

    static let doorLock = MetaWorldTask(
        name: "door-lock", group: .easy, instruction: "lock the door by turning the lock down",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.15), Vec3(0.1, 0.85, 0.15))
            return lockScene(pivot: p, locked: false)
        },
        expert: { o in rotate(o, hinge: lockHinge, sign: 1, partHalf: 0.01, approach: Vec3(0, 0, 1)) })

    static let doorUnlock = MetaWorldTask(
        name: "door-unlock", group: .easy, instruction: "unlock the door by turning the lock up",
        sample: { rng in
            let p = SceneKit.draw(&rng, Vec3(-0.1, 0.8, 0.15), Vec3(0.1, 0.85, 0.15))
            return lockScene(pivot: p, locked: true)
        },
        expert: { o in rotate(o, hinge: lockHinge, sign: -1, partHalf: 0.01, approach: Vec3(0, -1, 0)) })
}
