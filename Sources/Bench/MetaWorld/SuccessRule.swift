import Foundation

/// When a Meta-World task counts as solved (each mirrors the real task's `evaluate_state`).
public indirect enum SuccessRule: Sendable, Equatable {
    /// The object is within `threshold` metres of the goal (`strict`: strictly closer).
    case near(ObjectRef, threshold: Double, strict: Bool = false)
    /// Only one coordinate counts: |object[axis] - goal[axis]| <= threshold.
    case nearAlong(ObjectRef, axis: Int, threshold: Double)
    /// A fixture's joint is past `value` (strictly).
    case jointBeyond(fixture: Int, value: Double)
    /// A fixture's joint is within `tolerance` of `target`.
    case jointNear(fixture: Int, target: Double, tolerance: Double)
    /// A ring body is threaded on a post obstacle: its centre within `tolerance` of the post's axis
    /// and below the post's top by at least `depth`.
    case threaded(ring: Int, post: Int, tolerance: Double, depth: Double)
    /// The object is higher than the goal.
    case above(ObjectRef)
    /// A held tool's tip is inside another body's hook slot.
    case hooked(tool: Int, target: Int)
    /// Body `body` is held and its centre is higher than `above`.
    case held(body: Int, above: Double)
    /// Every rule holds.
    case all([SuccessRule])

    /// Whether the rule holds in `world` with goal `goal`.
    public func holds(in world: World, goal: Vec3) -> Bool {
        switch self {
        case .near(let ref, let threshold, let strict):
            let d = Geometry.distance(world.position(of: ref), goal)
            return strict ? d < threshold : d <= threshold
        case .nearAlong(let ref, let axis, let threshold):
            return abs(world.position(of: ref)[axis] - goal[axis]) <= threshold
        case .jointBeyond(let f, let value):
            return world.fixtures[f].q > value
        case .jointNear(let f, let target, let tolerance):
            return abs(world.fixtures[f].q - target) <= tolerance
        case .threaded(let ring, let post, let tolerance, let depth):
            let c = world.bodies[ring].ringCenter
            let box = world.obstacles[post].box
            let dx = c.x - box.center.x, dy = c.y - box.center.y
            return (dx * dx + dy * dy).squareRoot() <= tolerance && c.z <= box.max.z - depth
        case .above(let ref):
            return world.position(of: ref).z > goal.z
        case .hooked(let tool, let target):
            guard let hook = world.bodies[target].hook else { return false }
            let tip = world.bodies[tool].tipPoint
            let box = hook.box.translated(by: world.bodies[target].position)
            return box.containsXY(tip) && tip.z >= box.min.z && tip.z <= box.max.z
        case .held(let body, let above):
            return world.heldBody == body && world.bodies[body].position.z > above
        case .all(let rules):
            return rules.allSatisfy { $0.holds(in: world, goal: goal) }
        }
    }

    /// The distance threshold of the rule (the first one found), for checks against the real table.
    public var threshold: Double? {
        switch self {
        case .near(_, let t, _), .nearAlong(_, _, let t): return t
        case .jointBeyond(_, let v): return v
        case .jointNear(_, _, let t): return t
        case .threaded(_, _, let t, _): return t
        case .above, .hooked, .held: return nil
        case .all(let rules): return rules.lazy.compactMap(\.threshold).first
        }
    }
}
