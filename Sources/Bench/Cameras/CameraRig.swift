/// Where a suite's two cameras are: a fixed third-person `agentview` camera and a `wrist` camera
/// carried by the gripper, both square images of one side (64 by default; 128 and 256 selectable).
/// Under camera randomisation each episode gets its own ``jittered(scale:_:)`` rig.
public struct CameraRig: Sendable, Equatable {
    /// The agentview camera's eye and the point it looks at (world frame, +z up).
    public var agentviewEye: Vec3
    public var agentviewTarget: Vec3
    /// Vertical fields of view, degrees.
    public var agentviewFOV: Double
    public var wristFOV: Double
    /// The wrist camera's eye and the point it looks at in the gripper frame (x forward of the palm,
    /// y along the finger gap, z down toward the fingertips): behind and above the tool centre
    /// point, looking past the fingertips.
    public var wristEye: Vec3
    public var wristTarget: Vec3

    public init(agentviewEye: Vec3, agentviewTarget: Vec3, agentviewFOV: Double = 45, wristFOV: Double = 75,
                wristEye: Vec3 = Vec3(-0.08, 0, -0.07), wristTarget: Vec3 = Vec3(0.02, 0, 0.12)) {
        self.agentviewEye = agentviewEye
        self.agentviewTarget = agentviewTarget
        self.agentviewFOV = agentviewFOV
        self.wristFOV = wristFOV
        self.wristEye = wristEye
        self.wristTarget = wristTarget
    }

    /// The wrist camera's pose in the gripper frame.
    public func wristMount() throws -> Render.Pose {
        try Render.Camera.lookAtPose(eye: wristEye, target: wristTarget, up: Vec3(-1, 0, 0))
    }

    /// How far ``jittered(scale:_:)`` moves the cameras at scale 1: the agentview eye by up to 5 cm
    /// and its target by up to 3 cm per axis, its field of view by up to 3 degrees; the wrist
    /// camera's eye by up to 1 cm and its target by up to 2 cm per axis (in the gripper frame).
    public static let agentviewEyeJitter = 0.05, agentviewTargetJitter = 0.03, agentviewFOVJitter = 3.0
    public static let wristEyeJitter = 0.01, wristTargetJitter = 0.02

    /// The rig with every camera pose (and the agentview field of view) moved by uniform noise drawn
    /// from `rng`, scaled by `scale` (0: the rig itself).
    public func jittered(scale: Double, _ rng: inout SimRandom) -> CameraRig {
        guard scale > 0 else { return self }
        func offset(_ r: Double) -> Vec3 { Vec3(rng.uniform(-r, r), rng.uniform(-r, r), rng.uniform(-r, r)) * scale }
        var out = self
        out.agentviewEye += offset(Self.agentviewEyeJitter)
        out.agentviewTarget += offset(Self.agentviewTargetJitter)
        out.agentviewFOV += rng.uniform(-Self.agentviewFOVJitter, Self.agentviewFOVJitter) * scale
        out.wristEye += offset(Self.wristEyeJitter)
        out.wristTarget += offset(Self.wristTargetJitter)
        return out
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
        try Render.Camera.mounted(on: Self.gripperPose(g), frameFromCamera: try wristMount(),
                                  intrinsics: Render.Intrinsics(verticalFOVDegrees: wristFOV, width: side, height: side))
    }
}
