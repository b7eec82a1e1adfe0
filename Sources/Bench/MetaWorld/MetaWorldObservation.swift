import Foundation

/// The 39-D Meta-World observation, read by the scripted experts.
///
/// Layout (as in Meta-World's `sawyer_xyz_env.py`): 0:3 hand xyz, 3 gripper opening in [0, 1],
/// 4:7 object 1 xyz, 7:11 object 1 quaternion (x, y, z, w), 11:14 object 2 xyz, 14:18 object 2
/// quaternion (zeros if there is no second object), 18:36 the previous step's 0:18 (on reset a copy
/// of the current), 36:39 goal xyz (zeros when the goal is hidden, as in ML sets).
public struct MetaWorldObservation: Sendable, Equatable {
    /// Length of the state vector.
    public static let count = 39

    public var values: [Double]

    public init(values: [Double]) {
        precondition(values.count == MetaWorldObservation.count)
        self.values = values
    }

    public init(_ floats: some Collection<Float>) {
        self.init(values: floats.map(Double.init))
    }

    public var hand: Vec3 { vec(0) }
    public var opening: Double { values[3] }
    public var object1: Vec3 { vec(4) }
    public var quaternion1: SIMD4<Double> { SIMD4(values[7], values[8], values[9], values[10]) }
    public var object2: Vec3 { vec(11) }
    public var quaternion2: SIMD4<Double> { SIMD4(values[14], values[15], values[16], values[17]) }
    public var previousHand: Vec3 { vec(18) }
    public var goal: Vec3 { vec(36) }

    private func vec(_ i: Int) -> Vec3 { Vec3(values[i], values[i + 1], values[i + 2]) }

    /// The rotation angle about `axis`'s direction encoded by a quaternion of a rotation about that axis.
    public static func angle(of q: SIMD4<Double>, about axis: Vec3) -> Double {
        let s = q.x * axis.x + q.y * axis.y + q.z * axis.z
        return 2 * atan2(s, q.w)
    }
}
