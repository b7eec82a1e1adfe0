import Foundation

/// The joint angles CALVIN's `robot_obs` reports, for an arm the simulator does not have: a
/// Panda-like 7-joint arm solved in closed form for a gripper pointing down — base turn toward the
/// tool, shoulder and elbow from the two-link triangle to the wrist (0.316 m and 0.384 m links,
/// shoulder 0.333 m above the base, wrist 0.21 m above the tool centre point), the redundant joints 3
/// and 5 at 0, joint 6 keeping the hand vertical and joint 7 turning it to the gripper's yaw.
public struct PandaLikeArm: Sendable, Equatable {
    public var base: Vec3
    static let shoulderHeight = 0.333, upperArm = 0.316, forearm = 0.384, hand = 0.21

    /// Joint angles 1...7, radians.
    public func joints(tcp: Vec3, yaw: Double) -> [Double] {
        let d = tcp - base
        let j1 = atan2(-d.x, d.y)
        let reach = (d.x * d.x + d.y * d.y).squareRoot()
        let height = d.z + Self.hand - Self.shoulderHeight
        let a = Self.upperArm, b = Self.forearm
        let span = min(max((reach * reach + height * height).squareRoot(), abs(a - b) + 1e-6), a + b - 1e-6)
        let elbow = acos(min(max((a * a + b * b - span * span) / (2 * a * b), -1), 1))
        let j4 = elbow - Double.pi
        let j2 = Double.pi / 2 - atan2(height, reach) - acos(min(max((a * a + span * span - b * b) / (2 * a * span), -1), 1))
        let j6 = j2 - j4
        let j7 = ArmAction.angleDifference(j1 - yaw + Double.pi / 4, 0)
        return [j1, j2, 0, j4, 0, j6, j7]
    }
}
