import Foundation

/// What a scripted expert wants the gripper to do in one step: reach a tool-centre-point target in
/// a straight line (as far as one step allows), turn to a yaw, and drive the fingers.
public struct Motion: Sendable, Equatable {
    /// Where the tool centre point should go, world frame.
    public var target: Vec3
    /// The yaw to turn to (nil: keep the current yaw).
    public var yaw: Double?
    /// Finger effort in [-1, 1]: +1 closes, -1 opens, 0 keeps the fingers.
    public var grip: Double

    public init(target: Vec3, yaw: Double? = nil, grip: Double) {
        self.target = target
        self.yaw = yaw
        self.grip = grip
    }
}

/// How a suite's 7-D action moves the simulated gripper: [dx, dy, dz, droll, dpitch, dyaw, gripper],
/// each in [-1, 1] (values outside are clipped, NaN counts as 0). Position deltas are in the world
/// frame, scaled to at most `positionScale` metres per step; `dyaw` turns the gripper by at most
/// `yawScale` radians. The simulated gripper always points down, so droll and dpitch are read but
/// cannot tilt it. The gripper value's sign convention differs between suites (`closeSign`), and
/// CALVIN binarises it.
public struct ArmAction: Sendable, Equatable {
    public var positionScale: Double
    public var yawScale: Double
    /// The sign of the gripper value that closes the fingers: +1 (LIBERO) or -1 (CALVIN).
    public var closeSign: Double
    /// Whether the gripper value is binarised (>= 0 is one command, < 0 the other), as CALVIN's wrapper does.
    public var binaryGripper: Bool

    public static let dimension = 7

    public init(positionScale: Double, yawScale: Double, closeSign: Double, binaryGripper: Bool) {
        self.positionScale = positionScale
        self.yawScale = yawScale
        self.closeSign = closeSign
        self.binaryGripper = binaryGripper
    }

    /// The simulator command of an action.
    public func command(_ a: UnsafeBufferPointer<Float>) -> SimAction {
        func value(_ i: Int) -> Double {
            let v = Double(a[i])
            return v.isNaN ? 0 : min(max(v, -1), 1)
        }
        var grip = value(6)
        if binaryGripper { grip = grip >= 0 ? 1 : -1 }
        return SimAction(translation: Vec3(value(0), value(1), value(2)) * positionScale, yawDelta: value(5) * yawScale,
                         effort: closeSign * grip)
    }

    /// The action that carries out `motion` from the gripper's current state: the largest step
    /// toward the target along a straight line, the yaw change toward the wanted yaw.
    public func action(for motion: Motion, gripper: Gripper) -> [Float] {
        var d = (motion.target - gripper.position) / positionScale
        let peak = max(abs(d.x), abs(d.y), abs(d.z))
        if peak > 1 { d /= peak }
        var turn = 0.0
        if let yaw = motion.yaw { turn = min(max(Self.angleDifference(yaw, gripper.yaw) / yawScale, -1), 1) }
        var grip = closeSign * min(max(motion.grip, -1), 1)
        if binaryGripper { grip = grip >= 0 ? 1 : -1 }
        return [Float(d.x), Float(d.y), Float(d.z), 0, 0, Float(turn), Float(grip)]
    }

    /// `a - b` wrapped to (-pi, pi].
    public static func angleDifference(_ a: Double, _ b: Double) -> Double {
        var d = (a - b).truncatingRemainder(dividingBy: 2 * Double.pi)
        if d > Double.pi { d -= 2 * Double.pi }
        if d <= -Double.pi { d += 2 * Double.pi }
        return d
    }
}
