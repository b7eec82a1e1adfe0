/// A static box: a wall, a cabinet, a shelf board, a bin side, a peg. Nothing moves it.
public struct Obstacle: Sendable {
    public var name: String
    public var box: AABB
    /// A post (a peg) of this radius passes through a ring body whose hole is wide enough.
    public var postRadius: Double?
    public var color: SIMD3<Float>

    public init(name: String, box: AABB, postRadius: Double? = nil, color: SIMD3<Float> = SIMD3(0.45, 0.35, 0.25)) {
        self.name = name
        self.box = box
        self.postRadius = postRadius
        self.color = color
    }
}

/// A rectangular hole in the table top down to `bottom` (z < 0). Things fit in only if their
/// footprint lies wholly inside; the table's edge is a hole down to the floor.
public struct Hole: Sendable {
    public var name: String
    public var minXY: SIMD2<Double>
    public var maxXY: SIMD2<Double>
    public var bottom: Double

    public init(name: String, minXY: SIMD2<Double>, maxXY: SIMD2<Double>, bottom: Double) {
        self.name = name
        self.minXY = minXY
        self.maxXY = maxXY
        self.bottom = bottom
    }

    /// True when the footprint of `box` lies wholly inside the hole.
    @inline(__always)
    public func contains(footprintOf box: AABB) -> Bool {
        box.min.x >= minXY.x - Geometry.eps && box.max.x <= maxXY.x + Geometry.eps
            && box.min.y >= minXY.y - Geometry.eps && box.max.y <= maxXY.y + Geometry.eps
    }

    /// True when the point's x, y lie inside the hole.
    public func containsXY(_ p: Vec3) -> Bool {
        p.x >= minXY.x && p.x <= maxXY.x && p.y >= minXY.y && p.y <= maxXY.y
    }
}
