import Foundation

/// A point or direction in the simulator's world frame, in metres.
///
/// World frame: x to the right of the robot, y away from the robot, z up; the table top is z = 0.
public typealias Vec3 = SIMD3<Double>

/// An axis-aligned box in world coordinates. Every collision shape of the simulator is one of
/// these (a rotated shape collides as its axis-aligned bounding box).
public struct AABB: Sendable, Equatable {
    public var min: Vec3
    public var max: Vec3

    public init(min: Vec3, max: Vec3) {
        self.min = min
        self.max = max
    }

    public init(center: Vec3, half: Vec3) {
        min = center - half
        max = center + half
    }

    public var center: Vec3 { (min + max) * 0.5 }
    public var half: Vec3 { (max - min) * 0.5 }

    /// The box moved by `offset`.
    public func translated(by offset: Vec3) -> AABB { AABB(min: min + offset, max: max + offset) }

    /// True when the two boxes share volume (touching faces do not count).
    public func overlaps(_ other: AABB) -> Bool {
        min.x < other.max.x - Geometry.eps && other.min.x < max.x - Geometry.eps
            && min.y < other.max.y - Geometry.eps && other.min.y < max.y - Geometry.eps
            && min.z < other.max.z - Geometry.eps && other.min.z < max.z - Geometry.eps
    }

    /// True when the boxes overlap on both axes other than `axis` (so moving along `axis` can bring them into contact).
    public func overlapsAcross(_ other: AABB, axis: Int) -> Bool {
        for k in 0..<3 where k != axis {
            if !(min[k] < other.max[k] - Geometry.eps && other.min[k] < max[k] - Geometry.eps) { return false }
        }
        return true
    }

    /// True when the two footprints (x, y) share area.
    public func overlapsXY(_ other: AABB) -> Bool {
        min.x < other.max.x - Geometry.eps && other.min.x < max.x - Geometry.eps
            && min.y < other.max.y - Geometry.eps && other.min.y < max.y - Geometry.eps
    }

    /// True when the point's x and y lie inside the box's footprint.
    public func containsXY(_ p: Vec3) -> Bool {
        p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y
    }
}

/// A rectangle in the xy plane turned by a yaw: the exact footprint of a box turned about z.
struct Footprint {
    var center: SIMD2<Double>
    var half: SIMD2<Double>
    var yaw: Double

    init(center: Vec3, half: SIMD2<Double>, yaw: Double) {
        self.center = SIMD2(center.x, center.y)
        self.half = half
        self.yaw = yaw
    }

    init(_ body: Body) { self.init(center: body.position, half: SIMD2(body.extent.x, body.extent.y), yaw: body.isRound ? 0 : body.yaw) }

    /// Separating-axis test: the rectangles share area (touching edges do not count).
    func overlaps(_ other: Footprint) -> Bool {
        let d = other.center - center
        for r in [self, other] {
            for axis in [SIMD2(cos(r.yaw), sin(r.yaw)), SIMD2(-sin(r.yaw), cos(r.yaw))] {
                let reach = projectedHalf(axis) + other.projectedHalf(axis)
                if abs((d * axis).sum()) >= reach - Geometry.eps { return false }
            }
        }
        return true
    }

    /// Whether the point's x and y lie in the rectangle (edges included).
    func contains(_ p: Vec3) -> Bool {
        let dx = p.x - center.x, dy = p.y - center.y, c = cos(yaw), s = sin(yaw)
        return abs(c * dx + s * dy) <= half.x && abs(-s * dx + c * dy) <= half.y
    }

    /// Half the rectangle's extent along a unit axis.
    func projectedHalf(_ axis: SIMD2<Double>) -> Double {
        let c = cos(yaw), s = sin(yaw)
        return half.x * abs(c * axis.x + s * axis.y) + half.y * abs(-s * axis.x + c * axis.y)
    }
}

/// Small geometric helpers shared by the simulator.
public enum Geometry {
    /// Tolerance for contact tests, in metres.
    public static let eps = 1e-9

    /// `v` rotated about the world z axis by `yaw` radians.
    @inline(__always)
    public static func rotateZ(_ v: Vec3, _ yaw: Double) -> Vec3 {
        let c = cos(yaw), s = sin(yaw)
        return Vec3(c * v.x - s * v.y, s * v.x + c * v.y, v.z)
    }

    /// Half extents of the axis-aligned bounding box of a box with local half extents `half` turned by `yaw`.
    @inline(__always)
    public static func rotatedHalf(_ half: Vec3, yaw: Double) -> Vec3 {
        if yaw == 0 { return half }
        let c = abs(cos(yaw)), s = abs(sin(yaw))
        return Vec3(c * half.x + s * half.y, s * half.x + c * half.y, half.z)
    }

    /// `v` rotated about the unit axis `axis` by `angle` radians (Rodrigues' formula).
    @inline(__always)
    public static func rotate(_ v: Vec3, about axis: Vec3, angle: Double) -> Vec3 {
        let c = cos(angle), s = sin(angle)
        let cross = Vec3(axis.y * v.z - axis.z * v.y, axis.z * v.x - axis.x * v.z, axis.x * v.y - axis.y * v.x)
        return v * c + cross * s + axis * ((axis * v).sum() * (1 - c))
    }

    /// Half extents of the axis-aligned bounding box of a box with half extents `half` rotated about `axis` by `angle`.
    public static func rotatedHalf(_ half: Vec3, about axis: Vec3, angle: Double) -> Vec3 {
        if angle == 0 { return half }
        let ex = rotate(Vec3(1, 0, 0), about: axis, angle: angle)
        let ey = rotate(Vec3(0, 1, 0), about: axis, angle: angle)
        let ez = rotate(Vec3(0, 0, 1), about: axis, angle: angle)
        return Vec3(abs(ex.x) * half.x + abs(ey.x) * half.y + abs(ez.x) * half.z,
                    abs(ex.y) * half.x + abs(ey.y) * half.y + abs(ez.y) * half.z,
                    abs(ex.z) * half.x + abs(ey.z) * half.y + abs(ez.z) * half.z)
    }

    /// The quaternion (x, y, z, w: scalar last, as Meta-World reports it) of a rotation about `axis` by `angle`.
    public static func quaternion(axis: Vec3, angle: Double) -> SIMD4<Double> {
        let s = sin(angle / 2)
        return SIMD4(axis.x * s, axis.y * s, axis.z * s, cos(angle / 2))
    }

    /// Euclidean length.
    @inline(__always)
    public static func length(_ v: Vec3) -> Double { (v * v).sum().squareRoot() }

    /// Euclidean distance between two points.
    @inline(__always)
    public static func distance(_ a: Vec3, _ b: Vec3) -> Double { length(a - b) }
}
