/// What the gripper holds.
public enum Held: Sendable, Equatable {
    case nothing
    case body(Int)
    /// A fixture's handle part: the gripper then moves only along the fixture's joint.
    case fixture(Int, part: Int)
}

/// A parallel gripper: its tool centre point (between the fingertips), a yaw about z, and the gap
/// between its two fingers. Fingers close along the gripper's local y axis (world y at yaw 0).
public struct Gripper: Sendable {
    /// Widest finger gap, metres (Meta-World's opening = gap / 0.1).
    public static let maxGap = 0.1
    /// Finger half extents: along the gripper's x, along its y (thickness), and vertical.
    public static let fingerHalf = Vec3(0.012, 0.006, 0.03)
    /// Finger centre height above the tool centre point (fingers span tcp - 0.015 to tcp + 0.045).
    public static let fingerLift = 0.015

    public var position: Vec3
    public var yaw: Double
    public var gap: Double
    public var held: Held = .nothing
    /// The held thing's pose relative to the gripper (in the gripper's frame): position offset.
    public var heldOffset: Vec3 = .zero
    /// The held body's yaw minus the gripper's yaw.
    public var heldYawOffset: Double = 0
    /// The tool centre point's achieved move in the last step (the position controller's lag carries it over).
    public var velocity: Vec3 = .zero
    /// The position controller's current tracking error (``SimParameters/trackingNoise``).
    public var trackingError: Vec3 = .zero

    public init(position: Vec3, yaw: Double = 0, gap: Double = Gripper.maxGap) {
        self.position = position
        self.yaw = yaw
        self.gap = gap
    }

    /// Meta-World's gripper opening: finger distance / 0.1, clipped to [0, 1].
    public var opening: Double { min(max(gap / Gripper.maxGap, 0), 1) }

    /// The closing direction of the fingers in the world.
    @inline(__always)
    public var fingerAxis: Vec3 { Geometry.rotateZ(Vec3(0, 1, 0), yaw) }

    /// The bounding box of finger `side` (-1 or +1) with the gripper at `position`.
    @inline(__always)
    public func fingerBounds(_ side: Double, at position: Vec3) -> AABB {
        let offset = Vec3(0, side * (gap / 2 + Gripper.fingerHalf.y), Gripper.fingerLift)
        return AABB(center: position + Geometry.rotateZ(offset, yaw), half: Geometry.rotatedHalf(Gripper.fingerHalf, yaw: yaw))
    }
}
