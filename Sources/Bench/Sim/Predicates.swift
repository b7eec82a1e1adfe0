/// Symbolic predicates over a world, the vocabulary of goal checks in the LIBERO/CALVIN style
/// (On, In, Open, Close; Turnon is Open of a switch-like fixture).
extension World {
    /// Body `i` rests on `support` (a body, an obstacle or a fixture part) and is not held.
    public func isOn(_ i: Int, _ support: Support) -> Bool {
        heldBody != i && bodies[i].support == support && support != .none
    }

    /// Body `i`'s centre lies inside `region` and the body is not held.
    public func isIn(_ i: Int, _ region: AABB) -> Bool {
        let p = bodies[i].position
        return heldBody != i && p.x >= region.min.x && p.x <= region.max.x && p.y >= region.min.y && p.y <= region.max.y
            && p.z >= region.min.z && p.z <= region.max.z
    }

    /// Body `i` is not held and rests on something that matches `holds`, directly or through a
    /// stack of other bodies (a mug on a plate in a basket rests in the basket).
    public func restsOn(_ i: Int, where holds: (Support) -> Bool) -> Bool {
        guard heldBody != i else { return false }
        var current = i
        for _ in 0..<bodies.count {
            let s = bodies[current].support
            if holds(s) { return true }
            guard case .body(let below) = s, heldBody != below else { return false }
            current = below
        }
        return false
    }

    /// Body `i` rests in (or on) body `container`, directly or through other bodies.
    public func isInside(_ i: Int, body container: Int) -> Bool {
        restsOn(i) { $0 == .body(container) }
    }

    /// Body `i` rests on a part of fixture `f` (a drawer's floor), directly or through other bodies.
    public func isInside(_ i: Int, fixture f: Int) -> Bool {
        restsOn(i) { if case .fixturePart(f, _) = $0 { return true } else { return false } }
    }

    /// Fixture `f` is at least `fraction` of the way from its lower to its upper limit.
    public func isOpen(_ f: Int, fraction: Double = 0.5) -> Bool { fixtures[f].openness >= fraction }

    /// Fixture `f` is within `fraction` of its lower limit.
    public func isClosed(_ f: Int, fraction: Double = 0.1) -> Bool { fixtures[f].openness <= fraction }
}
