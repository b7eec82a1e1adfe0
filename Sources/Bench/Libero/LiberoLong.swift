/// LIBERO-10 (LIBERO-Long): ten two-step tasks in kitchen, living-room and study scenes.
enum LiberoLong {
    typealias G = LiberoKit.Grocery
    typealias P = LiberoPredicates

    /// The scene of an assembly: its keypoints follow its bodies in the order they were added.
    static func scene(_ a: SceneAssembly, goal: @escaping @Sendable (World) -> Bool, _ stages: [ExpertPlan.Stage],
                      stoves: [Furniture.Stove] = []) -> LiberoScene {
        LiberoScene(world: a.world(gripper: Gripper(position: LiberoKit.gripperStart), workspace: LiberoKit.workspace),
                    goal: goal, expert: ExpertPlan(stages), stoves: stoves)
    }

    /// Two grocery items into the basket; the others stay. `layout` places every item.
    static func basketTask(_ id: Int, scene name: String, _ instruction: String, first: G, second: G,
                           basketXY: SIMD2<Double>, layout: [(G, SIMD2<Double>)]) -> LiberoTask {
        LiberoTask(.long, id, scene: name, instruction) { l in
            var a = SceneAssembly()
            let basket = a.add(Props.basket("basket", at: l.near(basketXY)))
            var index: [G: Int] = [:]
            for (item, xy) in layout { index[item] = a.add(item.body(at: xy, &l)) }
            let one = index[first]!, two = index[second]!
            let g1 = P.inside(one, body: basket), g2 = P.inside(two, body: basket)
            return scene(a, goal: P.all([g1, g2]), [
                .place(body: one, at: LiberoKit.spot(one, over: basket, offset: SIMD2(-0.06, 0)), done: g1),
                .place(body: two, at: LiberoKit.spot(two, over: basket, offset: SIMD2(0.06, 0)), done: g2),
            ])
        }
    }

    static let livingRoom2: [(G, SIMD2<Double>)] = [
        (.alphabetSoup, SIMD2(0.05, 0.45)), (.tomatoSauce, SIMD2(0.2, 0.55)), (.creamCheese, SIMD2(0.0, 0.72)),
        (.butter, SIMD2(0.17, 0.75)), (.ketchup, SIMD2(-0.08, 0.52)), (.milk, SIMD2(0.31, 0.4)), (.orangeJuice, SIMD2(0.33, 0.7)),
    ]
    static let livingRoom1: [(G, SIMD2<Double>)] = [
        (.alphabetSoup, SIMD2(0.12, 0.5)), (.creamCheese, SIMD2(0.22, 0.7)), (.tomatoSauce, SIMD2(0.0, 0.72)),
        (.ketchup, SIMD2(-0.05, 0.42)), (.milk, SIMD2(0.32, 0.45)),
    ]

    static let tasks: [LiberoTask] = [
        basketTask(0, scene: "LIVING_ROOM_SCENE2", "put both the alphabet soup and the tomato sauce in the basket",
                   first: .alphabetSoup, second: .tomatoSauce, basketXY: SIMD2(-0.27, 0.62), layout: livingRoom2),
        basketTask(1, scene: "LIVING_ROOM_SCENE2", "put both the cream cheese box and the butter in the basket",
                   first: .creamCheese, second: .butter, basketXY: SIMD2(-0.27, 0.62), layout: livingRoom2),
        LiberoTask(.long, 2, scene: "KITCHEN_SCENE3", "turn on the stove and put the moka pot on it") { l in
            var a = SceneAssembly()
            let stove = Furniture.stove(&a, at: l.at(SIMD2(-0.12, 0.56)))
            let pot = a.add(Props.mokaPot("moka pot", at: l.near(SIMD2(0.2, 0.42))))
            let pan = a.add(Props.bowl("frying pan", at: l.near(SIMD2(0.22, 0.72)), radius: 0.07, height: 0.03,
                                       color: Props.Palette.darkMetal))
            let on = P.turnedOn(stove), placed = P.on(pot, stove: stove)
            return scene(a, goal: P.all([on, placed]), [
                .operate(fixture: stove.knob, handle: 1, to: 1.0, yaw: Double.pi / 2, done: on),
                .place(body: pot, at: LiberoKit.spot(pot, overObstacle: stove.burner), done: placed),
            ], stoves: [stove])
        },
        LiberoTask(.long, 3, scene: "KITCHEN_SCENE4", "put the black bowl in the bottom drawer of the cabinet and close it") { l in
            var a = SceneAssembly()
            let cabinet = Furniture.cabinet(&a, at: l.at(SIMD2(0.22, 0.74)), opened: [0, 0, 0.16])
            let bowl = a.add(Props.bowl("akita black bowl", at: l.near(SIMD2(-0.15, 0.5))))
            let bottle = a.add(Props.bottle("wine bottle", at: l.near(SIMD2(-0.3, 0.72)), radius: 0.034, height: 0.26,
                                            color: SIMD3(0.15, 0.3, 0.12)))
            let drawer = cabinet.drawers[2]
            let inside = P.inside(bowl, fixture: drawer), closed = P.closed(drawer)
            return scene(a, goal: P.all([closed, inside]), [
                .place(body: bowl, at: LiberoKit.spot(bowl, inDrawer: drawer), done: inside),
                .operate(fixture: drawer, handle: 1, to: 0, yaw: 0, done: closed),
            ])
        },
        LiberoTask(.long, 4, scene: "LIVING_ROOM_SCENE5",
                   "put the white mug on the left plate and put the yellow and white mug on the right plate") { l in
            var a = SceneAssembly()
            let left = a.add(Props.plate("plate 1", at: l.near(SIMD2(-0.2, 0.68)), radius: 0.075))
            let right = a.add(Props.plate("plate 2", at: l.near(SIMD2(0.18, 0.7)), radius: 0.075))
            let white = a.add(mug("porcelain mug", SIMD2(-0.05, 0.45), Props.Palette.white, &l))
            let yellow = a.add(mug("white yellow mug", SIMD2(0.2, 0.42), SIMD3(0.95, 0.85, 0.35), &l))
            let red = a.add(mug("red coffee mug", SIMD2(0.0, 0.62), Props.Palette.red, &l))
            let g1 = P.on(white, body: left), g2 = P.on(yellow, body: right)
            return scene(a, goal: P.all([g1, g2]), [
                .place(body: white, at: LiberoKit.spot(white, over: left), done: g1),
                .place(body: yellow, at: LiberoKit.spot(yellow, over: right), done: g2),
            ])
        },
        LiberoTask(.long, 5, scene: "STUDY_SCENE1", "pick up the book and place it in the back compartment of the caddy") { l in
            var a = SceneAssembly()
            let caddy = Furniture.caddy(&a, at: l.near(SIMD2(-0.15, 0.65)))
            let book = a.add(Props.box("black book", at: l.near(SIMD2(0.15, 0.45)), half: Vec3(0.05, 0.03, 0.016),
                                       color: SIMD3(0.15, 0.15, 0.2), yaw: l.yaw()))
            let other = a.add(Props.box("yellow book", at: l.near(SIMD2(0.3, 0.7)), half: Vec3(0.05, 0.035, 0.016),
                                        color: Props.Palette.yellow, yaw: l.yaw()))
            let goal = P.within(book, caddy.back)
            let centre = caddy.back.center
            return scene(a, goal: goal, [
                .place(body: book, at: { w in Vec3(centre.x, centre.y, 0.06 + w.bodies[book].half.z + 0.012) }, done: goal),
            ])
        },
        LiberoTask(.long, 6, scene: "LIVING_ROOM_SCENE6",
                   "put the white mug on the plate and put the chocolate pudding to the right of the plate") { l in
            var a = SceneAssembly()
            let plateXY = l.near(SIMD2(-0.1, 0.64))
            let plate = a.add(Props.plate("plate", at: plateXY, radius: 0.075))
            let white = a.add(mug("porcelain mug", SIMD2(0.15, 0.45), Props.Palette.white, &l))
            let pudding = a.add(G.chocolatePudding.body(at: SIMD2(0.3, 0.66), &l))
            let ketchup = a.add(G.ketchup.body(at: SIMD2(-0.3, 0.45), &l))
            let right = AABB(min: Vec3(plateXY.x + 0.1, plateXY.y - 0.07, 0), max: Vec3(plateXY.x + 0.24, plateXY.y + 0.07, 0.1))
            let g1 = P.on(white, body: plate), g2 = P.within(pudding, right)
            return scene(a, goal: P.all([g1, g2]), [
                .place(body: white, at: LiberoKit.spot(white, over: plate), done: g1),
                .place(body: pudding, at: LiberoKit.spot(pudding, onTableAt: SIMD2(right.center.x, right.center.y)), done: g2),
            ])
        },
        basketTask(7, scene: "LIVING_ROOM_SCENE1", "put both the alphabet soup and the cream cheese box in the basket",
                   first: .alphabetSoup, second: .creamCheese, basketXY: SIMD2(-0.27, 0.58), layout: livingRoom1),
        LiberoTask(.long, 8, scene: "KITCHEN_SCENE8", "put both moka pots on the stove") { l in
            var a = SceneAssembly()
            let stove = Furniture.stove(&a, at: l.at(SIMD2(0.0, 0.64)), halfWidth: 0.19)
            let one = a.add(Props.mokaPot("moka pot 1", at: l.near(SIMD2(-0.24, 0.4))))
            let two = a.add(Props.mokaPot("moka pot 2", at: l.near(SIMD2(0.24, 0.4))))
            let g1 = P.on(one, stove: stove), g2 = P.on(two, stove: stove), on = P.turnedOn(stove)
            // The BDDL goal also asks for the stove to be on, though the instruction does not say so.
            return scene(a, goal: P.all([g1, g2, on]), [
                .place(body: one, at: LiberoKit.spot(one, overObstacle: stove.burner, offset: SIMD2(-0.09, 0)), done: g1),
                .place(body: two, at: LiberoKit.spot(two, overObstacle: stove.burner, offset: SIMD2(0.09, 0)), done: g2),
                .operate(fixture: stove.knob, handle: 1, to: 1.0, yaw: Double.pi / 2, done: on),
            ], stoves: [stove])
        },
        LiberoTask(.long, 9, scene: "KITCHEN_SCENE6", "put the yellow and white mug in the microwave and close it") { l in
            var a = SceneAssembly()
            let microwave = Furniture.microwave(&a, at: l.at(SIMD2(0.0, 0.76)), open: true)
            // Its handle faces the robot, so that the fingers close across the opening's width and slide out freely.
            var held = mug("white yellow mug", SIMD2(0.22, 0.45), SIMD3(0.95, 0.85, 0.35), &l)
            held.yaw = -Double.pi / 2
            let yellow = a.add(held)
            let other = a.add(mug("porcelain mug", SIMD2(0.3, 0.68), Props.Palette.white, &l))
            let inside = P.all([P.within(yellow, microwave.cavity), P.on(yellow, obstacle: microwave.floor)])
            let closed = P.closed(microwave.door)
            let cavity = microwave.cavity
            // Out of the opening, fingers included, before anything else moves the gripper up (needed
            // only while the door is still open: closing it starts from outside).
            let door = microwave.door
            let outside = { @Sendable (w: World) in w.gripper.position.y < cavity.min.y - 0.08 || w.fixtures[door].q < 1.2 }
            return scene(a, goal: P.all([inside, closed]), [
                .custom(motion: { insert($0, yellow, into: cavity) }, done: inside),
                .custom(motion: { w in Motion(target: Vec3(w.gripper.position.x, cavity.min.y - 0.1, w.gripper.position.z), grip: -1) },
                        done: outside),
                .operate(fixture: microwave.door, handle: 12, to: 0, yaw: 0, done: closed),
            ])
        },
    ]

    /// A mug, its handle to the right (turned mugs would collide as larger boxes than the open fingers allow).
    static func mug(_ name: String, _ xy: SIMD2<Double>, _ color: SIMD3<Float>, _ l: inout LiberoLayout) -> Body {
        Props.mug(name, at: l.near(xy), color: color)
    }

    /// Puts body `i` into an open box with a roof (a microwave) through its front: carried low in
    /// front of the opening, slid in, let go.
    static func insert(_ w: World, _ i: Int, into cavity: AABB) -> Motion {
        guard w.heldBody == i else {
            if w.bodies[i].support == .none { return Motion(target: w.gripper.position, grip: -1) }
            return Manipulator.pick(w, i) ?? Motion(target: w.gripper.position, grip: 1)
        }
        let g = w.gripper.position, body = w.bodies[i]
        let lift = cavity.min.z + body.half.z + 0.012 - (body.position.z - g.z)
        let cx = cavity.center.x - (body.position.x - g.x)
        let inside = Vec3(cx, cavity.center.y + 0.01, lift), front = Vec3(cx, cavity.min.y - 0.1, lift)
        if Manipulator.distanceXY(g, inside) < 0.006, abs(g.z - lift) < 0.004 { return Motion(target: g, grip: -1) }
        if abs(g.x - cx) < 0.006, abs(g.z - lift) < 0.006, g.y >= front.y - 0.006 { return Motion(target: inside, grip: 1) }
        return Manipulator.go(w, to: front, grip: 1)
    }
}
