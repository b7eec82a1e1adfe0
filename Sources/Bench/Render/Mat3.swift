import Foundation

extension Render {
    /// A 3x3 matrix of doubles stored by columns; used for rotations and intrinsics.
    public struct Mat3: Sendable, Hashable {
        /// The three columns.
        public var c0, c1, c2: Vec3

        /// A matrix from its columns.
        public init(columns c0: Vec3, _ c1: Vec3, _ c2: Vec3) {
            self.c0 = c0
            self.c1 = c1
            self.c2 = c2
        }

        /// A matrix from its rows.
        public init(rows r0: Vec3, _ r1: Vec3, _ r2: Vec3) {
            self.init(
                columns: Vec3(r0.x, r1.x, r2.x), Vec3(r0.y, r1.y, r2.y), Vec3(r0.z, r1.z, r2.z))
        }

        /// The identity matrix.
        public static let identity = Mat3(columns: Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1))

        /// Row `i` (0, 1 or 2).
        public func row(_ i: Int) -> Vec3 { Vec3(c0[i], c1[i], c2[i]) }

        /// The transpose (the inverse of a rotation).
        public var transposed: Mat3 { Mat3(rows: c0, c1, c2) }

        /// The nine entries row by row.
        public var rowMajor: [Double] {
            [c0.x, c1.x, c2.x, c0.y, c1.y, c2.y, c0.z, c1.z, c2.z]
        }

        /// Matrix times column vector.
        public static func * (m: Mat3, v: Vec3) -> Vec3 {
            m.c0 * v.x + m.c1 * v.y + m.c2 * v.z
        }

        /// Matrix product.
        public static func * (a: Mat3, b: Mat3) -> Mat3 {
            Mat3(columns: a * b.c0, a * b.c1, a * b.c2)
        }

        /// Rotation by `angle` radians about the world x axis (right-handed).
        public static func rotationX(_ angle: Double) -> Mat3 {
            let (s, c) = (sin(angle), cos(angle))
            return Mat3(rows: Vec3(1, 0, 0), Vec3(0, c, -s), Vec3(0, s, c))
        }

        /// Rotation by `angle` radians about the y axis (right-handed).
        public static func rotationY(_ angle: Double) -> Mat3 {
            let (s, c) = (sin(angle), cos(angle))
            return Mat3(rows: Vec3(c, 0, s), Vec3(0, 1, 0), Vec3(-s, 0, c))
        }

        /// Rotation by `angle` radians about the z axis (right-handed; a yaw).
        public static func rotationZ(_ angle: Double) -> Mat3 {
            let (s, c) = (sin(angle), cos(angle))
            return Mat3(rows: Vec3(c, -s, 0), Vec3(s, c, 0), Vec3(0, 0, 1))
        }

        /// Rotation given as an axis-angle vector (direction = axis, length = angle in radians),
        /// by Rodrigues' formula. The zero vector gives the identity.
        public static func rotation(axisAngle w: Vec3) -> Mat3 {
            let angle = length(w)
            guard angle > 1e-12 else { return identity }
            let k = w / angle
            let (s, c) = (sin(angle), cos(angle))
            let t = 1 - c
            return Mat3(
                rows: Vec3(c + k.x * k.x * t, k.x * k.y * t - k.z * s, k.x * k.z * t + k.y * s),
                Vec3(k.y * k.x * t + k.z * s, c + k.y * k.y * t, k.y * k.z * t - k.x * s),
                Vec3(k.z * k.x * t - k.y * s, k.z * k.y * t + k.x * s, c + k.z * k.z * t))
        }

        /// Rotation from a quaternion (w, x, y, z); the quaternion is normalised first.
        public static func rotation(quaternionW w: Double, x: Double, y: Double, z: Double) -> Mat3 {
            let n = (w * w + x * x + y * y + z * z).squareRoot()
            guard n > 1e-12 else { return identity }
            let (w, x, y, z) = (w / n, x / n, y / n, z / n)
            return Mat3(
                rows: Vec3(1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)),
                Vec3(2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)),
                Vec3(2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)))
        }
    }

    /// Dot product.
    @inlinable
    public static func dot(_ a: Vec3, _ b: Vec3) -> Double { (a * b).sum() }

    /// Cross product.
    @inlinable
    public static func cross(_ a: Vec3, _ b: Vec3) -> Vec3 {
        Vec3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
    }

    /// Euclidean length.
    @inlinable
    public static func length(_ a: Vec3) -> Double { dot(a, a).squareRoot() }

    /// `a` scaled to unit length (the zero vector stays zero).
    @inlinable
    public static func normalize(_ a: Vec3) -> Vec3 {
        let l = length(a)
        return l > 0 ? a / l : a
    }
}
