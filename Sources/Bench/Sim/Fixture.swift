import Foundation

/// The one joint of a fixture.
public enum Joint: Sendable, Equatable {
    /// Translation along a unit axis; q in metres.
    case slide(axis: Vec3)
    /// Rotation about a unit axis through `pivot`; q in radians (right-hand rule).
    case hinge(axis: Vec3, pivot: Vec3)
}

/// What a fixture part does besides blocking.
public enum PartRole: Sendable, Equatable {
    /// Blocks, and moves the joint when pushed in a direction the joint can move.
    case contact
    /// Like `contact`, and closing fingers around it holds the fixture (a handle, a knob).
    case handle
}

/// A rigid box of a fixture, given by its pose at q = 0.
public struct FixturePart: Sendable {
    public var name: String
    /// Centre at q = 0, world coordinates.
    public var center: Vec3
    /// Half extents at q = 0.
    public var half: Vec3
    public var role: PartRole
    public var color: SIMD3<Float>

    public init(name: String, center: Vec3, half: Vec3, role: PartRole = .contact,
                color: SIMD3<Float> = SIMD3(0.6, 0.6, 0.6)) {
        self.name = name
        self.center = center
        self.half = half
        self.role = role
        self.color = color
    }
}

/// A jointed fixture (drawer, door, window, button, lever, dial, ...): parts that move together
/// along one joint between limits. It moves only when pushed or pulled along its joint; it keeps
/// its position otherwise (joints have friction), except that a spring-loaded one (a push
/// button, `returnSpeed > 0`) creeps back to its lower limit when left alone.
public struct Fixture: Sendable {
    public var name: String
    public var joint: Joint
    public var q: Double
    public var lower: Double
    public var upper: Double
    public var parts: [FixturePart]
    /// q at the start of the current step (to carry riders along).
    public var previousQ: Double
    /// How far a spring pulls the joint back toward `lower` in each step in which nothing moved
    /// it (a push button); 0 for joints that stay where they are left.
    public var returnSpeed: Double

    public init(name: String, joint: Joint, q: Double = 0, lower: Double, upper: Double, returnSpeed: Double = 0,
                parts: [FixturePart]) {
        self.name = name
        self.joint = joint
        self.q = q
        self.lower = lower
        self.upper = upper
        self.parts = parts
        self.previousQ = q
        self.returnSpeed = returnSpeed
    }

    /// Where a point given in the q = 0 pose is at joint value `q`.
    @inline(__always)
    public func transform(_ p: Vec3, at q: Double) -> Vec3 {
        switch joint {
        case .slide(let axis): return p + axis * q
        case .hinge(let axis, let pivot): return pivot + Geometry.rotate(p - pivot, about: axis, angle: q)
        }
    }

    /// Where a point given in the q = 0 pose is now.
    @inline(__always)
    public func worldPoint(_ p: Vec3) -> Vec3 { transform(p, at: q) }

    /// The bounding box of part `i` at joint value `q`.
    @inline(__always)
    public func partBounds(_ i: Int, at q: Double) -> AABB {
        let part = parts[i]
        switch joint {
        case .slide(let axis):
            return AABB(center: part.center + axis * q, half: part.half)
        case .hinge(let axis, let pivot):
            let c = pivot + Geometry.rotate(part.center - pivot, about: axis, angle: q)
            return AABB(center: c, half: Geometry.rotatedHalf(part.half, about: axis, angle: q))
        }
    }

    /// The bounding box of part `i` now.
    @inline(__always)
    public func partBounds(_ i: Int) -> AABB { partBounds(i, at: q) }

    /// How fast a point moves per unit of q (metres per metre or per radian) at world point `p`.
    @inline(__always)
    public func velocity(at p: Vec3) -> Vec3 {
        switch joint {
        case .slide(let axis): return axis
        case .hinge(let axis, let pivot):
            let r = p - pivot
            return Vec3(axis.y * r.z - axis.z * r.y, axis.z * r.x - axis.x * r.z, axis.x * r.y - axis.y * r.x)
        }
    }

    /// The orientation quaternion (x, y, z, w) of the moving parts.
    public var quaternion: SIMD4<Double> {
        switch joint {
        case .slide: return SIMD4(0, 0, 0, 1)
        case .hinge(let axis, _): return Geometry.quaternion(axis: axis, angle: q)
        }
    }

    /// Where q lies between the limits, 0 at `lower` and 1 at `upper`.
    public var openness: Double { upper > lower ? (q - lower) / (upper - lower) : 0 }
}

extension FixturePart {
    /// A long part cut into `count` equal pieces along its local axis `axis` (0, 1 or 2). A turning
    /// part collides as the bounding boxes of its pieces, which follow it closely, where one box
    /// around the whole part would not.
    public static func segments(name: String, center: Vec3, half: Vec3, axis: Int, count: Int,
                                role: PartRole = .contact, color: SIMD3<Float> = SIMD3(0.6, 0.6, 0.6)) -> [FixturePart] {
        var pieceHalf = half
        pieceHalf[axis] = half[axis] / Double(count)
        return (0..<count).map { i in
            var c = center
            c[axis] += -half[axis] + pieceHalf[axis] * Double(2 * i + 1)
            return FixturePart(name: name, center: c, half: pieceHalf, role: role, color: color)
        }
    }
}
