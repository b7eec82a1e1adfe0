/// Furniture with moving parts for the visual suites: a cabinet with drawers, a stove with a
/// knob, a microwave with a door, a caddy and a wine rack. Each builder adds its pieces to a
/// ``SceneAssembly`` and returns the indices that goal checks and experts need.
public enum Furniture {
    /// A drawer that slides toward the robot (-y) out of a cabinet face at y = `front`: a front
    /// panel with a bar handle 4.5 cm in front of it, and a floor with a back wall behind the panel.
    public static func drawer(_ name: String, x: Double, front: Double, bottom: Double, halfWidth: Double, depth: Double,
                              height: Double, travel: Double, opened: Double, color: SIMD3<Float>) -> Fixture {
        let zMid = bottom + height / 2
        return Fixture(name: name, joint: .slide(axis: Vec3(0, -1, 0)), q: opened, lower: 0, upper: travel, parts: [
            FixturePart(name: "\(name) front", center: Vec3(x, front - 0.008, zMid), half: Vec3(halfWidth, 0.008, height / 2),
                        color: color),
            FixturePart(name: "\(name) handle", center: Vec3(x, front - 0.045, zMid), half: Vec3(0.04, 0.007, 0.007),
                        role: .handle, color: Props.Palette.darkMetal),
            FixturePart(name: "\(name) floor", center: Vec3(x, front + depth / 2, bottom + 0.004),
                        half: Vec3(halfWidth - 0.01, depth / 2, 0.004), color: color),
            FixturePart(name: "\(name) back", center: Vec3(x, front + depth - 0.005, bottom + 0.03),
                        half: Vec3(halfWidth - 0.01, 0.005, 0.03), color: color),
        ])
    }

    /// A wooden cabinet with three drawers (top, middle, bottom) facing the robot.
    public struct Cabinet: Sendable {
        /// The cabinet's body (its top is `top_side`).
        public var body: Int
        /// Drawer fixtures: top, middle, bottom.
        public var drawers: [Int]
        public var topHeight: Double
    }

    /// Adds a cabinet centred at `xy` (its front face toward the robot), drawers opened as given.
    public static func cabinet(_ a: inout SceneAssembly, at xy: SIMD2<Double>, opened: [Double] = [0, 0, 0]) -> Cabinet {
        let half = Vec3(0.12, 0.1, 0.18), front = xy.y - half.y
        let body = a.add(Props.block("wooden cabinet", center: xy, half: half, color: Props.Palette.wood))
        let names = ["top drawer", "middle drawer", "bottom drawer"]
        let drawers = (0..<3).map { k in
            a.add(drawer(names[k], x: xy.x, front: front, bottom: 0.25 - 0.11 * Double(k), halfWidth: 0.1, depth: 0.16,
                         height: 0.09, travel: 0.16, opened: opened[k], color: Props.Palette.darkWood))
        }
        return Cabinet(body: body, drawers: drawers, topHeight: 2 * half.z)
    }

    /// A flat stove: its body, the burner (the cook region) and the knob, a lever on its front face
    /// that turns about the y axis from up (off, q = 0) toward +x (on, q >= 0.6).
    public struct Stove: Sendable {
        public var body: Int
        public var burner: Int
        public var knob: Int
        /// Knob angle from which the stove is on.
        public static let onAngle = 0.6
    }

    public static func stove(_ a: inout SceneAssembly, at xy: SIMD2<Double>, halfWidth: Double = 0.11) -> Stove {
        let half = Vec3(halfWidth, 0.1, 0.025)
        let body = a.add(Props.block("flat stove", center: xy, half: half, color: Props.Palette.darkMetal))
        let burner = a.add(Obstacle(name: "burner", box: AABB(center: Vec3(xy.x, xy.y + 0.01, 0.054),
                                                              half: Vec3(halfWidth - 0.04, 0.07, 0.004)),
                                    postRadius: halfWidth > 0.11 ? nil : 0.07, color: Props.Palette.black))
        let pivot = Vec3(xy.x + halfWidth - 0.04, xy.y - half.y - 0.03, 0.025)
        let knob = a.add(Fixture(name: "stove knob", joint: .hinge(axis: Vec3(0, 1, 0), pivot: pivot), lower: 0, upper: 1.2, parts: [
            FixturePart(name: "knob base", center: pivot, half: Vec3(0.012, 0.012, 0.012), color: Props.Palette.metal),
            FixturePart(name: "knob lever", center: pivot + Vec3(0, 0, 0.035), half: Vec3(0.008, 0.008, 0.025),
                        role: .handle, color: Props.Palette.red),
        ]))
        return Stove(body: body, burner: burner, knob: knob)
    }

    /// A microwave open toward the robot: a shell (floor, roof, back and side walls) and a door hinged
    /// on its left front edge (about -z), q = 0 closed, q = pi/2 swung open toward the robot.
    public struct Microwave: Sendable {
        public var floor: Int
        public var door: Int
        /// The cooking space.
        public var cavity: AABB
    }

    public static func microwave(_ a: inout SceneAssembly, at xy: SIMD2<Double>, open: Bool) -> Microwave {
        let w = 0.15, d = 0.12, h = 0.22, t = 0.01
        let x0 = xy.x - w, x1 = xy.x + w, y0 = xy.y - d, y1 = xy.y + d
        let shell = Props.Palette.white
        let floor = a.add(Obstacle(name: "microwave floor", box: AABB(min: Vec3(x0, y0, 0), max: Vec3(x1, y1, 0.02)), color: shell))
        a.add(Obstacle(name: "microwave roof", box: AABB(min: Vec3(x0, y0, h - t), max: Vec3(x1, y1, h)), color: shell))
        a.add(Obstacle(name: "microwave back", box: AABB(min: Vec3(x0, y1 - t, 0), max: Vec3(x1, y1, h)), color: shell))
        a.add(Obstacle(name: "microwave left", box: AABB(min: Vec3(x0, y0, 0), max: Vec3(x0 + t, y1, h)), color: shell))
        a.add(Obstacle(name: "microwave right", box: AABB(min: Vec3(x1 - t, y0, 0), max: Vec3(x1, y1, h)), color: shell))
        let pivot = Vec3(x0, y0 - 0.012, 0)
        let panel = FixturePart.segments(name: "microwave door", center: Vec3(xy.x, y0 - 0.012, h / 2),
                                         half: Vec3(w, 0.008, h / 2 - 0.005), axis: 0, count: 12, color: Props.Palette.darkMetal)
        let handle = FixturePart(name: "microwave handle", center: Vec3(x1 - 0.04, y0 - 0.045, h / 2), half: Vec3(0.008, 0.008, 0.05),
                                 role: .handle, color: Props.Palette.metal)
        let door = a.add(Fixture(name: "microwave door", joint: .hinge(axis: Vec3(0, 0, -1), pivot: pivot), q: open ? Double.pi / 2 : 0,
                                 lower: 0, upper: Double.pi / 2, parts: panel + [handle]))
        return Microwave(floor: floor, door: door, cavity: AABB(min: Vec3(x0 + t, y0, 0.02), max: Vec3(x1 - t, y1 - t, h - t)))
    }

    /// A desk caddy: a low open box split into a front and a back compartment.
    public struct Caddy: Sendable {
        public var front: AABB
        public var back: AABB
    }

    public static func caddy(_ a: inout SceneAssembly, at xy: SIMD2<Double>) -> Caddy {
        let w = 0.11, d = 0.13, h = 0.06, t = 0.008
        let x0 = xy.x - w, x1 = xy.x + w, y0 = xy.y - d, y1 = xy.y + d
        let c = Props.Palette.brown
        a.add(Obstacle(name: "caddy base", box: AABB(min: Vec3(x0, y0, 0), max: Vec3(x1, y1, 0.008)), color: c))
        a.add(Obstacle(name: "caddy wall", box: AABB(min: Vec3(x0, y0, 0), max: Vec3(x1, y0 + t, h)), color: c))
        a.add(Obstacle(name: "caddy wall", box: AABB(min: Vec3(x0, y1 - t, 0), max: Vec3(x1, y1, h)), color: c))
        a.add(Obstacle(name: "caddy wall", box: AABB(min: Vec3(x0, y0, 0), max: Vec3(x0 + t, y1, h)), color: c))
        a.add(Obstacle(name: "caddy wall", box: AABB(min: Vec3(x1 - t, y0, 0), max: Vec3(x1, y1, h)), color: c))
        a.add(Obstacle(name: "caddy divider", box: AABB(min: Vec3(x0, xy.y - t / 2, 0), max: Vec3(x1, xy.y + t / 2, h)), color: c))
        return Caddy(front: AABB(min: Vec3(x0 + t, y0 + t, 0), max: Vec3(x1 - t, xy.y - t / 2, h + 0.1)),
                     back: AABB(min: Vec3(x0 + t, xy.y + t / 2, 0), max: Vec3(x1 - t, y1 - t, h + 0.1)))
    }

    /// A wine rack: a stand whose top cradle holds a bottle upright. Returns the cradle obstacle.
    public static func wineRack(_ a: inout SceneAssembly, at xy: SIMD2<Double>) -> Int {
        a.add(Props.block("wine rack stand", center: xy, half: Vec3(0.05, 0.05, 0.05), color: Props.Palette.darkWood))
        return a.add(Props.block("wine rack top", center: xy, half: Vec3(0.07, 0.07, 0.006), color: Props.Palette.wood, z: 0.1))
    }

    /// A push button on a square base: a red cap that goes 1.5 cm down when pressed and springs
    /// back 3 mm per step when let go (nothing shows how often it was pressed). Returns the button fixture.
    public static func pushButton(_ a: inout SceneAssembly, at xy: SIMD2<Double>) -> Int {
        a.add(Obstacle(name: "button base", box: AABB(min: Vec3(xy.x - 0.035, xy.y - 0.035, 0), max: Vec3(xy.x + 0.035, xy.y + 0.035, 0.04)),
                       color: Props.Palette.darkMetal))
        return a.add(Fixture(name: "button", joint: .slide(axis: Vec3(0, 0, -1)), lower: 0, upper: 0.015, returnSpeed: 0.003, parts: [
            FixturePart(name: "button cap", center: Vec3(xy.x, xy.y, 0.05), half: Vec3(0.025, 0.025, 0.01), color: Props.Palette.red),
        ]))
    }
}
