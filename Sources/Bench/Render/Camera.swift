extension Render {
    /// A pinhole camera: intrinsics, where it is (world-from-camera extrinsics) and its clip range.
    ///
    /// The camera frame follows OpenCV: the camera looks along its +z axis, +x points right in
    /// the image and +y points down. `worldFromCamera.translation` is the camera centre.
    public struct Camera: Sendable, Hashable {
        /// Focal lengths, principal point and image size.
        public var intrinsics: Intrinsics
        /// Maps camera-frame points to the world frame.
        public var worldFromCamera: Pose
        /// Nearest and farthest visible distance along the optical axis, metres.
        public let near, far: Double

        /// A camera from its parts; `0 < near < far` must hold and both be finite.
        public init(intrinsics: Intrinsics, worldFromCamera: Pose, near: Double = 0.01, far: Double = 20)
            throws
        {
            guard near.isFinite, far.isFinite, near > 0, far > near else {
                throw RenderError.invalidCameraParameter(
                    "clip range near = \(near), far = \(far) must satisfy 0 < near < far")
            }
            self.intrinsics = intrinsics
            self.worldFromCamera = worldFromCamera
            self.near = near
            self.far = far
        }

        /// A fixed camera at `eye` looking at `target`, rolled so that world `up` points up in
        /// the image (a third-person camera).
        public static func lookAt(
            eye: Vec3, target: Vec3, up: Vec3 = Vec3(0, 0, 1), intrinsics: Intrinsics,
            near: Double = 0.01, far: Double = 20
        ) throws -> Camera {
            let pose = try lookAtPose(eye: eye, target: target, up: up)
            return try Camera(intrinsics: intrinsics, worldFromCamera: pose, near: near, far: far)
        }

        /// The world-from-camera pose of a camera at `eye` looking at `target` with `up` up:
        /// columns of the rotation are the camera's x (right), y (down) and z (forward) axes.
        public static func lookAtPose(eye: Vec3, target: Vec3, up: Vec3 = Vec3(0, 0, 1)) throws -> Pose {
            let forward = target - eye
            guard forward.x.isFinite, forward.y.isFinite, forward.z.isFinite,
                Render.length(forward) > 1e-9
            else {
                throw RenderError.invalidCameraParameter("eye and target must be distinct finite points")
            }
            let z = Render.normalize(forward)
            let right = Render.cross(z, up)
            guard Render.length(right) > 1e-9 * Render.length(up), Render.length(up) > 0 else {
                throw RenderError.invalidCameraParameter("up direction must not be parallel to the view direction")
            }
            let x = Render.normalize(right)
            let y = Render.cross(z, x)
            return Pose(rotation: Mat3(columns: x, y, z), translation: eye)
        }

        /// A camera carried by a moving frame (a wrist camera on the gripper):
        /// `worldFromCamera = worldFromFrame * frameFromCamera`. Rebuild it every step from the
        /// frame's current pose.
        public static func mounted(
            on worldFromFrame: Pose, frameFromCamera: Pose, intrinsics: Intrinsics,
            near: Double = 0.01, far: Double = 20
        ) throws -> Camera {
            try Camera(
                intrinsics: intrinsics, worldFromCamera: worldFromFrame * frameFromCamera,
                near: near, far: far)
        }

        /// Maps world points to the camera frame.
        public var cameraFromWorld: Pose { worldFromCamera.inverse }

        /// The camera centre in world coordinates.
        public var center: Vec3 { worldFromCamera.translation }

        /// Where a world point lands: pixel coordinates and its depth (camera-frame z, metres).
        /// The pixel coordinates are meaningful only when `depth > 0`.
        public func project(_ world: Vec3) -> (pixel: SIMD2<Double>, depth: Double) {
            let p = cameraFromWorld.apply(world)
            return (intrinsics.pixel(ofCameraPoint: p), p.z)
        }

        /// The unit world-frame direction of the ray from the camera centre through pixel
        /// coordinates `(u, v)`: `normalize(R_wc K⁻¹ [u, v, 1])`.
        public func rayDirection(throughPixel u: Double, _ v: Double) -> Vec3 {
            Render.normalize(worldFromCamera.rotate(intrinsics.direction(throughPixel: u, v)))
        }
    }
}
