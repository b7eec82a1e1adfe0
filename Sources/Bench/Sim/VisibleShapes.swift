/// One thing to draw: a box, cylinder (axis along its local z) or sphere with its exact pose.
public struct VisibleShape: Sendable, Equatable {
    /// What in the world a visible shape belongs to (several shapes may share an owner).
    public enum Owner: Sendable, Equatable, Hashable {
        case obstacle(Int)
        case fixture(Int)
        case body(Int)
        case gripper
    }

    public var name: String
    public var shape: Shape
    public var center: Vec3
    /// Half extents in the shape's own frame.
    public var half: Vec3
    /// Orientation quaternion (x, y, z, w).
    public var rotation: SIMD4<Double>
    public var color: SIMD3<Float>
    /// How a free body is drawn inside its box (`.solid` for everything else).
    public var look: Look
    public var owner: Owner
}

extension World {
    /// Everything a camera could see, in a fixed order: static obstacles, fixture parts (turned with
    /// their joint), free bodies, then the two fingers. The table (z <= 0) is not listed.
    public var visibleShapes: [VisibleShape] {
        var out: [VisibleShape] = []
        collectVisibleShapes(into: &out)
        return out
    }

    /// Fills `out` with ``visibleShapes`` (reusing its storage: no allocation once it is large enough).
    public func collectVisibleShapes(into out: inout [VisibleShape]) {
        out.removeAll(keepingCapacity: true)
        for (i, o) in obstacles.enumerated() {
            out.append(VisibleShape(name: o.name, shape: o.postRadius == nil ? .box : .cylinder, center: o.box.center,
                                    half: o.box.half, rotation: SIMD4(0, 0, 0, 1), color: o.color, look: .solid,
                                    owner: .obstacle(i)))
        }
        for (i, f) in fixtures.enumerated() {
            for part in f.parts {
                out.append(VisibleShape(name: part.name, shape: .box, center: f.worldPoint(part.center), half: part.half,
                                        rotation: f.quaternion, color: part.color, look: .solid, owner: .fixture(i)))
            }
        }
        for (i, b) in bodies.enumerated() {
            out.append(VisibleShape(name: b.name, shape: b.shape, center: b.position, half: b.half, rotation: b.quaternion,
                                    color: b.color, look: b.look, owner: .body(i)))
        }
        for side in [-1.0, 1.0] {
            let offset = Vec3(0, side * (gripper.gap / 2 + Gripper.fingerHalf.y), Gripper.fingerLift)
            out.append(VisibleShape(name: "finger", shape: .box, center: gripper.position + Geometry.rotateZ(offset, gripper.yaw),
                                    half: Gripper.fingerHalf, rotation: Geometry.quaternion(axis: Vec3(0, 0, 1), angle: gripper.yaw),
                                    color: SIMD3(0.3, 0.3, 0.35), look: .solid, owner: .gripper))
        }
    }
}
