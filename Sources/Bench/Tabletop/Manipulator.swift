import Foundation

/// The scripted experts' skills over the full simulator state (they are oracles): travel over
/// whatever is in the way, pick a body up, put a held body down, drive a fixture's handle to a
/// joint value, push a body along the table. Each returns this step's ``Motion`` from the world as
/// it is now, so an expert needs no memory to resume after any step.
public enum Manipulator {
    /// Clearance kept above everything the gripper passes over, metres.
    static let clearance = 0.035
    /// How close (sideways) the tool centre point must be before descending.
    static let alignTolerance = 0.006
    /// The finger gap (metres) the expert opens to around narrow handles.
    public static let handleGap = 0.03

    /// The tool centre point's height below which its lowest point (a fingertip or the bottom of the
    /// held body) would touch something between `a` and `b`, plus the clearance.
    public static func travelHeight(_ w: World, from a: Vec3, to b: Vec3, ignoring skip: Int? = nil) -> Double {
        let g = w.gripper
        var below = Gripper.fingerLift - Gripper.fingerHalf.z
        var reach = g.gap / 2 + 2 * Gripper.fingerHalf.y
        if let h = w.heldBody {
            let box = w.bodies[h].bounds
            below = min(below, box.min.z - g.position.z)
            reach = max(reach, Geometry.length(Vec3(box.half.x, box.half.y, 0)) + Geometry.distance(Vec3(box.center.x, box.center.y, 0), Vec3(g.position.x, g.position.y, 0)))
        }
        var top = 0.0
        func consider(_ box: AABB) {
            if distanceXY(box, a, b) < reach { top = max(top, box.max.z) }
        }
        for o in w.obstacles { consider(o.box) }
        for f in w.fixtures { for p in f.parts.indices { consider(f.partBounds(p)) } }
        for (i, body) in w.bodies.enumerated() where i != w.heldBody && i != skip { consider(body.bounds) }
        return min(top - below + clearance, w.workspace.max.z)
    }

    /// Distance in the xy plane between a box's footprint and the segment from `a` to `b`.
    static func distanceXY(_ box: AABB, _ a: Vec3, _ b: Vec3) -> Double {
        // Sample the segment: boxes are small and segments short; 16 samples are within 2 cm.
        var best = Double.infinity
        for k in 0...16 {
            let t = Double(k) / 16, p = a + (b - a) * t
            let dx = max(box.min.x - p.x, 0, p.x - box.max.x), dy = max(box.min.y - p.y, 0, p.y - box.max.y)
            best = min(best, (dx * dx + dy * dy).squareRoot())
        }
        return best
    }

    /// Moves the tool centre point to `target`: straight up to the travel height, across, then
    /// straight down (when it is more than `alignTolerance` away sideways).
    public static func go(_ w: World, to target: Vec3, yaw: Double? = nil, grip: Double, ignoring skip: Int? = nil) -> Motion {
        let p = w.gripper.position
        if distanceXY(p, target) > alignTolerance {
            let height = max(travelHeight(w, from: p, to: target, ignoring: skip), target.z)
            if p.z < height - 0.004 { return Motion(target: Vec3(p.x, p.y, height), yaw: yaw, grip: grip) }
            return Motion(target: Vec3(target.x, target.y, max(height, min(p.z, height + 0.05))), yaw: yaw, grip: grip)
        }
        return Motion(target: target, yaw: yaw, grip: grip)
    }

    static func distanceXY(_ a: Vec3, _ b: Vec3) -> Double {
        let dx = a.x - b.x, dy = a.y - b.y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The gripper yaw that closes the fingers across body `i`: across the narrower side of a box,
    /// across a mug's or pot's round part, any yaw for a round body. With `choice` 0 the one nearest
    /// the current yaw (modulo pi); with 1 the other way of taking it (see ``ExpertStyle/graspYaw``):
    /// for a box or a mug the fingers swapped (its yaw plus pi, in (pi/2, 3pi/2] of the table), for a
    /// round body or a square box the other of the two candidate yaws when it leaves the fingers clear.
    static func graspYaw(_ w: World, _ i: Int, choice: Int = 0) -> Double {
        let b = w.bodies[i], current = w.gripper.yaw
        var wanted: Double
        if b.gripWidth != nil { wanted = b.yaw } else if b.shape != .box {
            // Round: the yaw whose open fingers keep farthest from everything else around the grasp point.
            return clearestYaw(w, at: { graspTarget(w, i, yaw: $0) }, gap: Gripper.maxGap, excluding: i, choice: choice)
        } else if abs(b.half.x - b.half.y) < 1e-9 {
            // A square footprint: across either pair of sides, whichever leaves the fingers clearer.
            return clearestYaw(w, at: { graspTarget(w, i, yaw: $0) }, gap: Gripper.maxGap, excluding: i, base: b.yaw, choice: choice)
        } else {
            wanted = b.half.x < b.half.y ? b.yaw + Double.pi / 2 : b.yaw
        }
        if choice == 1 {
            // The canonical yaw in (-pi/2, pi/2], turned by a half turn: a fixed target whatever the current yaw.
            var canonical = wanted.truncatingRemainder(dividingBy: Double.pi)
            if canonical > Double.pi / 2 { canonical -= Double.pi } else if canonical <= -Double.pi / 2 { canonical += Double.pi }
            return canonical + Double.pi
        }
        let turns = ((current - wanted) / Double.pi).rounded()
        return wanted + turns * Double.pi
    }

    /// Of the yaws `base` and `base` + 90 degrees (modulo a half turn, nearest the current yaw), the one whose fingers
    /// at `point(yaw)` with gap `gap` keep farthest from everything but body `skip` (with `choice` 1 the other,
    /// if it keeps them 5 mm clear). The candidates are fixed
    /// (collision boxes are axis-aligned, so turned fingers would meet round bodies' box corners) so
    /// that the choice does not move as the gripper turns; clearances are compared to the millimetre,
    /// ties go to the smallest turn.
    static func clearestYaw(_ w: World, at point: (Double) -> Vec3, gap: Double, excluding skip: Int?, base: Double = 0,
                            choice: Int = 0) -> Double {
        let current = w.gripper.yaw
        func score(_ yaw: Double) -> (Double, Double) {
            let turn = abs(ArmAction.angleDifference(yaw, current)), halfTurn = turn > Double.pi / 2 ? Double.pi - turn : turn
            return ((fingerClearance(w, at: point(yaw), yaw: yaw, gap: gap, excluding: skip) * 1000).rounded(), -halfTurn)
        }
        let candidates = [base, base + Double.pi / 2]
        var best = candidates.max { score($0) < score($1) }!
        if choice == 1 {
            // By clearance alone (ties to `base`), so that the choice does not flip as the gripper turns.
            let clear = candidates.map { score($0).0 }
            let other = clear[0] >= clear[1] ? 1 : 0
            best = clear[other] >= 5 ? candidates[other] : candidates[1 - other]
        }
        return best + ((current - best) / Double.pi).rounded() * Double.pi
    }

    /// The smallest sideways gap between fingers at `point` (at `yaw`, `gap` apart) and anything but
    /// body `skip` (and the held body) that reaches their height; negative when they would overlap.
    static func fingerClearance(_ w: World, at point: Vec3, yaw: Double, gap: Double, excluding skip: Int?) -> Double {
        let g = Gripper(position: point, yaw: yaw, gap: gap)
        let fingers = [g.fingerBounds(-1, at: g.position), g.fingerBounds(1, at: g.position)]
        var best = Double.infinity
        func consider(_ box: AABB) {
            for f in fingers where box.max.z > f.min.z && box.min.z < f.max.z {
                let dx = max(box.min.x - f.max.x, f.min.x - box.max.x), dy = max(box.min.y - f.max.y, f.min.y - box.max.y)
                best = min(best, max(dx, dy))
            }
        }
        for o in w.obstacles { consider(o.box) }
        for f in w.fixtures { for p in f.parts.indices { consider(f.partBounds(p)) } }
        for (j, body) in w.bodies.enumerated() where j != skip && j != w.heldBody { consider(body.bounds) }
        if fingersMeetTheTable(w, fingers) { best = -1 }
        return min(best, 1)
    }

    /// Whether a finger box reaches below the table top outside a hole (only holes leave room there).
    static func fingersMeetTheTable(_ w: World, _ fingers: [AABB]) -> Bool {
        fingers.contains { f in f.min.z < 0 && !w.holes.contains(where: { $0.contains(footprintOf: f) }) }
    }

    /// Picks body `i` up: over it with open fingers, down around its grasp point, close. Nil once held.
    public static func pick(_ w: World, _ i: Int, yawChoice: Int = 0) -> Motion? {
        if w.heldBody == i { return nil }
        let g = w.gripper
        if g.held != .nothing { return Motion(target: g.position, grip: -1) }
        let yaw = graspYaw(w, i, choice: yawChoice), grasp = graspTarget(w, i, yaw: yaw)
        let aligned = distanceXY(g.position, grasp) <= alignTolerance && abs(ArmAction.angleDifference(yaw, g.yaw)) < 0.03
        if !aligned {
            // Come in above the body's top (fingertips 1.5 cm clear): a tall body pushed high topples.
            let above = Vec3(grasp.x, grasp.y, max(grasp.z + 0.06, w.bodies[i].bounds.max.z + 0.03))
            var m = go(w, to: above, yaw: yaw, grip: -1, ignoring: i)
            if distanceXY(g.position, grasp) <= alignTolerance { m.target = Vec3(grasp.x, grasp.y, g.position.z) }
            return m
        }
        if g.gap < Gripper.maxGap - 1e-9, g.position.z - grasp.z > 0.01 {
            return Motion(target: g.position, yaw: yaw, grip: -1)  // open fully before going down
        }
        if g.position.z - grasp.z > 0.003 { return Motion(target: grasp, yaw: yaw, grip: -1) }
        return Motion(target: grasp, yaw: yaw, grip: 1)
    }

    /// Where the tool centre point goes to take body `i` with the fingers at `yaw`: its grasp point,
    /// or, when the open fingers there would reach into the table top (by the table's edge over a
    /// pulled-out drawer), a point up to 1 cm across the fingers (closing fingers still catch a body
    /// that far off their centre line, and centre it) where they clear everything, if there is one.
    static func graspTarget(_ w: World, _ i: Int, yaw: Double) -> Vec3 {
        let grasp = w.bodies[i].graspPoint
        let open = Gripper(position: grasp, yaw: yaw, gap: Gripper.maxGap)
        guard fingersMeetTheTable(w, [open.fingerBounds(-1, at: grasp), open.fingerBounds(1, at: grasp)]) else { return grasp }
        let slack = 0.01, across = Geometry.rotateZ(Vec3(0, 1, 0), yaw)
        for s in [slack, -slack, slack / 2, -slack / 2] where fingerClearance(w, at: grasp + across * s, yaw: yaw, gap: Gripper.maxGap,
                                                                                 excluding: i) >= 0 {
            return grasp + across * s
        }
        return grasp
    }

    /// Carries the held body `i` so that its centre reaches `spot` (just above where it should rest)
    /// and lets go there; the gripper turns to `yaw` on the way if given.
    public static func put(_ w: World, _ i: Int, at spot: Vec3, yaw wanted: Double? = nil) -> Motion {
        let g = w.gripper, b = w.bodies[i]
        let offset = b.position - g.position
        let target = spot - offset
        // A round body turns with the fingers at no cost: turn them to where they are clearest at the spot.
        let round = b.shape != .box && b.gripWidth == nil
        let yaw = wanted ?? (round ? clearestYaw(w, at: { _ in target }, gap: g.gap, excluding: i) : nil)
        if distanceXY(g.position, target) <= alignTolerance {
            if let yaw, abs(ArmAction.angleDifference(yaw, g.yaw)) > 0.03 { return Motion(target: g.position, yaw: yaw, grip: 1) }
            if abs(g.position.z - target.z) < 0.004 { return Motion(target: g.position, grip: -1) }
        }
        return go(w, to: target, yaw: yaw, grip: 1)
    }

    /// Moves body `i` so that it ends resting at `spot` (its centre just above its resting place):
    /// picks it up unless held (with grasp yaw `yawChoice`), carries it and releases it; waits while it falls.
    public static func place(_ w: World, _ i: Int, at spot: Vec3, yawChoice: Int = 0) -> Motion {
        if w.heldBody == i { return put(w, i, at: spot) }
        if w.bodies[i].support == .none { return Motion(target: w.gripper.position, grip: -1) }
        return pick(w, i, yawChoice: yawChoice) ?? put(w, i, at: spot)
    }

    /// Drives fixture `f` by its handle part `part` until its joint reaches `q` (within `tolerance`):
    /// grasps the handle (fingers opened to `gap` around it, or fully open if nil, at `yaw`), moves
    /// along the joint, lets go. Nil once the joint is there and the handle released.
    public static func operate(_ w: World, fixture f: Int, handle part: Int, to q: Double, yaw: Double, gap: Double? = handleGap,
                               tolerance: Double = 0.002) -> Motion? {
        let fixture = w.fixtures[f], g = w.gripper
        let reached = abs(fixture.q - q) <= tolerance
        if case .fixture(f, _) = g.held {
            if reached { return Motion(target: g.position, grip: -1) }
            let v = fixture.velocity(at: g.position)
            let speed = Geometry.length(v)
            guard speed > 1e-9 else { return Motion(target: g.position, grip: -1) }
            let remaining = (q - fixture.q) * speed
            return Motion(target: g.position + v / speed * remaining, grip: 1)
        }
        if reached { return nil }
        if g.held != .nothing { return Motion(target: g.position, grip: -1) }
        let handle = fixture.partBounds(part).center
        let aligned = distanceXY(g.position, handle) <= alignTolerance && abs(ArmAction.angleDifference(yaw, g.yaw)) < 0.03
        if !aligned {
            var m = go(w, to: Vec3(handle.x, handle.y, handle.z + 0.06), yaw: yaw, grip: travelGrip(w))
            if distanceXY(g.position, handle) <= alignTolerance { m.target = Vec3(handle.x, handle.y, g.position.z) }
            return m
        }
        if g.position.z - handle.z > 0.003 {
            // Open to the narrow gap above the handle, then go down around it.
            let wanted = gap ?? Gripper.maxGap
            if abs(g.gap - wanted) > 0.002, g.position.z - handle.z > 0.03 {
                return Motion(target: g.position, yaw: yaw, grip: min(max((g.gap - wanted) / 0.02, -1), 1))
            }
            return Motion(target: handle, yaw: yaw, grip: gap == nil ? -1 : 0)
        }
        return Motion(target: handle, yaw: yaw, grip: 1)
    }

    /// The finger effort for travelling with nothing held: closed (narrow fingers pass by more things)
    /// unless a handle or a graspable body is within 6 cm of the tool centre point — closing there,
    /// next to a handle just let go of, would take it again.
    static func travelGrip(_ w: World) -> Double {
        let p = w.gripper.position
        for f in w.fixtures {
            for (k, part) in f.parts.enumerated() where part.role == .handle && Geometry.distance(f.partBounds(k).center, p) < 0.06 {
                return -1
            }
        }
        for b in w.bodies where b.graspable && Geometry.distance(b.graspPoint, p) < 0.06 { return -1 }
        return 1
    }

    /// Presses push button `button` (fixture part 0, its cap) down with closed fingers, and keeps
    /// pressing.
    public static func press(_ w: World, button: Int) -> Motion {
        let cap = w.fixtures[button].partBounds(0)
        let touch = Vec3(cap.center.x, cap.center.y, cap.max.z + Gripper.fingerHalf.z - Gripper.fingerLift)
        let down = Motion(target: touch - Vec3(0, 0, 0.03), yaw: 0, grip: 1)
        let g = w.gripper
        if distanceXY(g.position, touch) < 0.008, g.gap < 1e-6, g.position.z < touch.z + 0.006 { return down }
        return pressDown(w, at: touch, hover: 0.03) { _ in down }
    }

    /// Lifts the fingers `height` metres above the top of button `button`'s cap at rest, straight up.
    public static func liftOff(_ w: World, button: Int, height: Double) -> Motion {
        let f = w.fixtures[button], cap = f.partBounds(0, at: f.lower), g = w.gripper.position
        return Motion(target: Vec3(g.x, g.y, cap.max.z + Gripper.fingerHalf.z - Gripper.fingerLift + height), yaw: 0, grip: 1)
    }

    /// Pushes body `i` along the table until its centre is at `goal` (x first, then y), with closed
    /// fingers at height `z`: from behind it, Sokoban style, closing the fingers above the spot behind it.
    public static func push(_ w: World, _ i: Int, to goal: Vec3, z: Double) -> Motion {
        let b = w.bodies[i], g = w.gripper
        if g.held != .nothing { return Motion(target: g.position, grip: -1) }
        let d = goal - b.position
        let axis = abs(d.x) > 0.01 ? 0 : 1
        let s: Double = d[axis] >= 0 ? 1 : -1
        let standoff = b.bounds.half[axis] + Gripper.fingerHalf.x + 0.004
        var behind = Vec3(b.position.x, b.position.y, z)
        behind[axis] -= s * standoff
        return pressDown(w, at: behind, hover: 0.04) { through in
            var end = through
            end[axis] = goal[axis] - s * standoff
            return Motion(target: end, yaw: 0, grip: 1)
        }
    }

    /// Goes to `hover` metres above `spot` (fingers as ``travelGrip(_:)`` says), closes them there,
    /// goes down to `spot`, then does `then(spot)`.
    public static func pressDown(_ w: World, at spot: Vec3, hover: Double, then: (Vec3) -> Motion) -> Motion {
        let g = w.gripper
        guard distanceXY(g.position, spot) < 0.008, abs(ArmAction.angleDifference(0, g.yaw)) < 0.03 else {
            return go(w, to: spot + Vec3(0, 0, hover), yaw: 0, grip: travelGrip(w))
        }
        if abs(g.position.z - spot.z) < 0.006 { return then(spot) }
        if g.gap > 1e-6 { return Motion(target: Vec3(spot.x, spot.y, max(g.position.z, spot.z + hover)), yaw: 0, grip: 1) }
        return Motion(target: spot, yaw: 0, grip: 1)
    }
}
