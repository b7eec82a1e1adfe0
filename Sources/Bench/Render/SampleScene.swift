import Foundation

extension Render {
    /// A representative tabletop scene of 16 primitives with a gripper, a fixed third-person
    /// camera and a wrist camera: the workload of the speed measurement and the picture in
    /// docs/rendering.md.
    ///
    /// World frame: +z up, table top at z = 0, the robot behind the table on the -x side, the
    /// third-person camera in front of the table (+x) looking back at it.
    public enum SampleScene {
        /// Segmentation ids of the objects (several primitives may share one).
        public enum ObjectID {
            public static let floor: UInt16 = 1
            public static let table: UInt16 = 2
            public static let bowl: UInt16 = 3
            public static let plate: UInt16 = 4
            public static let mug: UInt16 = 5
            public static let cookieBox: UInt16 = 6
            public static let bottle: UInt16 = 7
            public static let ball: UInt16 = 8
            public static let cabinet: UInt16 = 9
            public static let gripper: UInt16 = 10
        }

        /// The scene with the gripper at `gripper` (a world-from-gripper pose whose +z axis is
        /// the approach direction) and its fingers `opening` metres apart.
        public static func tabletop(gripper: Pose, opening: Double = 0.06) -> Scene {
            func solid(_ hex: UInt32) -> Material { Material(Color(hex: hex)) }
            func at(_ x: Double, _ y: Double, _ z: Double, yaw: Double = 0) -> Pose {
                Pose(position: Vec3(x, y, z), yaw: yaw)
            }
            let mug = at(-0.05, 0.22, 0.05, yaw: 0.4)
            let cabinet = at(-0.25, -0.28, 0.15, yaw: 0.15)
            var primitives: [Primitive] = [
                Primitive(
                    id: ObjectID.floor, shape: .quad(halfWidth: 3, halfDepth: 3), pose: at(0, 0, -0.76),
                    material: Material(Color(hex: 0x7A7F87), pattern: .checker(cell: 0.5, other: Color(hex: 0x6A6F77)))),
                Primitive(
                    id: ObjectID.table, shape: .box(halfExtents: Vec3(0.5, 0.45, 0.38)), pose: at(0, 0, -0.38),
                    material: Material(
                        Color(hex: 0xC8A27A), pattern: .stripes(width: 0.05, other: Color(hex: 0xB8916A), along: .x))),
                Primitive(
                    id: ObjectID.bowl, shape: .tube(radius: 0.07, halfHeight: 0.03), pose: at(0.15, -0.05, 0.03),
                    material: solid(0xC0392B)),
                Primitive(
                    id: ObjectID.plate, shape: .cylinder(radius: 0.09, halfHeight: 0.008), pose: at(0.2, 0.2, 0.008),
                    material: solid(0xF2F2F2)),
                Primitive(
                    id: ObjectID.mug, shape: .tube(radius: 0.04, halfHeight: 0.05), pose: mug, material: solid(0x2E86DE)),
                Primitive(
                    id: ObjectID.mug, shape: .box(halfExtents: Vec3(0.012, 0.006, 0.025)),
                    pose: mug * at(0.05, 0, 0), material: solid(0x2E86DE)),
                Primitive(
                    id: ObjectID.cookieBox, shape: .box(halfExtents: Vec3(0.06, 0.03, 0.09)),
                    pose: at(0.05, -0.25, 0.09, yaw: -0.3), material: solid(0xF1C40F)),
                Primitive(
                    id: ObjectID.bottle, shape: .cylinder(radius: 0.03, halfHeight: 0.08), pose: at(0.3, 0.02, 0.08),
                    material: solid(0x27AE60)),
                Primitive(
                    id: ObjectID.bottle, shape: .cone(radius: 0.03, halfHeight: 0.03), pose: at(0.3, 0.02, 0.19),
                    material: solid(0x1E8449)),
                Primitive(
                    id: ObjectID.ball, shape: .sphere(radius: 0.04), pose: at(0.32, -0.22, 0.04),
                    material: solid(0xE67E22)),
                Primitive(
                    id: ObjectID.cabinet, shape: .box(halfExtents: Vec3(0.12, 0.15, 0.15)), pose: cabinet,
                    material: solid(0x8E6E53)),
                Primitive(
                    id: ObjectID.cabinet, shape: .box(halfExtents: Vec3(0.01, 0.13, 0.06)),
                    pose: cabinet * at(0.125, 0, 0.06), material: solid(0xA98467)),
                Primitive(
                    id: ObjectID.cabinet, shape: .capsule(radius: 0.008, halfHeight: 0.04),
                    pose: cabinet * Pose(rotation: .rotationX(Double.pi / 2), translation: Vec3(0.145, 0, 0.06)),
                    material: solid(0xD5D8DC)),
            ]
            primitives += gripperPrimitives(gripper, opening: opening)
            return Scene(
                primitives: primitives, light: Light(towardLight: Vec3(0.4, -0.3, 1)),
                background: Color(hex: 0x283040))
        }

        /// Palm and two fingers in the gripper frame (+z toward the fingertips).
        static func gripperPrimitives(_ gripper: Pose, opening: Double) -> [Primitive] {
            let metal = Material(Color(hex: 0x5D6D7E))
            let fingerOffset = max(opening, 0) / 2 + 0.006
            return [
                Primitive(
                    id: ObjectID.gripper, shape: .box(halfExtents: Vec3(0.02, 0.055, 0.015)), pose: gripper,
                    material: metal),
                Primitive(
                    id: ObjectID.gripper, shape: .box(halfExtents: Vec3(0.01, 0.006, 0.03)),
                    pose: gripper * Pose(translation: Vec3(0, fingerOffset, 0.045)), material: metal),
                Primitive(
                    id: ObjectID.gripper, shape: .box(halfExtents: Vec3(0.01, 0.006, 0.03)),
                    pose: gripper * Pose(translation: Vec3(0, -fingerOffset, 0.045)), material: metal),
            ]
        }

        /// A gripper pose pointing down at `position` turned by `yaw` about the world vertical.
        public static func downwardGripper(at position: Vec3, yaw: Double = 0) -> Pose {
            Pose(rotation: .rotationZ(yaw) * .rotationX(Double.pi), translation: position)
        }

        /// The gripper along a smooth closed path over the table, `phase` in [0, 1).
        public static func gripperPath(phase: Double) -> Pose {
            let a = 2 * Double.pi * phase
            return downwardGripper(
                at: Vec3(0.05 + 0.15 * cos(a), 0.15 * sin(a), 0.25 + 0.08 * sin(2 * a)), yaw: 0.5 * sin(a))
        }

        /// The third-person camera: in front of the table looking back toward the robot,
        /// 45° vertical field of view, square `size x size` images.
        public static func agentviewCamera(size: Int = defaultImageSide) throws -> Camera {
            try Camera.lookAt(
                eye: Vec3(1.0, 0, 0.75), target: Vec3(-0.05, 0, 0.02),
                intrinsics: Intrinsics(verticalFOVDegrees: 45, width: size, height: size))
        }

        /// Where the wrist camera sits on the gripper: behind the palm, looking down past the
        /// fingertips (gripper frame).
        public static let wristMount: Pose = {
            // The arguments are fixed and valid, so lookAtPose cannot fail here.
            (try? Camera.lookAtPose(eye: Vec3(-0.09, 0, -0.04), target: Vec3(0, 0, 0.16), up: Vec3(-1, 0, 0)))
                ?? .identity
        }()

        /// The wrist camera of a gripper at `gripper`: 75° vertical field of view.
        public static func wristCamera(gripper: Pose, size: Int = defaultImageSide) throws -> Camera {
            try Camera.mounted(
                on: gripper, frameFromCamera: wristMount,
                intrinsics: Intrinsics(verticalFOVDegrees: 75, width: size, height: size))
        }
    }
}
