/// Building blocks of the scripted experts: Meta-World-style P-controllers toward phase-dependent
/// waypoints, with phases read from the observation alone (the experts keep no memory).
enum ExpertKit {
    /// Full-speed gain: an error of 4 cm or more moves at the 1 cm/step maximum.
    static let gain = 25.0
    /// Half width of closed fingers around the tool centre point, metres.
    static let fingerHalf = 0.012

    /// The 4-D action: a move toward `target` (scaled down as a whole when too fast, so the hand
    /// keeps a straight line) and a gripper effort.
    static func action(_ hand: Vec3, to target: Vec3, grab: Double, gain: Double = gain) -> SIMD4<Double> {
        var m = (target - hand) * gain
        let peak = max(abs(m.x), abs(m.y), abs(m.z))
        if peak > 1 { m /= peak }
        return SIMD4(m.x, m.y, m.z, grab)
    }

    static func distanceXY(_ a: Vec3, _ b: Vec3) -> Double {
        let dx = a.x - b.x, dy = a.y - b.y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Whether the gripper holds something of `width` metres at `grasp`: fingers stopped at its width, close to it.
    static func holding(_ o: MetaWorldObservation, grasp: Vec3, width: Double) -> Bool {
        Geometry.distance(o.hand, grasp) < 0.035 && abs(o.opening - width / 0.1) < 0.03
    }

    /// Reaching and grasping a free object at `grasp`: returns the action, or nil once it is held.
    /// The gripper rises to `clearance` above the grasp point, moves over it, opens, descends and closes.
    static func grasp(_ o: MetaWorldObservation, at grasp: Vec3, width: Double, clearance: Double = 0.08) -> SIMD4<Double>? {
        if holding(o, grasp: grasp, width: width) { return nil }
        let hand = o.hand
        let above = Vec3(grasp.x, grasp.y, grasp.z + clearance)
        let dxy = distanceXY(hand, grasp)
        if dxy > 0.008 {
            if hand.z < grasp.z + clearance * 0.6, dxy > 0.02 {
                return action(hand, to: Vec3(hand.x, hand.y, above.z), grab: -1)
            }
            return action(hand, to: Vec3(grasp.x, grasp.y, max(hand.z, min(above.z, hand.z + 0.01))), grab: -1)
        }
        if hand.z - grasp.z > 0.005 {
            // Descend only with the fingers wide open.
            return action(hand, to: o.opening > 0.95 ? grasp : hand, grab: -1)
        }
        return action(hand, to: grasp, grab: 1)
    }

    /// Moves a held object so that the point `held` (now at that position) reaches `target`,
    /// keeping the grip closed.
    static func carry(_ o: MetaWorldObservation, held: Vec3, to target: Vec3) -> SIMD4<Double> {
        action(o.hand, to: o.hand + (target - held), grab: 1)
    }

    /// Carries a held point to `target` over whatever is in between: up to `height`, across until
    /// within `tolerance` sideways, then straight to the target.
    static func carryOver(_ o: MetaWorldObservation, held: Vec3, to target: Vec3, height: Double, tolerance: Double = 0.01) -> SIMD4<Double> {
        if distanceXY(held, target) > tolerance {
            if held.z < height - 0.01 { return carry(o, held: held, to: Vec3(held.x, held.y, height)) }
            return carry(o, held: held, to: Vec3(target.x, target.y, height))
        }
        return carry(o, held: held, to: target)
    }

    /// Moves with closed fingers to `target`, first rising to `height` when the target is more than
    /// 2 cm away sideways and the hand is lower than that.
    static func travel(_ o: MetaWorldObservation, to target: Vec3, height: Double, grab: Double = 1) -> SIMD4<Double> {
        let hand = o.hand
        if distanceXY(hand, target) > 0.02 {
            if hand.z < height - 0.02 { return action(hand, to: Vec3(hand.x, hand.y, height), grab: grab) }
            return action(hand, to: Vec3(target.x, target.y, height), grab: grab)
        }
        return action(hand, to: target, grab: grab)
    }

    /// Pushes a free object of half width `half` along x, then along y, with closed fingers at height
    /// `z`, until its centre is at `target` (Sokoban style: approach from behind, then push).
    static func push(_ o: MetaWorldObservation, object: Vec3, half: Double, to target: Vec3, z: Double,
                     clearance: Double) -> SIMD4<Double> {
        let d = target - object
        let axis = abs(d.x) > 0.01 ? 0 : 1
        let s: Double = d[axis] >= 0 ? 1 : -1
        let standoff = half + fingerHalf + 0.003
        var behind = Vec3(object.x, object.y, z)
        behind[axis] -= s * standoff
        let hand = o.hand
        let inPlace = distanceXY(hand, behind) < 0.008 && abs(hand.z - z) < 0.01
        if inPlace {
            var goal = behind
            goal[axis] = target[axis] - s * standoff
            return action(hand, to: goal, grab: 1)
        }
        return travel(o, to: behind, height: clearance)
    }
}

extension ExpertKit {
    /// True when `p` lies within `tolerance` of the segment from `a` to `b`.
    static func onSegment(_ p: Vec3, _ a: Vec3, _ b: Vec3, tolerance: Double) -> Bool {
        let ab = b - a
        let len2 = (ab * ab).sum()
        let t = len2 > 0 ? min(max(((p - a) * ab).sum() / len2, 0), 1) : 0
        return Geometry.distance(p, a + ab * t) <= tolerance
    }

    /// How far closed fingers reach from the tool centre point in the unit direction `t` (they reach
    /// 1.2 cm sideways, 1.5 cm down and 4.5 cm up).
    static func fingerReach(_ t: Vec3) -> Double {
        (abs(t.x) + abs(t.y)) * fingerHalf + (t.z > 0 ? t.z * 0.045 : -t.z * 0.015)
    }

    /// Pushes a part (half as thick as `partHalf` at point `p`) along the unit direction `t` with
    /// closed fingers: comes in from `approach` (a free direction away from the part; through `via`
    /// first if given), goes just behind the part and pushes.
    static func pushAlong(_ o: MetaWorldObservation, point p: Vec3, direction t: Vec3, partHalf: Double,
                          approach: Vec3, via: Vec3? = nil) -> SIMD4<Double> {
        let hand = o.hand
        let behind = p - t * (partHalf + fingerReach(t) + 0.004)
        let pre = behind - t * 0.04
        let entry = pre + approach * 0.06
        // Close behind the part (it may have moved away a little since the last step): keep pushing.
        if Geometry.distance(hand, behind) < 0.025, ((hand - p) * t).sum() < 0 {
            return action(hand, to: behind + t * 0.05, grab: 1)
        }
        if onSegment(hand, pre, behind, tolerance: 0.012) {
            return action(hand, to: behind, grab: 1)
        }
        if onSegment(hand, entry, pre, tolerance: 0.012) {
            return action(hand, to: pre, grab: 1)
        }
        if let via, !onSegment(hand, via, entry, tolerance: 0.012), Geometry.distance(hand, via) > 0.012 {
            return action(hand, to: via, grab: 1)
        }
        return action(hand, to: entry, grab: 1)
    }

    /// Presses a button at `button` along the unit direction `dir`: lines up 6 cm before it, then pushes.
    static func press(_ o: MetaWorldObservation, button: Vec3, direction dir: Vec3) -> SIMD4<Double> {
        let hand = o.hand
        let rel = button - hand
        let along = (rel * dir).sum()
        let lateral = Geometry.length(rel - dir * along)
        if lateral > 0.008 {
            return action(hand, to: button - dir * 0.06, grab: 1)
        }
        return action(hand, to: button + dir * 0.05, grab: 1)
    }
}

/// A hinge as an expert knows it from the scene's design: its axis and the offset of the observed
/// point from the pivot at q = 0. With the point and the angle (from the observed quaternion) it
/// finds the pivot and any point along the part.
struct HingeModel {
    var axis: Vec3
    var offset: Vec3

    func angle(_ q: SIMD4<Double>) -> Double { MetaWorldObservation.angle(of: q, about: axis) }

    func pivot(point: Vec3, angle: Double) -> Vec3 {
        point - Geometry.rotate(offset, about: axis, angle: angle)
    }

    /// The point at `fraction` of the offset from the pivot, at `angle`.
    func point(_ fraction: Double, pivot: Vec3, angle: Double) -> Vec3 {
        pivot + Geometry.rotate(offset * fraction, about: axis, angle: angle)
    }

    /// The unit direction in which `point` moves as the angle grows.
    func tangent(at point: Vec3, pivot: Vec3) -> Vec3 {
        let r = point - pivot
        let v = Vec3(axis.y * r.z - axis.z * r.y, axis.z * r.x - axis.x * r.z, axis.x * r.y - axis.y * r.x)
        return v / Geometry.length(v)
    }
}
