/// A flat plate pushed along the table into or out of a goal slot: plate-slide, plate-slide-side,
/// plate-slide-back, plate-slide-back-side. A low wall closes the far side of the slot.
extension MetaWorldTasks {
    static let plateHalf = 0.04

    static func plateScene(plate: Vec3, goal: Vec3, wall: Obstacle) -> MetaWorldScene {
        let body = Body(name: "plate", shape: .cylinder, half: Vec3(plateHalf, plateHalf, 0.01), position: plate,
                        graspable: false, color: SIMD3(0.85, 0.85, 0.8))
        return MetaWorldScene(world: SceneKit.world(bodies: [body], obstacles: [wall]), goal: goal,
                              object1: .body(0), success: .near(.body(0), threshold: 0.07))
    }

    static func slotWall(behind p: Vec3, direction d: Vec3) -> Obstacle {
        let c = p + d * 0.085
        let half = d.x != 0 ? Vec3(0.005, 0.1, 0.04) : Vec3(0.1, 0.005, 0.04)
        return Obstacle(name: "slot wall", box: AABB(center: Vec3(c.x, c.y, 0.04), half: half), color: SceneKit.dark)
    }

    static func pushPlate(_ o: MetaWorldObservation) -> SIMD4<Double> {
        ExpertKit.push(o, object: o.object1, half: plateHalf, to: o.goal, z: 0.015, clearance: 0.06)
    }

    static let plateSlide = MetaWorldTask(
        name: "plate-slide", group: .easy, instruction: "slide the plate into the goal slot",
        sample: { rng in
            let plate = SceneKit.draw(&rng, Vec3(-0.05, 0.58, 0.01), Vec3(0.05, 0.62, 0.01))
            let goal = SceneKit.draw(&rng, Vec3(-0.1, 0.85, 0.01), Vec3(0.1, 0.9, 0.01))
            return plateScene(plate: plate, goal: goal, wall: slotWall(behind: goal, direction: Vec3(0, 1, 0)))
        },
        expert: pushPlate)

    static let plateSlideSide = MetaWorldTask(
        name: "plate-slide-side", group: .easy, instruction: "slide the plate sideways into the goal slot",
        sample: { rng in
            let plate = SceneKit.draw(&rng, Vec3(-0.05, 0.58, 0.01), Vec3(0.05, 0.62, 0.01))
            let goal = SceneKit.draw(&rng, Vec3(-0.3, 0.54, 0.01), Vec3(-0.25, 0.66, 0.01))
            return plateScene(plate: plate, goal: goal, wall: slotWall(behind: goal, direction: Vec3(-1, 0, 0)))
        },
        expert: pushPlate)

    static let plateSlideBack = MetaWorldTask(
        name: "plate-slide-back", group: .easy, instruction: "slide the plate back out of the slot",
        sample: { rng in
            let plate = SceneKit.draw(&rng, Vec3(-0.1, 0.85, 0.01), Vec3(0.1, 0.9, 0.01))
            let goal = SceneKit.draw(&rng, Vec3(-0.1, 0.6, 0.01), Vec3(0.1, 0.7, 0.01))
            return plateScene(plate: plate, goal: goal, wall: slotWall(behind: plate, direction: Vec3(0, 1, 0)))
        },
        expert: pushPlate)

    static let plateSlideBackSide = MetaWorldTask(
        name: "plate-slide-back-side", group: .easy, instruction: "slide the plate sideways back out of the slot",
        sample: { rng in
            let plate = SceneKit.draw(&rng, Vec3(-0.3, 0.54, 0.01), Vec3(-0.25, 0.66, 0.01))
            let goal = SceneKit.draw(&rng, Vec3(-0.05, 0.58, 0.01), Vec3(0.05, 0.62, 0.01))
            return plateScene(plate: plate, goal: goal, wall: slotWall(behind: plate, direction: Vec3(-1, 0, 0)))
        },
        expert: pushPlate)
}
