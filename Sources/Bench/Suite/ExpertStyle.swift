/// How an episode's scripted expert moves, drawn from the episode's seed so that demos are
/// multimodal (docs/bench.md, "Multimodal experts"): it may first swing out to the left or the
/// right of its start, take a body with either of its equivalent grasp yaws, move at full or
/// three-quarter speed, and hold still for a few steps early on. The dataset records the mode of
/// every episode (``mode``).
public struct ExpertStyle: Sendable, Equatable {
    public enum Approach: Int32, Sendable {
        case direct = 0, left = 1, right = 2
    }

    public var approach: Approach
    /// The detour waypoint relative to the hand's start (zero for `direct`).
    public var detour: Vec3
    /// Which of a body's equivalent grasp yaws the expert takes: 0 the one nearest its current yaw, 1 the other.
    public var graspYaw: Int
    /// Speed factor of every move (1 or ``slowSpeed``).
    public var speed: Double
    /// The steps during which it holds still (nil: no pause).
    public var pause: Range<Int>?

    public static let slowSpeed = 0.75
    /// The columns of ``mode``, as the dataset's `expert_mode` tensor names them.
    public static let modeColumns = ["approach", "grasp_yaw", "slow", "pause"]
    /// The unstyled expert (always the same motion from the same state).
    public static let plain = ExpertStyle(approach: .direct, detour: .zero, graspYaw: 0, speed: 1, pause: nil)

    public init(approach: Approach, detour: Vec3, graspYaw: Int, speed: Double, pause: Range<Int>?) {
        self.approach = approach
        self.detour = detour
        self.graspYaw = graspYaw
        self.speed = speed
        self.pause = pause
    }

    /// A style drawn from `rng`: approach direct, left or right (1/3 each; a detour of 8-12 cm sideways,
    /// up to 4 cm farther and up to 4 cm higher), grasp yaw 0 or 1, slow or not, and with probability
    /// 1/2 a pause of 4-11 steps starting at step 5-39.
    public init(_ rng: inout SimRandom) {
        approach = Approach(rawValue: Int32(rng.next() % 3))!
        let side: Double = approach == .left ? -1 : 1
        detour = approach == .direct ? .zero : Vec3(side * rng.uniform(0.08, 0.12), rng.uniform(0, 0.04), rng.uniform(0, 0.04))
        graspYaw = Int(rng.next() % 2)
        speed = rng.next() % 2 == 0 ? 1 : Self.slowSpeed
        if rng.next() % 2 == 0 {
            let start = 5 + Int(rng.next() % 35)
            pause = start..<(start + 4 + Int(rng.next() % 8))
        } else {
            pause = nil
        }
    }

    /// The style with grasp yaw 0, for experts whose gripper does not turn (metaworld-like) or that
    /// always take bodies one way (calvin-like).
    public var withoutGraspYaw: ExpertStyle {
        var s = self
        s.graspYaw = 0
        return s
    }

    /// The mode as the dataset records it: approach (0 direct, 1 left, 2 right), grasp yaw (0/1),
    /// slow (0/1), pause (0/1).
    public var mode: [Int32] { [approach.rawValue, Int32(graspYaw), speed < 1 ? 1 : 0, pause == nil ? 0 : 1] }
}

/// An environment whose scripted expert moves in an episode style.
public protocol ExpertEnvironment: BenchEnvironment {
    var expertStyle: ExpertStyle { get }
}

/// The part of a styled expert that keeps state over an episode: whether the detour is behind it.
/// Environments call ``action(plain:hand:step:toward:gripper:moves:)`` for the expert channel and
/// ``update(hand:step:)`` after every step.
public struct StyledExpert: Sendable {
    public let style: ExpertStyle
    /// The detour waypoint in the world.
    public let waypoint: Vec3
    public private(set) var detourDone: Bool

    /// A detour gives up after this many steps (when something blocks the way).
    static let detourSteps = 40

    public init(style: ExpertStyle, start: Vec3, workspace: AABB) {
        self.style = style
        waypoint = (start + style.detour).clamped(lowerBound: workspace.min, upperBound: workspace.max)
        detourDone = style.approach == .direct
    }

    public mutating func update(hand: Vec3, step: Int) {
        if !detourDone, Geometry.distance(hand, waypoint) < 0.015 || step >= Self.detourSteps { detourDone = true }
    }

    /// The styled action: held still (all moves zero, the gripper value kept) during the pause;
    /// toward the waypoint (`toward`, the plain expert's gripper value kept) until the detour is
    /// done; otherwise the plain action with its move values (`moves`) scaled by the speed.
    public func action(plain: [Float], step: Int, toward: (Vec3) -> [Float], gripper: Int, moves: [Int]) -> [Float] {
        if style.pause?.contains(step) == true {
            var still = [Float](repeating: 0, count: plain.count)
            still[gripper] = plain[gripper]
            return still
        }
        var out = detourDone ? plain : toward(waypoint)
        if !detourDone { out[gripper] = plain[gripper] }
        for i in moves { out[i] *= Float(style.speed) }
        return out
    }

    /// The styled action of a 7-D arm (``ArmAction``) whose plain expert follows `plan`.
    public func action(for plan: ExpertPlan, world w: World, arm: ArmAction, step: Int) -> [Float] {
        action(plain: arm.action(for: plan.motion(w), gripper: w.gripper), step: step,
               toward: { arm.action(for: Motion(target: $0, grip: 0), gripper: w.gripper) }, gripper: 6, moves: [0, 1, 2, 5])
    }
}
