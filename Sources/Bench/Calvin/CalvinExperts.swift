import Foundation

/// The scripted experts of the 34 calvin-like tasks, one plan per subtask built when the subtask
/// starts (so they can measure from the start as CALVIN's oracle does). The gripper only opens or
/// closes (CALVIN's binary gripper), so handles are taken with fully open fingers.
enum CalvinExperts {
    typealias S = CalvinScene

    static func plan(_ task: String, start s: CalvinScene) -> ExpertPlan {
        let never: @Sendable (World) -> Bool = { _ in false }
        let stages: [ExpertPlan.Stage]
        if let c = CalvinOracle.colour(in: task) {
            let b = s.blocks[c], p0 = s.world.bodies[b].position
            if task.hasPrefix("rotate") {
                let target = s.world.bodies[b].yaw + (task.hasSuffix("right") ? -1.3 : 1.3)
                stages = [leaveCabinet(s), .custom(motion: { rotate($0, b, to: target, restZ: p0.z) }, done: never)]
            } else if task.hasPrefix("push") {
                let goal = Vec3(p0.x + (task.hasSuffix("right") ? 0.14 : -0.14), p0.y, 0)
                stages = [leaveCabinet(s), .custom(motion: { Manipulator.push($0, b, to: goal, z: 0.015) }, done: never)]
            } else if task.hasSuffix("slider") {
                let left = p0.x < s.variant.cabinetX
                stages = [leaveCabinet(s, unlessClear: left), clearDoor(s, openLeft: left),
                          .custom(motion: { liftFromShelf($0, s, b, by: 0.045) }, done: never)]
            } else if task.hasSuffix("drawer") {
                stages = [leaveCabinet(s), pullDrawer(s), .custom(motion: { lift($0, b, to: p0.z + 0.08) }, done: never)]
            } else {
                stages = [leaveCabinet(s), .custom(motion: { lift($0, b, to: p0.z + 0.08) }, done: never)]
            }
            return ExpertPlan(stages, handleGap: nil)
        }
        let q = { (f: Int) in s.world.fixtures[f].q }
        switch task {
        case "move_slider_left", "move_slider_right":
            let to = task.hasSuffix("left") ? S.doorTravel : 0
            stages = [leaveCabinet(s), .operate(fixture: s.door, handle: 1, to: to, yaw: Double.pi / 2, done: never)]
        case "open_drawer", "close_drawer":
            let to = task == "open_drawer" ? min(q(s.drawer) + 0.18, S.drawerTravel) : max(q(s.drawer) - 0.18, 0)
            stages = [leaveCabinet(s), .operate(fixture: s.drawer, handle: 1, to: to, yaw: Double.pi / 2, done: never)]
        case "turn_on_lightbulb", "turn_off_lightbulb":
            let to = task == "turn_on_lightbulb" ? S.switchTravel : 0
            stages = [leaveCabinet(s), .operate(fixture: s.lightSwitch, handle: 0, to: to, yaw: Double.pi / 2, done: never)]
        case "turn_on_led", "turn_off_led":
            stages = [leaveCabinet(s), .custom(motion: { Manipulator.press($0, button: s.button) }, done: never)]
        case "place_in_slider":
            // Into the open half (the door covers the other one), in the middle of what the door leaves
            // clear of it: a move_slider subtask ends a little past half way, and with a block in
            // hand the door cannot be slid further.
            let left = !s.sliderLeft
            let doorX = s.world.fixtures[s.door].partBounds(0)
            let half = (lo: left ? s.variant.cabinetX - 0.3 : s.variant.cabinetX, hi: left ? s.variant.cabinetX : s.variant.cabinetX + 0.3)
            let clear = left ? (half.lo, min(half.hi, doorX.min.x)) : (max(half.lo, doorX.max.x), half.hi)
            let x = (clear.0 + clear.1) / 2
            stages = [.custom(motion: { storeOnShelf($0, s, x: x) }, done: never)]
        case "place_in_drawer":
            let drawer = s.drawer
            stages = [leaveCabinet(s), .custom(motion: { w in
                guard let b = w.heldBody else { return Motion(target: w.gripper.position, grip: -1) }
                // 5 cm behind the drawer's front, clear of a block pushed in over the table's edge (which
                // lands at the back); fingers across the drawer.
                let floor = w.fixtures[drawer].partBounds(2)
                let spot = Vec3(floor.center.x, floor.min.y + 0.05, floor.max.z + w.bodies[b].half.z + 0.012)
                let across = Double.pi / 2 + ((w.gripper.yaw - Double.pi / 2) / Double.pi).rounded() * Double.pi
                return Manipulator.put(w, b, at: spot, yaw: across)
            }, done: never)]
        case "stack_block":
            let blocks = s.blocks
            stages = [leaveCabinet(s), .custom(motion: { w in
                guard let b = w.heldBody, let j = blocks.first(where: { $0 != b && w.bodies[$0].support == .table }) else {
                    return Motion(target: w.gripper.position, grip: -1)
                }
                let top = w.bodies[j].bounds
                return Manipulator.put(w, b, at: Vec3(top.center.x, top.center.y, top.max.z + w.bodies[b].half.z + 0.012))
            }, done: never)]
        case "unstack_block":
            let top = s.blocks.first { CalvinOracle.onBlock(s, $0) } ?? s.blocks[0]
            let spot = freeTableSpot(s, beside: top)
            stages = [leaveCabinet(s), .custom(motion: { w in
                w.heldBody == top ? Manipulator.put(w, top, at: Vec3(spot.x, spot.y, w.bodies[top].half.z + 0.012))
                    : (Manipulator.pick(w, top) ?? Motion(target: w.gripper.position, grip: 1))
            }, done: never)]
        case "push_into_drawer":
            let b = s.blocks.first { s.world.bodies[$0].support == .table } ?? s.blocks[0]
            // Pushed on through its fall, so that it lands clear of the drawer's back wall (a body
            // lands on the drawer floor only with its centre over it, and the fingers need room to take it).
            let h = s.world.bodies[b].bounds.half.y
            let goal = Vec3(s.variant.drawerX, S.tableFront - h - 0.04, 0)
            stages = [leaveCabinet(s), pullDrawer(s), .custom(motion: { Manipulator.push($0, b, to: goal, z: 0.015) }, done: never)]
        default:
            stages = []
        }
        return ExpertPlan(stages, handleGap: nil)
    }

    /// Backs the gripper out of the sliding cabinet (done once it is out; with `unlessClear`, also
    /// when the door already leaves that half of the cabinet open, so the gripper may work inside).
    static func leaveCabinet(_ s: CalvinScene, unlessClear left: Bool? = nil) -> ExpertPlan.Stage {
        let door = s.door
        return .custom(motion: { w in Motion(target: Vec3(w.gripper.position.x, S.cabinetFront - 0.1, w.gripper.position.z),
                                             grip: w.gripper.held == .nothing ? -1 : 1) },
                       done: { w in
                           if let left, abs(w.fixtures[door].q - (left ? 0 : S.doorTravel)) < 0.004 { return true }
                           return !s.insideCabinet(w.gripper.position)
                       })
    }

    /// Slides the door all the way over the other half, so that the half on the left (`openLeft`) or
    /// right is wholly open (a move_slider subtask counts as done a little past half way).
    static func clearDoor(_ s: CalvinScene, openLeft: Bool) -> ExpertPlan.Stage {
        let end = openLeft ? 0 : S.doorTravel, door = s.door
        return .operate(fixture: door, handle: 1, to: end, yaw: Double.pi / 2, done: { abs($0.fixtures[door].q - end) < 0.004 })
    }

    /// Pulls the drawer well out (an open_drawer subtask counts as done 12 cm out), unless it is.
    static func pullDrawer(_ s: CalvinScene) -> ExpertPlan.Stage {
        let drawer = s.drawer
        // All the way out: a block pushed in turned near the table's edge needs the room for the open fingers.
        return .operate(fixture: drawer, handle: 1, to: S.drawerTravel, yaw: Double.pi / 2,
                        done: { $0.fixtures[drawer].q >= S.drawerTravel - 0.003 })
    }

    /// Picks block `b` up, lifts it 2 cm, turns it to `yaw`, puts it back down (its centre at `restZ`) and lets go.
    static func rotate(_ w: World, _ b: Int, to yaw: Double, restZ: Double) -> Motion {
        let g = w.gripper
        guard w.heldBody == b else {
            if w.bodies[b].support == .none { return Motion(target: g.position, grip: -1) }
            return Manipulator.pick(w, b) ?? Motion(target: g.position, grip: 1)
        }
        let body = w.bodies[b]
        let turn = ArmAction.angleDifference(yaw, body.yaw)
        if abs(turn) > 0.03 {
            if body.position.z < restZ + 0.02 { return Motion(target: g.position + Vec3(0, 0, 0.03), grip: 1) }
            return Motion(target: g.position, yaw: g.yaw + turn, grip: 1)
        }
        let down = g.position + Vec3(0, 0, restZ + 0.006 - body.position.z)
        if abs(g.position.z - down.z) < 0.003 { return Motion(target: g.position, grip: -1) }
        return Motion(target: down, grip: 1)
    }

    /// Picks block `b` up and raises it until its centre is at `z`.
    static func lift(_ w: World, _ b: Int, to z: Double) -> Motion {
        let g = w.gripper
        if w.heldBody == b { return Motion(target: g.position + Vec3(0, 0, z - w.bodies[b].position.z), grip: 1) }
        if w.bodies[b].support == .none { return Motion(target: g.position, grip: -1) }
        return Manipulator.pick(w, b) ?? Motion(target: g.position, grip: 1)
    }

    /// Of the yaws `base` + k * 90 degrees (a cube can be held across either pair of sides), the one
    /// nearest 90 degrees modulo 180: fingers across the cabinet's width, so that the gripper slides in
    /// and out freely.
    static func sideways(_ base: Double) -> Double {
        var best = base
        for k in 0..<4 {
            let yaw = base + Double(k) * Double.pi / 2
            if abs(cos(yaw)) < abs(cos(best)) - 1e-9 { best = yaw }
        }
        return best
    }

    /// Reaches into the cabinet from the front, takes block `b` from the shelf and raises it by `by`.
    static func liftFromShelf(_ w: World, _ s: CalvinScene, _ b: Int, by: Double) -> Motion {
        let g = w.gripper, body = w.bodies[b]
        if w.heldBody == b { return Motion(target: g.position + Vec3(0, 0, by + 0.005), grip: 1) }
        let grasp = body.graspPoint
        let yaw = ArmAction.angleDifference(sideways(body.yaw), 0)
        let wanted = yaw + ((g.yaw - yaw) / Double.pi).rounded() * Double.pi
        let front = Vec3(grasp.x, S.cabinetFront - 0.1, grasp.z)
        let inLane = abs(g.position.x - grasp.x) < 0.006 && abs(g.position.z - grasp.z) < 0.006
        if s.insideCabinet(g.position) || g.position.y > front.y + 0.006 {
            guard inLane else { return Motion(target: Vec3(g.position.x, front.y, g.position.z), grip: -1) }
            if abs(g.position.y - grasp.y) < 0.004 { return Motion(target: grasp, grip: 1) }
            return Motion(target: grasp, grip: -1)
        }
        if inLane, abs(g.position.y - front.y) < 0.006, abs(ArmAction.angleDifference(wanted, g.yaw)) < 0.03, g.gap > Gripper.maxGap - 1e-6 {
            return Motion(target: Vec3(grasp.x, grasp.y, grasp.z), grip: -1)
        }
        return Manipulator.go(w, to: front, yaw: wanted, grip: -1)
    }

    /// Carries the held block into the cabinet's open half (its centre over `x`) and sets it on the shelf.
    static func storeOnShelf(_ w: World, _ s: CalvinScene, x: Double) -> Motion {
        let g = w.gripper
        guard let b = w.heldBody else {
            return Motion(target: Vec3(g.position.x, S.cabinetFront - 0.1, g.position.z), grip: -1)
        }
        let body = w.bodies[b], offset = body.position - g.position
        let z = S.shelfTop + body.half.z + 0.012 - offset.z
        let inside = Vec3(x - offset.x, S.shelfSlotY - offset.y, z), front = Vec3(inside.x, S.cabinetFront - 0.1, z)
        // Fingers across the cabinet (the held block turns with them), so they slide out past it.
        let yaw = Double.pi / 2 + ((g.yaw - Double.pi / 2) / Double.pi).rounded() * Double.pi
        if Manipulator.distanceXY(g.position, inside) < 0.006, abs(g.position.z - z) < 0.004 { return Motion(target: g.position, grip: -1) }
        let inLane = abs(g.position.x - inside.x) < 0.006 && abs(g.position.z - z) < 0.006
        if s.insideCabinet(g.position) || g.position.y > front.y + 0.006 {
            return inLane ? Motion(target: inside, grip: 1) : Motion(target: Vec3(g.position.x, front.y, g.position.z), grip: 1)
        }
        if inLane, abs(g.position.y - front.y) < 0.006, abs(ArmAction.angleDifference(yaw, g.yaw)) < 0.03 {
            return Motion(target: inside, grip: 1)
        }
        return Manipulator.go(w, to: front, yaw: yaw, grip: 1)
    }

    /// A spot on the table next to block `b` (toward the table's middle) that no other block, fixture
    /// or obstacle covers.
    static func freeTableSpot(_ s: CalvinScene, beside b: Int) -> SIMD2<Double> {
        let p = s.world.bodies[b].position, h = s.world.bodies[b].bounds.half
        let side: Double = p.x < 0 ? 1 : -1
        let candidates = [SIMD2(p.x + side * 0.14, p.y), SIMD2(p.x - side * 0.14, p.y), SIMD2(p.x, p.y - 0.12), SIMD2(p.x, p.y + 0.12)]
        func clear(_ c: SIMD2<Double>) -> Bool {
            let box = AABB(center: Vec3(c.x, c.y, h.z), half: h + Vec3(0.02, 0.02, 0))
            if c.y - h.y < S.tableFront + 0.02 { return false }
            return !s.world.bodies.enumerated().contains { $0.offset != b && $0.element.bounds.overlapsXY(box) }
                && !s.world.obstacles.contains { $0.box.overlapsXY(box) }
                && !s.world.fixtures.contains { f in f.parts.indices.contains { f.partBounds($0).overlapsXY(box) } }
        }
        return candidates.first(where: clear) ?? candidates[0]
    }
}
