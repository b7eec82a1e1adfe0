import Foundation

/// The calvin-like table and its four variants. Every variant has the same pieces — a sliding
/// cabinet at the back (a shelf behind a sliding door, a light bulb on top, its switch beside it),
/// a drawer under the table's front edge, a push button with an LED, and a red, a blue and a pink
/// block — but, as in CALVIN's scenes A-D, the fixtures stand at different places, the table has
/// another colour, and which block is small, middle or big differs.
public struct CalvinVariant: Sendable, Equatable {
    public var name: String
    /// x of the sliding cabinet's centre, of the drawer's centre and of the button.
    public var cabinetX: Double, drawerX: Double, buttonX: Double
    public var tableColor: UInt32
    /// Half side of the red, blue and pink cubes.
    public var blockHalf: [Double]

    static let small = 0.022, middle = 0.026, big = 0.03

    public static let a = CalvinVariant(name: "A", cabinetX: 0.05, drawerX: -0.1, buttonX: 0.38, tableColor: 0xC8A27A,
                                        blockHalf: [small, middle, big])
    public static let b = CalvinVariant(name: "B", cabinetX: 0.12, drawerX: 0.1, buttonX: -0.38, tableColor: 0x8B6A4E,
                                        blockHalf: [middle, big, small])
    public static let c = CalvinVariant(name: "C", cabinetX: -0.05, drawerX: 0.15, buttonX: 0.38, tableColor: 0x9FA4A8,
                                        blockHalf: [big, middle, small])
    public static let d = CalvinVariant(name: "D", cabinetX: 0.0, drawerX: 0.0, buttonX: -0.38, tableColor: 0xE4E0D8,
                                        blockHalf: [middle, small, big])
    public static let all = [a, b, c, d]
}

/// One calvin-like world with the indices of its pieces and the logical LED state.
public struct CalvinScene: Sendable {
    public var world: World
    public let variant: CalvinVariant
    /// Blocks (bodies) red, blue, pink.
    public let blocks: [Int]
    /// Fixtures: the drawer, the sliding door, the light switch and the button.
    public let drawer: Int, door: Int, lightSwitch: Int, button: Int
    /// Obstacles: the cabinet's shelf (blocks in the cabinet rest on it), the light bulb and the LED.
    public let shelf: Int, bulb: Int, led: Int
    /// The LED's logical state, toggled by each press of the button.
    public var ledOn: Bool
    /// Whether the button was down at the last step (a press toggles the LED once).
    var buttonDown = false

    // Geometry shared by all variants (world frame: x right, y away from the robot, z up).
    /// The table's front edge: beyond it (toward the robot) the drawer slides out over the floor.
    static let tableFront = 0.3
    static let shelfTop = 0.1, cabinetFront = 0.72, cabinetBack = 0.94, cabinetHalfWidth = 0.32, roofBottom = 0.3
    /// Door travel: q = 0 covers the right half (slider "right"), q = 0.3 the left half (slider "left").
    static let doorTravel = 0.3
    static let drawerTravel = 0.24, drawerOpen = 0.22
    static let switchTravel = 0.08
    static let buttonTravel = 0.015
    /// The two table slots and the cabinet slots' depth.
    static let tableSlots = [SIMD2(-0.15, 0.5), SIMD2(0.12, 0.52)]

    /// The table slots in the order the blocks on the table take them in `state`. CALVIN shuffles its
    /// two table slots with a generator seeded by a hash of the start state
    /// (`get_env_state_for_initial_condition`), so which slot a colour takes depends on the start
    /// state: a block of a given colour is not always at the same spot.
    static func tableSlotOrder(for state: [String: String]) -> [SIMD2<Double>] {
        let key = state.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        var rng = SimRandom(keys: SimRandom.hash("calvin-like table slots"), SimRandom.hash(key))
        return rng.next() & 1 == 0 ? tableSlots : tableSlots.reversed()
    }
    static let shelfSlotY = 0.82
    /// Where the tool centre point starts every chain (CALVIN resets the robot to a neutral pose).
    static let neutral = Vec3(0, 0.42, 0.25)
    static let workspace = AABB(min: Vec3(-0.55, 0.0, -0.12), max: Vec3(0.55, 0.95, 0.5))

    /// The light bulb is on while the switch is more than half way up.
    public var bulbOn: Bool { world.fixtures[lightSwitch].q > Self.switchTravel / 2 }
    /// The slider's symbolic state.
    public var sliderLeft: Bool { world.fixtures[door].q > Self.doorTravel / 2 }
    public var drawerIsOpen: Bool { world.fixtures[drawer].q > Self.drawerTravel / 2 }

    /// The world for a symbolic state (CALVIN's keys: led, lightbulb, slider, drawer, red_block, ...);
    /// blocks on the table take the table slots in colour order, the slots in the state's
    /// ``tableSlotOrder(for:)``, each block turned by `yaws`.
    public init(variant v: CalvinVariant, state: [String: String], yaws: [Double]) {
        variant = v
        var a = SceneAssembly()
        let xs = v.cabinetX, w = Self.cabinetHalfWidth
        let wood = Props.Palette.wood, dark = Props.Palette.darkWood
        a.holes.append(Hole(name: "in front of the table", minXY: SIMD2(-1, -1), maxXY: SIMD2(1, Self.tableFront), bottom: -0.5))
        // The sliding cabinet: shelf (its base), roof, back and side walls, and the sliding door in front.
        shelf = a.add(Obstacle(name: "cabinet shelf", box: AABB(min: Vec3(xs - w, Self.cabinetFront, 0), max: Vec3(xs + w, Self.cabinetBack, Self.shelfTop)), color: wood))
        a.add(Obstacle(name: "cabinet roof", box: AABB(min: Vec3(xs - w, Self.cabinetFront, Self.roofBottom), max: Vec3(xs + w, Self.cabinetBack, 0.32)), color: wood))
        a.add(Obstacle(name: "cabinet back", box: AABB(min: Vec3(xs - w, Self.cabinetBack - 0.02, Self.shelfTop), max: Vec3(xs + w, Self.cabinetBack, Self.roofBottom)), color: dark))
        a.add(Obstacle(name: "cabinet side", box: AABB(min: Vec3(xs - w, Self.cabinetFront, Self.shelfTop), max: Vec3(xs - w + 0.02, Self.cabinetBack, Self.roofBottom)), color: wood))
        a.add(Obstacle(name: "cabinet side", box: AABB(min: Vec3(xs + w - 0.02, Self.cabinetFront, Self.shelfTop), max: Vec3(xs + w, Self.cabinetBack, Self.roofBottom)), color: wood))
        let doorY = Self.cabinetFront - 0.015
        door = a.add(Fixture(name: "sliding door", joint: .slide(axis: Vec3(-1, 0, 0)), q: state["slider"] == "left" ? Self.doorTravel : 0,
                             lower: 0, upper: Self.doorTravel, parts: [
            FixturePart(name: "sliding door", center: Vec3(xs + 0.15, doorY, 0.2), half: Vec3(0.15, 0.008, 0.1), color: dark),
            FixturePart(name: "sliding door handle", center: Vec3(xs + 0.2, doorY - 0.04, 0.2), half: Vec3(0.012, 0.008, 0.03),
                        role: .handle, color: Props.Palette.metal),
        ]))
        bulb = a.add(Obstacle(name: "light bulb", box: AABB(min: Vec3(xs + 0.2, 0.8, 0.32), max: Vec3(xs + 0.26, 0.86, 0.38)), postRadius: 0.03,
                              color: Props.Palette.darkMetal))
        // The light switch: a post beside the cabinet with a lever that slides up (on) and down (off).
        let sx = xs - w - 0.08
        a.add(Obstacle(name: "switch post", box: AABB(min: Vec3(sx - 0.025, 0.77, 0), max: Vec3(sx + 0.025, 0.82, 0.2)), color: dark))
        lightSwitch = a.add(Fixture(name: "light switch", joint: .slide(axis: Vec3(0, 0, 1)), q: state["lightbulb"] == "1" ? Self.switchTravel : 0,
                                    lower: 0, upper: Self.switchTravel, parts: [
            FixturePart(name: "switch lever", center: Vec3(sx, 0.745, 0.08), half: Vec3(0.012, 0.02, 0.012), role: .handle,
                        color: Props.Palette.metal),
        ]))
        // The drawer, under the table's front edge.
        let xd = v.drawerX, f = Self.tableFront
        drawer = a.add(Fixture(name: "drawer", joint: .slide(axis: Vec3(0, -1, 0)), q: state["drawer"] == "open" ? Self.drawerOpen : 0,
                               lower: 0, upper: Self.drawerTravel, parts: [
            FixturePart(name: "drawer front", center: Vec3(xd, f - 0.008, -0.06), half: Vec3(0.16, 0.008, 0.05), color: dark),
            FixturePart(name: "drawer handle", center: Vec3(xd, f - 0.045, -0.04), half: Vec3(0.012, 0.008, 0.02), role: .handle,
                        color: Props.Palette.metal),
            FixturePart(name: "drawer floor", center: Vec3(xd, f + 0.12, -0.105), half: Vec3(0.15, 0.12, 0.005), color: wood),
            FixturePart(name: "drawer side", center: Vec3(xd - 0.15, f + 0.12, -0.08), half: Vec3(0.005, 0.12, 0.025), color: wood),
            FixturePart(name: "drawer side", center: Vec3(xd + 0.15, f + 0.12, -0.08), half: Vec3(0.005, 0.12, 0.025), color: wood),
            FixturePart(name: "drawer back", center: Vec3(xd, f + 0.235, -0.08), half: Vec3(0.15, 0.005, 0.025), color: wood),
        ]))
        // The button and its LED.
        let xb = v.buttonX
        a.add(Obstacle(name: "button base", box: AABB(min: Vec3(xb - 0.035, 0.335, 0), max: Vec3(xb + 0.035, 0.405, 0.04)), color: Props.Palette.darkMetal))
        button = a.add(Fixture(name: "button", joint: .slide(axis: Vec3(0, 0, -1)), lower: 0, upper: Self.buttonTravel, returnSpeed: 0.003, parts: [
            FixturePart(name: "button cap", center: Vec3(xb, 0.37, 0.05), half: Vec3(0.025, 0.025, 0.01), color: Props.Palette.red),
        ]))
        ledOn = state["led"] == "1"
        led = a.add(Obstacle(name: "led", box: AABB(min: Vec3(xb - 0.015, 0.415, 0), max: Vec3(xb + 0.015, 0.445, 0.025)),
                             color: Props.Palette.darkMetal))
        // The blocks.
        var slot = 0
        let tableSlots = Self.tableSlotOrder(for: state)
        var blocks: [Int] = []
        let colours = [Props.Palette.red, Props.Palette.blue, Props.Palette.pink]
        for (k, colour) in CalvinTask.colours.enumerated() {
            let h = v.blockHalf[k]
            let place = state["\(colour)_block"] ?? "table"
            var p: Vec3
            switch place {
            case "slider_left", "slider_right":
                p = Vec3(xs + (place == "slider_left" ? -0.15 : 0.15), Self.shelfSlotY, Self.shelfTop + h)
            default:
                p = Vec3(tableSlots[slot].x, tableSlots[slot].y, h)
                slot += 1
            }
            blocks.append(a.add(Body(name: "\(colour) block", shape: .box, half: Vec3(repeating: h), position: p, yaw: yaws[k], color: colours[k])))
        }
        self.blocks = blocks
        world = a.world(gripper: Gripper(position: Self.neutral), workspace: Self.workspace)
        refreshLights()
    }

    /// After a step: a press of the button (its cap pushed most of the way down) toggles the LED;
    /// the LED and the bulb show their states.
    mutating func update() {
        let down = world.fixtures[button].q >= Self.buttonTravel * 0.8
        if down, !buttonDown { ledOn.toggle() }
        if world.fixtures[button].q <= Self.buttonTravel * 0.3 { buttonDown = false } else if down { buttonDown = true }
        refreshLights()
    }

    mutating func refreshLights() {
        world.obstacles[led].color = ledOn ? SIMD3(0.2, 0.95, 0.3) : Props.Palette.darkMetal
        world.obstacles[bulb].color = bulbOn ? SIMD3(1, 0.92, 0.4) : Props.Palette.darkMetal
    }

    /// The stage drawn around the world: this variant's table colour.
    var stage: Stage {
        Stage(tableMin: SIMD2(-0.6, Self.tableFront), tableMax: SIMD2(0.6, 1.0),
              tableMaterial: Render.Material(Render.Color(hex: variant.tableColor)))
    }

    /// Whether the tool centre point is inside the sliding cabinet (between its shelf and roof).
    func insideCabinet(_ p: Vec3) -> Bool {
        p.y > Self.cabinetFront - 0.03 && abs(p.x - variant.cabinetX) < Self.cabinetHalfWidth && p.z > Self.shelfTop - 0.02 && p.z < Self.roofBottom
    }

    /// CALVIN's 24-D `scene_obs`: slider, drawer, button and switch joints, light bulb, LED, then
    /// each block's position and Euler angles (roll, pitch, yaw).
    func writeSceneObservation(into out: UnsafeMutableBufferPointer<Float>) {
        out[0] = Float(world.fixtures[door].q)
        out[1] = Float(world.fixtures[drawer].q)
        out[2] = Float(world.fixtures[button].q)
        out[3] = Float(world.fixtures[lightSwitch].q)
        out[4] = bulbOn ? 1 : 0
        out[5] = ledOn ? 1 : 0
        for (k, b) in blocks.enumerated() {
            let body = world.bodies[b]
            out[6 + 6 * k] = Float(body.position.x)
            out[7 + 6 * k] = Float(body.position.y)
            out[8 + 6 * k] = Float(body.position.z)
            out[9 + 6 * k] = 0
            out[10 + 6 * k] = 0
            out[11 + 6 * k] = Float(ArmAction.angleDifference(body.yaw, 0))
        }
    }
}
