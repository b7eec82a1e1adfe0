/// Shared pieces of the libero-like scenes: the workspace, the gripper's start and resting spots
/// for the experts. World frame as everywhere in
/// the bench: x to the robot's right, y away from it, z up, the table top at z = 0.
enum LiberoKit {
    /// Where the tool centre point may go.
    static let workspace = AABB(min: Vec3(-0.5, 0.0, -0.02), max: Vec3(0.5, 1.05, 0.62))
    /// The tool centre point's start, fingers open.
    static let gripperStart = Vec3(0, 0.32, 0.3)
    /// Where body `i`'s centre goes to be released over the top of body `j` (it then settles on it or into it),
    /// shifted by `offset` in x and y.
    static func spot(_ i: Int, over j: Int, offset: SIMD2<Double> = .zero) -> @Sendable (World) -> Vec3 {
        { w in
            let s = w.bodies[j].bounds
            return Vec3(s.center.x + offset.x, s.center.y + offset.y, s.max.z + w.bodies[i].half.z + 0.012)
        }
    }

    /// ... over the top of obstacle `o`.
    static func spot(_ i: Int, overObstacle o: Int, offset: SIMD2<Double> = .zero) -> @Sendable (World) -> Vec3 {
        { w in
            let s = w.obstacles[o].box
            return Vec3(s.center.x + offset.x, s.center.y + offset.y, s.max.z + w.bodies[i].half.z + 0.012)
        }
    }

    /// ... over the floor of drawer `f` (part 2 of ``Furniture/drawer``), near its front panel so that
    /// it stays clear of the handles of the drawers above.
    static func spot(_ i: Int, inDrawer f: Int) -> @Sendable (World) -> Vec3 {
        { w in
            let s = w.fixtures[f].partBounds(2), b = w.bodies[i]
            return Vec3(s.center.x, s.min.y + b.bounds.half.y + 0.01, s.max.z + b.half.z + 0.012)
        }
    }

    /// ... over the table at `xy`.
    static func spot(_ i: Int, onTableAt xy: SIMD2<Double>) -> @Sendable (World) -> Vec3 {
        { w in Vec3(xy.x, xy.y, w.bodies[i].half.z + 0.012) }
    }

    /// Whether two bodies' boxes share volume (an initial state must keep objects apart).
    static func overlapping(_ world: World) -> Bool {
        for i in world.bodies.indices {
            for j in world.bodies.indices where j > i {
                let a = world.bodies[i].bounds, b = world.bodies[j].bounds
                if a.overlapsXY(b), a.min.z < b.max.z - 0.002, b.min.z < a.max.z - 0.002 { return true }
            }
        }
        return false
    }

    /// The grocery items of LIBERO-Object and the living-room scenes.
    enum Grocery: String, CaseIterable, Sendable {
        case alphabetSoup = "alphabet soup", creamCheese = "cream cheese", saladDressing = "salad dressing"
        case bbqSauce = "bbq sauce", ketchup, tomatoSauce = "tomato sauce", butter, milk
        case chocolatePudding = "chocolate pudding", orangeJuice = "orange juice"

        func body(at xy: SIMD2<Double>, _ l: inout LiberoLayout) -> Body {
            let p = l.near(xy), c = Props.Palette.self
            switch self {
            case .alphabetSoup: return Props.can(rawValue, at: p, radius: 0.033, height: 0.09, color: c.red)
            case .tomatoSauce: return Props.can(rawValue, at: p, radius: 0.03, height: 0.1, color: SIMD3(0.85, 0.3, 0.2))
            case .saladDressing: return Props.bottle(rawValue, at: p, radius: 0.028, height: 0.17, color: SIMD3(0.85, 0.85, 0.55))
            case .bbqSauce: return Props.bottle(rawValue, at: p, radius: 0.028, height: 0.15, color: SIMD3(0.35, 0.15, 0.08))
            case .ketchup: return Props.bottle(rawValue, at: p, radius: 0.028, height: 0.15, color: SIMD3(0.75, 0.05, 0.05))
            case .creamCheese:
                return Props.box(rawValue, at: p, half: Vec3(0.035, 0.024, 0.02), color: SIMD3(0.9, 0.9, 0.95), yaw: l.yaw())
            case .butter:
                return Props.box(rawValue, at: p, half: Vec3(0.035, 0.022, 0.018), color: SIMD3(0.98, 0.9, 0.5), yaw: l.yaw())
            case .chocolatePudding:
                return Props.box(rawValue, at: p, half: Vec3(0.03, 0.022, 0.02), color: SIMD3(0.4, 0.25, 0.15), yaw: l.yaw())
            case .milk: return Props.box(rawValue, at: p, half: Vec3(0.028, 0.028, 0.07), color: c.white)
            case .orangeJuice: return Props.box(rawValue, at: p, half: Vec3(0.028, 0.028, 0.075), color: c.orange)
            }
        }
    }
}
