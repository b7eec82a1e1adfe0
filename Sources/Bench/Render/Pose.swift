extension Render {
    /// A rigid transform `x ↦ rotation · x + translation`.
    ///
    /// Named by what it maps: `worldFromObject` takes object-frame points to the world frame,
    /// `worldFromCamera` takes camera-frame points to the world frame (its translation is the
    /// camera centre in world coordinates). Compose with `*`: `worldFromA * aFromB = worldFromB`.
    public struct Pose: Sendable, Hashable {
        /// The rotation part (orthonormal, determinant +1).
        public var rotation: Mat3
        /// The translation part, in metres.
        public var translation: Vec3

        /// A pose from its rotation and translation.
        public init(rotation: Mat3 = .identity, translation: Vec3 = .zero) {
            self.rotation = rotation
            self.translation = translation
        }

        /// The identity pose.
        public static let identity = Pose()

        /// A pose at `position` turned by `yaw` radians about +z.
        public init(position: Vec3, yaw: Double = 0) {
            self.init(rotation: .rotationZ(yaw), translation: position)
        }

        /// The inverse transform.
        public var inverse: Pose {
            let rt = rotation.transposed
            return Pose(rotation: rt, translation: -(rt * translation))
        }

        /// Maps a point.
        @inlinable
        public func apply(_ point: Vec3) -> Vec3 { rotation * point + translation }

        /// Maps a direction (rotation only).
        @inlinable
        public func rotate(_ direction: Vec3) -> Vec3 { rotation * direction }

        /// Composition: `(a * b).apply(x) == a.apply(b.apply(x))`.
        public static func * (a: Pose, b: Pose) -> Pose {
            Pose(rotation: a.rotation * b.rotation, translation: a.apply(b.translation))
        }

        /// The 4x4 homogeneous matrix `[R t; 0 0 0 1]`, sixteen entries row by row.
        public var homogeneousRowMajor: [Double] {
            let r = rotation
            return [
                r.c0.x, r.c1.x, r.c2.x, translation.x,
                r.c0.y, r.c1.y, r.c2.y, translation.y,
                r.c0.z, r.c1.z, r.c2.z, translation.z,
                0, 0, 0, 1,
            ]
        }
    }
}
