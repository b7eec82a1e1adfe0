/// Where a suite's two cameras are: a fixed third-person `agentview` camera and a `wrist` camera
/// carried by the gripper, both square images of one side (64 by default; 128 and 256 selectable).
public struct CameraRig: Sendable, Equatable {
    /// The agentview camera's eye and the point it looks at (world frame, +z up).
    public var agentviewEye: Vec3
    public var agentviewTarget: Vec3
    /// Vertical fields of view, degrees.
    public var agentviewFOV: Double
    public var wristFOV: Double
    /// The wrist camera in the gripper frame (x forward of the palm, y along the finger gap, z down
    /// toward the fingertips): behind and above the tool centre point, looking past the fingertips.
    public static let wristMount: Render.Pose = {
        // Fixed, valid arguments: lookAtPose cannot fail here.
        (try? Render.Camera.lookAtPose(eye: Vec3(-0.08, 0, -0.07), target: Vec3(0.02, 0, 0.12), up: Vec3(-1, 0, 0))) ?? .identity
    }()

    public init(agentviewEye: Vec3, agentviewTarget: Vec3, agentviewFOV: Double = 45, wristFOV: Double = 75) {
        self.agentviewEye = agentviewEye
        self.agentviewTarget = agentviewTarget
        self.agentviewFOV = agentviewFOV
        self.wristFOV = wristFOV
    }

    /// The camera names, in the order of the observation fields and of snapshots.
    public static let names = ["agentview", "wrist"]

    /// The fixed camera for `side` x `side` images.
    public func agentview(side: Int) throws -> Render.Camera {
        try Render.Camera.lookAt(eye: agentviewEye, target: agentviewTarget,
                                 intrinsics: Render.Intrinsics(verticalFOVDegrees: agentviewFOV, width: side, height: side))
    }

    /// The world-from-gripper pose: at the tool centre point, turned by the gripper's yaw, its z axis
    /// pointing down.
    public static func gripperPose(_ g: Gripper) -> Render.Pose {
        Render.Pose(rotation: .rotationZ(g.yaw) * .rotationX(Double.pi), translation: g.position)
    }

    /// The wrist camera of gripper `g` for `side` x `side` images.
    public func wrist(of g: Gripper, side: Int) throws -> Render.Camera {
        try Render.Camera.mounted(on: Self.gripperPose(g), frameFromCamera: Self.wristMount,
                                  intrinsics: Render.Intrinsics(verticalFOVDegrees: wristFOV, width: side, height: side))
    }
}
