/// LIBERO-Goal: one scene (a wooden cabinet, a stove, a plate, a black bowl, cream cheese, a wine
/// bottle and a wine rack) and ten different goals.
enum LiberoGoal {
    /// The scene's things by index.
    struct Layout {
        var scene: SceneAssembly
        var cabinet: Furniture.Cabinet
        var stove: Furniture.Stove
        var rackTop: Int
        /// The table region in front of the stove, where it is in this layout.
        var stoveFront: AABB
        var plate: Int, bowl: Int, cheese: Int, bottle: Int
    }

    /// The table region in front of the stove (seen from the agentview camera), in the reference layout.
    static let stoveFront = AABB(min: Vec3(-0.34, 0.51, 0), max: Vec3(-0.18, 0.63, 0.1))

    static func layout(_ l: inout LiberoLayout) -> Layout {
        var a = SceneAssembly()
        let cabinet = Furniture.cabinet(&a, at: l.at(SIMD2(0.3, 0.72)))
        let stove = Furniture.stove(&a, at: l.at(SIMD2(-0.26, 0.36)))
        let rackTop = Furniture.wineRack(&a, at: l.at(SIMD2(0.34, 0.3)))
        let plate = a.add(Props.plate("plate", at: l.near(SIMD2(-0.04, 0.68)), radius: 0.075))
        let bowl = a.add(Props.bowl("akita black bowl", at: l.near(SIMD2(0.03, 0.48))))
        let cheese = a.add(LiberoKit.Grocery.creamCheese.body(at: SIMD2(-0.12, 0.52), &l))
        let bottle = a.add(Props.bottle("wine bottle", at: l.near(SIMD2(0.12, 0.38)), radius: 0.034, height: 0.26,
                                        color: SIMD3(0.15, 0.3, 0.12)))
        return Layout(scene: a, cabinet: cabinet, stove: stove, rackTop: rackTop, stoveFront: l.region(stoveFront), plate: plate, bowl: bowl,
                      cheese: cheese, bottle: bottle)
    }

    static func task(_ id: Int, _ instruction: String,
                     _ plan: @escaping @Sendable (Layout) -> (goal: @Sendable (World) -> Bool, stages: [ExpertPlan.Stage])) -> LiberoTask {
        LiberoTask(.goal, id, instruction) { place in
            let l = layout(&place)
            let (goal, stages) = plan(l)
            return LiberoScene(world: l.scene.world(gripper: Gripper(position: LiberoKit.gripperStart), workspace: LiberoKit.workspace),
                               goal: goal, expert: ExpertPlan(stages),
                               stoves: [l.stove])
        }
    }

    /// Put `body` so that `goal` holds, releasing it at `spot`.
    static func placing(_ body: Int, _ spot: @escaping @Sendable (World) -> Vec3, _ goal: @escaping @Sendable (World) -> Bool)
        -> (goal: @Sendable (World) -> Bool, stages: [ExpertPlan.Stage]) {
        (goal, [.place(body: body, at: spot, done: goal)])
    }

    static let tasks: [LiberoTask] = [
        task(0, "open the middle drawer of the cabinet") { l in
            let goal = LiberoPredicates.open(l.cabinet.drawers[1])
            return (goal, [.operate(fixture: l.cabinet.drawers[1], handle: 1, to: 0.16, yaw: 0, done: goal)])
        },
        task(1, "put the bowl on the stove") { l in
            placing(l.bowl, LiberoKit.spot(l.bowl, overObstacle: l.stove.burner), LiberoPredicates.on(l.bowl, stove: l.stove))
        },
        task(2, "put the wine bottle on top of the cabinet") { l in
            placing(l.bottle, LiberoKit.spot(l.bottle, overObstacle: l.cabinet.body), LiberoPredicates.on(l.bottle, obstacle: l.cabinet.body))
        },
        task(3, "open the top drawer and put the bowl inside") { l in
            let drawer = l.cabinet.drawers[0]
            let goal = LiberoPredicates.inside(l.bowl, fixture: drawer)
            // Pulled all the way out, so that the bowl goes in clear of the cabinet.
            return (goal, [.operate(fixture: drawer, handle: 1, to: 0.16, yaw: 0, done: { $0.isOpen(drawer, fraction: 0.95) || goal($0) }),
                           .place(body: l.bowl, at: LiberoKit.spot(l.bowl, inDrawer: drawer), done: goal)])
        },
        task(4, "put the bowl on top of the cabinet") { l in
            placing(l.bowl, LiberoKit.spot(l.bowl, overObstacle: l.cabinet.body), LiberoPredicates.on(l.bowl, obstacle: l.cabinet.body))
        },
        task(5, "push the plate to the front of the stove") { l in
            let goal = LiberoPredicates.within(l.plate, l.stoveFront)
            let centre = l.stoveFront.center
            return (goal, [.push(body: l.plate, to: Vec3(centre.x, centre.y, 0), z: 0.016, done: goal)])
        },
        task(6, "put the cream cheese in the bowl") { l in
            placing(l.cheese, LiberoKit.spot(l.cheese, over: l.bowl), LiberoPredicates.on(l.cheese, body: l.bowl))
        },
        task(7, "turn on the stove") { l in
            let goal = LiberoPredicates.turnedOn(l.stove)
            return (goal, [.operate(fixture: l.stove.knob, handle: 1, to: 1.0, yaw: Double.pi / 2, done: goal)])
        },
        task(8, "put the bowl on the plate") { l in
            placing(l.bowl, LiberoKit.spot(l.bowl, over: l.plate), LiberoPredicates.on(l.bowl, body: l.plate))
        },
        task(9, "put the wine bottle on the rack") { l in
            placing(l.bottle, LiberoKit.spot(l.bottle, overObstacle: l.rackTop), LiberoPredicates.on(l.bottle, obstacle: l.rackTop))
        },
    ]
}
