/// LIBERO-Spatial: one table with a plate, a ramekin, a cookie box, a wooden cabinet, a stove and
/// two identical black bowls; the bowl to move is named by where it is. Goal of every task:
/// On(akita_black_bowl_1, plate_1).
enum LiberoSpatial {
    /// The places a bowl can start (the BDDL regions and objects of the suite).
    enum Spot: Sendable {
        case betweenPlateAndRamekin, nextToRamekin, tableCenter, onCookieBox, topDrawer, onRamekin, nextToCookieBox
        case onStove, nextToPlate, onCabinet

        var tableXY: SIMD2<Double>? {
            switch self {
            case .betweenPlateAndRamekin: SIMD2(-0.18, 0.55)
            case .nextToRamekin: SIMD2(-0.33, 0.43)
            case .tableCenter: SIMD2(-0.03, 0.49)
            case .nextToCookieBox: SIMD2(0.12, 0.64)
            case .nextToPlate: SIMD2(-0.33, 0.67)
            default: nil
            }
        }
    }

    static let plateXY = SIMD2(-0.18, 0.67), ramekinXY = SIMD2(-0.18, 0.43), cookiesXY = SIMD2(0.0, 0.7)
    static let cabinetXY = SIMD2(0.33, 0.74), stoveXY = SIMD2(0.15, 0.3)

    static let tasks: [LiberoTask] = [
        task(0, "between the plate and the ramekin", .betweenPlateAndRamekin, .nextToRamekin),
        task(1, "next to the ramekin", .nextToRamekin, .tableCenter),
        task(2, "from table center", .tableCenter, .nextToPlate),
        task(3, "on the cookie box", .onCookieBox, .onCabinet),
        task(4, "in the top drawer of the wooden cabinet", .topDrawer, .onCabinet),
        task(5, "on the ramekin", .onRamekin, .nextToCookieBox),
        task(6, "next to the cookie box", .nextToCookieBox, .tableCenter),
        task(7, "on the stove", .onStove, .nextToRamekin),
        task(8, "next to the plate", .nextToPlate, .betweenPlateAndRamekin),
        task(9, "on the wooden cabinet", .onCabinet, .nextToCookieBox),
    ]

    static func task(_ id: Int, _ place: String, _ target: Spot, _ other: Spot) -> LiberoTask {
        LiberoTask(.spatial, id, "pick up the black bowl \(place) and place it on the plate") { l in
            scene(target: target, other: other, &l)
        }
    }

    static func scene(target: Spot, other: Spot, _ l: inout LiberoLayout) -> LiberoScene {
        var a = SceneAssembly()
        let cabinet = Furniture.cabinet(&a, at: l.at(cabinetXY), opened: [target == .topDrawer ? 0.16 : 0, 0, 0])
        let stove = Furniture.stove(&a, at: l.at(stoveXY))
        let plate = a.add(Props.plate("plate", at: l.near(plateXY), radius: 0.075))
        let ramekin = a.add(Props.bowl("glazed rim porcelain ramekin", at: l.near(ramekinXY), radius: 0.035,
                                       height: 0.04, color: Props.Palette.porcelain))
        let cookies = a.add(Props.box("cookies", at: l.near(cookiesXY), half: Vec3(0.05, 0.075, 0.025),
                                      color: SIMD3(0.9, 0.75, 0.3), yaw: 0))
        func bowl(_ name: String, at spot: Spot) -> Body {
            if let xy = spot.tableXY { return Props.bowl(name, at: l.near(xy)) }
            let p: Vec3
            switch spot {
            case .onCookieBox: p = a.bodies[cookies].bounds.center + Vec3(0, 0, a.bodies[cookies].half.z)
            case .onRamekin: p = a.bodies[ramekin].bounds.center + Vec3(0, 0, a.bodies[ramekin].half.z)
            case .onStove: p = a.obstacles[stove.burner].box.center + Vec3(0, 0, a.obstacles[stove.burner].box.half.z)
            case .onCabinet: p = Vec3(l.at(cabinetXY).x, l.at(cabinetXY).y, cabinet.topHeight)
            default:  // the top drawer, pulled out
                let floor = a.fixtures[cabinet.drawers[0]].partBounds(2)
                p = Vec3(floor.center.x, floor.center.y, floor.max.z)
            }
            return Props.bowl(name, at: l.jittered(SIMD2(p.x, p.y)), z: p.z)
        }
        let target = a.add(bowl("akita black bowl 1", at: target))
        let other = a.add(bowl("akita black bowl 2", at: other))
        let world = a.world(gripper: Gripper(position: LiberoKit.gripperStart), workspace: LiberoKit.workspace)
        let goal = LiberoPredicates.on(target, body: plate)
        return LiberoScene(world: world, goal: goal,
                           expert: ExpertPlan([.place(body: target, at: LiberoKit.spot(target, over: plate), done: goal)]),
                           keypointBodies: [plate, ramekin, cookies] + [target, other].sorted { a.bodies[$0].position.x < a.bodies[$1].position.x },
                           stoves: [stove])
    }
}
