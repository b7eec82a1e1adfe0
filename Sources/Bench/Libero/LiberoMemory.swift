/// The `memory` group (ours, not a LIBERO suite): tasks whose current frame does not tell the
/// whole state, so that a policy must remember the episode. One scene — a push button that springs
/// back, a plate, a blue block and a black bowl — and three goals: press the button exactly twice,
/// exactly three times (``PressCountGoal``), and put the block on the plate then back where it was
/// (``PutBackGoal``; the block starts anywhere in a 56 x 16 cm band and nothing marks its start).
enum LiberoMemory {
    /// The scene's things by index.
    struct Layout {
        var scene: SceneAssembly
        var button: Int
        var plate: Int, block: Int, bowl: Int
    }

    /// The band the block starts in (reference layout), x then y.
    static let blockBand = (low: SIMD2(-0.28, 0.36), high: SIMD2(0.28, 0.52))

    static func layout(_ l: inout LiberoLayout) -> Layout {
        var a = SceneAssembly()
        let button = Furniture.pushButton(&a, at: l.near(SIMD2(0.2, 0.72)))
        let plate = a.add(Props.plate("plate", at: l.near(SIMD2(-0.2, 0.72)), radius: 0.075))
        let block = a.add(Props.box("blue block", at: l.jittered(l.anywhere(from: blockBand.low, to: blockBand.high)),
                                    half: Vec3(0.02, 0.02, 0.02), color: Props.Palette.blue, yaw: l.yaw()))
        let bowl = a.add(Props.bowl("akita black bowl", at: l.near(SIMD2(0.0, 0.74))))
        return Layout(scene: a, button: button, plate: plate, block: block, bowl: bowl)
    }

    static func task(_ id: Int, _ instruction: String, _ goal: @escaping @Sendable (Layout) -> any EpisodeGoal) -> LiberoTask {
        LiberoTask(.memory, id, instruction) { place in
            let l = layout(&place)
            return LiberoScene(world: l.scene.world(gripper: Gripper(position: LiberoKit.gripperStart), workspace: LiberoKit.workspace),
                               goal: goal(l))
        }
    }

    static let tasks: [LiberoTask] = [
        task(0, "press the button twice") { PressCountGoal(button: $0.button, count: 2) },
        task(1, "press the button three times") { PressCountGoal(button: $0.button, count: 3) },
        task(2, "put the block on the plate and then back where it was") { l in
            PutBackGoal(body: l.block, onPlate: LiberoPredicates.on(l.block, body: l.plate),
                        toPlate: LiberoKit.spot(l.block, over: l.plate))
        },
    ]
}
