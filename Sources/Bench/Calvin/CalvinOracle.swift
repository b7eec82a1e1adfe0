import Foundation

/// CALVIN's task oracle: whether a subtask is done, judged between the scene at the subtask's start
/// and now (`calvin_env/envs/tasks.py`, `new_playtable_tasks.yaml`).
enum CalvinOracle {
    static let rotation = 60 * Double.pi / 180

    /// Index (0 red, 1 blue, 2 pink) of the block a task names, if any.
    static func colour(in task: String) -> Int? {
        CalvinTask.colours.firstIndex { task.contains("_\($0)_block") }
    }

    /// The block rests on a block (not held).
    static func onBlock(_ s: CalvinScene, _ b: Int) -> Bool {
        guard case .body(let j) = s.world.bodies[b].support else { return false }
        return s.blocks.contains(j) && s.world.heldBody != b
    }

    static func onShelf(_ s: CalvinScene, _ b: Int) -> Bool { s.world.isOn(b, .obstacle(s.shelf)) }
    static func inDrawer(_ s: CalvinScene, _ b: Int) -> Bool { s.world.isInside(b, fixture: s.drawer) }

    /// Whether `task` is achieved now (`now`) relative to the start of the subtask (`start`).
    static func success(_ task: String, start: CalvinScene, now: CalvinScene) -> Bool {
        let w = now.world, w0 = start.world
        if let c = colour(in: task) {
            let b = now.blocks[c]
            let p = w.bodies[b].position, p0 = w0.bodies[b].position
            let held = w.heldBody == b
            if task.hasPrefix("rotate") {
                let turn = ArmAction.angleDifference(w.bodies[b].yaw, w0.bodies[b].yaw)
                let resting = !held && w.bodies[b].support != .none
                return resting && Geometry.distance(p, p0) <= 0.1 && (task.hasSuffix("right") ? turn < -rotation : turn > rotation)
            }
            if task.hasPrefix("push") {
                let onTable = !held && w.bodies[b].support == .table
                return onTable && (task.hasSuffix("right") ? p.x - p0.x > 0.1 : p.x - p0.x < -0.1)
            }
            if task.hasSuffix("table") { return held && p.z - p0.z > 0.05 && w0.bodies[b].support == .table }
            if task.hasSuffix("slider") { return held && p.z - p0.z > 0.03 && onShelf(start, b) }
            if task.hasSuffix("drawer") { return held && p.z - p0.z > 0.05 && inDrawer(start, b) }
        }
        let q = { (f: Int) in w.fixtures[f].q - w0.fixtures[f].q }
        switch task {
        case "move_slider_left": return q(now.door) >= 0.15
        case "move_slider_right": return q(now.door) <= -0.15
        case "open_drawer": return q(now.drawer) >= 0.12
        case "close_drawer": return q(now.drawer) <= -0.12
        case "turn_on_lightbulb": return !start.bulbOn && now.bulbOn
        case "turn_off_lightbulb": return start.bulbOn && !now.bulbOn
        case "turn_on_led": return !start.ledOn && now.ledOn
        case "turn_off_led": return start.ledOn && !now.ledOn
        case "place_in_slider":
            return now.blocks.contains { w0.heldBody == $0 && w.heldBody == nil && onShelf(now, $0) }
        case "place_in_drawer":
            return now.blocks.contains { w0.heldBody == $0 && w.heldBody == nil && inDrawer(now, $0) }
        case "push_into_drawer":
            return now.blocks.contains { w0.bodies[$0].support == .table && w.heldBody == nil && inDrawer(now, $0) }
        case "stack_block":
            return now.blocks.contains { w0.heldBody == $0 && onBlock(now, $0) }
        case "unstack_block":
            return now.blocks.contains { onBlock(start, $0) && !onBlock(now, $0) && w.heldBody != $0 && w.bodies[$0].support != .none }
        default:
            return false
        }
    }
}
