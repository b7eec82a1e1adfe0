import Foundation

/// The shape of a free object, for its size and its looks (collisions use its bounding box).
public enum Shape: String, Sendable, Codable {
    case box, cylinder, sphere
}

/// What a free body rests on; it rides along when that thing moves.
public enum Support: Sendable, Equatable {
    /// Falling, held, or not yet settled.
    case none
    /// The table top or the bottom of a hole.
    case table
    /// The top of a static obstacle.
    case obstacle(Int)
    /// A part of a fixture (e.g. a drawer's floor).
    case fixturePart(fixture: Int, part: Int)
    /// The top of another free body.
    case body(Int)
}

/// A region on a free body that drags the body along when a held tool's tip is inside it
/// (the loop of a thermos handle that a stick hooks into).
public struct HookSlot: Sendable, Equatable {
    /// The slot's box relative to the body's centre (not turned by the body's yaw).
    public var box: AABB

    public init(box: AABB) { self.box = box }
}

/// A free object: pose, size, and the flags that say how the rules treat it.
public struct Body: Sendable {
    public var name: String
    public var shape: Shape
    /// Half extents in the body's own frame (before yaw), metres.
    public var half: Vec3
    /// Centre of the body in the world.
    public var position: Vec3
    /// Rotation about the world z axis, radians.
    public var yaw: Double
    /// Whether closing fingers around it holds it.
    public var graspable: Bool
    /// Where the fingers hold it, relative to its centre (turned by its yaw).
    public var graspOffset: Vec3
    /// Width the fingers close to when holding it (a handle narrower than the whole body); nil: the body's own width.
    public var gripWidth: Double?
    /// For a ring (a nut): the radius of its hole; a post thinner than the hole passes through it.
    public var ringInnerRadius: Double
    /// The ring's centre relative to the body's centre (turned by its yaw).
    public var ringOffset: Vec3
    /// A tool's working end relative to its centre (turned by its yaw), used by hook slots.
    public var tipOffset: Vec3
    /// A slot that hooks a held tool's tip.
    public var hook: HookSlot?
    /// RGB colour in [0, 1], for rendering.
    public var color: SIMD3<Float>
    /// What the cameras draw (the collision box is the same for every look).
    public var look: Look
    /// For an open container (bowl, basket): its inside, where released bodies come to rest.
    public var container: Container?
    /// What it rests on.
    public var support: Support = .none
    /// Knocked over: turned a quarter turn about its own y axis, so that its height lies along its
    /// yaw direction (``extent`` swaps x and z). A toppled body cannot be grasped.
    public var toppled = false
    /// Its position at the start of the current step (to carry riders along).
    public var previousPosition: Vec3

    public init(name: String, shape: Shape, half: Vec3, position: Vec3, yaw: Double = 0,
                graspable: Bool = true, graspOffset: Vec3 = .zero, gripWidth: Double? = nil, ringInnerRadius: Double = 0,
                ringOffset: Vec3 = .zero, tipOffset: Vec3 = .zero, hook: HookSlot? = nil,
                color: SIMD3<Float> = SIMD3(0.8, 0.2, 0.2), look: Look = .solid, container: Container? = nil) {
        self.name = name
        self.shape = shape
        self.half = half
        self.position = position
        self.yaw = yaw
        self.graspable = graspable
        self.graspOffset = graspOffset
        self.gripWidth = gripWidth
        self.ringInnerRadius = ringInnerRadius
        self.ringOffset = ringOffset
        self.tipOffset = tipOffset
        self.hook = hook
        self.color = color
        self.look = look
        self.container = container
        self.previousPosition = position
    }

    /// Half extents as it lies (before yaw): ``half``, or with x and z swapped once toppled.
    @inline(__always)
    public var extent: Vec3 { toppled ? Vec3(half.z, half.y, half.x) : half }

    /// An upright cylinder or sphere with a round footprint: turning it about z changes nothing of its shape.
    @inline(__always)
    public var isRound: Bool { shape != .box && !toppled && half.x == half.y }

    /// Its axis-aligned bounding box in the world (a round body's does not turn with its yaw).
    @inline(__always)
    public var bounds: AABB { AABB(center: position, half: isRound ? half : Geometry.rotatedHalf(extent, yaw: yaw)) }

    /// A point given relative to the body's centre in its own frame, in world coordinates.
    @inline(__always)
    public func worldPoint(_ local: Vec3) -> Vec3 { position + Geometry.rotateZ(local, yaw) }

    /// The grasp point in the world.
    public var graspPoint: Vec3 { worldPoint(graspOffset) }
    /// The tool tip in the world.
    public var tipPoint: Vec3 { worldPoint(tipOffset) }
    /// The ring centre in the world.
    public var ringCenter: Vec3 { worldPoint(ringOffset) }
    /// The inner floor's bounding box (zero height, at floor level) of a container body, nil otherwise.
    public var innerFloor: AABB? {
        guard let container else { return nil }
        let half = Geometry.rotatedHalf(Vec3(container.innerHalf.x, container.innerHalf.y, 0), yaw: yaw)
        return AABB(center: Vec3(position.x, position.y, position.z - self.half.z + container.floor), half: half)
    }

    /// The orientation quaternion (x, y, z, w): the yaw, after the quarter turn about y of a toppled body.
    public var quaternion: SIMD4<Double> {
        guard toppled else { return Geometry.quaternion(axis: Vec3(0, 0, 1), angle: yaw) }
        let s1 = sin(yaw / 2), c1 = cos(yaw / 2), s2 = (0.5).squareRoot()
        return SIMD4(-s1 * s2, c1 * s2, s1 * s2, c1 * s2)
    }
}
