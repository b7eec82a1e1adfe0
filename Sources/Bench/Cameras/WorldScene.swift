/// Turns a simulated ``World`` into the renderer's ``Render/Scene``: the stage (table, floor), every
/// visible shape drawn by its look, and a palm above the fingers. Reuses its buffers, so building
/// a scene every step allocates nothing once the buffers have grown.
///
/// Segmentation ids: 1 floor, 2 table, then obstacles, fixtures and bodies in world order
/// (``segmentationID(of:in:)``), the gripper last.
public struct WorldScene {
    public let stage: Stage
    /// The scene of the last ``update(from:)``.
    public private(set) var scene: Render.Scene
    private var shapes: [VisibleShape] = []
    private let fixed: [Render.Primitive]

    public init(stage: Stage) {
        self.stage = stage
        let size = stage.tableMax - stage.tableMin, centre = (stage.tableMax + stage.tableMin) / 2
        fixed = [
            Render.Primitive(id: 1, shape: .quad(halfWidth: 6, halfDepth: 6),
                             pose: Render.Pose(position: Render.Vec3(centre.x, centre.y, stage.floorHeight)),
                             material: stage.floorMaterial),
            Render.Primitive(id: 2, shape: .box(halfExtents: Render.Vec3(size.x / 2, size.y / 2, stage.tableThickness / 2)),
                             pose: Render.Pose(position: Render.Vec3(centre.x, centre.y, -stage.tableThickness / 2)),
                             material: stage.tableMaterial),
        ]
        scene = Render.Scene(primitives: fixed, light: stage.light, background: stage.background)
    }

    /// The segmentation id of what a visible shape belongs to.
    public static func segmentationID(of owner: VisibleShape.Owner, in world: World) -> UInt16 {
        let o = world.obstacles.count, f = world.fixtures.count, b = world.bodies.count
        switch owner {
        case .obstacle(let i): return UInt16(3 + i)
        case .fixture(let i): return UInt16(3 + o + i)
        case .body(let i): return UInt16(3 + o + f + i)
        case .gripper: return UInt16(3 + o + f + b)
        }
    }

    /// Rebuilds ``scene`` from the world's current state.
    public mutating func update(from world: World) {
        world.collectVisibleShapes(into: &shapes)
        scene.primitives.removeAll(keepingCapacity: true)
        scene.primitives.append(contentsOf: fixed)
        for shape in shapes {
            let id = Self.segmentationID(of: shape.owner, in: world)
            let q = shape.rotation
            let pose = Render.Pose(rotation: .rotation(quaternionW: q.w, x: q.x, y: q.y, z: q.z), translation: shape.center)
            Self.append(shape, id: id, pose: pose, to: &scene.primitives)
        }
        // The palm above the fingers (drawn only; it does not collide).
        let g = world.gripper
        let palm = Render.Pose(position: g.position + Vec3(0, 0, Gripper.fingerLift + Gripper.fingerHalf.z + 0.012), yaw: g.yaw)
        scene.primitives.append(Render.Primitive(
            id: Self.segmentationID(of: .gripper, in: world),
            shape: .box(halfExtents: Render.Vec3(0.02, g.gap / 2 + 2 * Gripper.fingerHalf.y + 0.004, 0.012)), pose: palm,
            material: Render.Material(Render.Color(hex: 0x5D6D7E))))
    }

    /// The primitives of one visible shape, in its own frame placed by `pose`.
    static func append(_ s: VisibleShape, id: UInt16, pose: Render.Pose, to out: inout [Render.Primitive]) {
        let material = Render.Material(color(s.color))
        let h = s.half
        func part(_ shape: Render.Shape, _ offset: Render.Vec3, _ m: Render.Material = material) {
            out.append(Render.Primitive(id: id, shape: shape, pose: pose * Render.Pose(translation: offset), material: m))
        }
        switch s.look {
        case .solid:
            switch s.shape {
            case .box: part(.box(halfExtents: h), .zero)
            case .cylinder: part(.cylinder(radius: min(h.x, h.y), halfHeight: h.z), .zero)
            case .sphere: part(.sphere(radius: min(h.x, h.y, h.z)), .zero)
            }
        case .bowl:
            part(.tube(radius: min(h.x, h.y), halfHeight: h.z), .zero)
        case .tray:
            let t = min(0.006, h.x / 4, h.y / 4)
            part(.box(halfExtents: Render.Vec3(h.x, h.y, t / 2)), Render.Vec3(0, 0, -h.z + t / 2))
            part(.box(halfExtents: Render.Vec3(t / 2, h.y, h.z)), Render.Vec3(h.x - t / 2, 0, 0))
            part(.box(halfExtents: Render.Vec3(t / 2, h.y, h.z)), Render.Vec3(-h.x + t / 2, 0, 0))
            part(.box(halfExtents: Render.Vec3(h.x - t, t / 2, h.z)), Render.Vec3(0, h.y - t / 2, 0))
            part(.box(halfExtents: Render.Vec3(h.x - t, t / 2, h.z)), Render.Vec3(0, -h.y + t / 2, 0))
        case .bottle(let neck):
            let r = min(h.x, h.y), body = h.z * (1 - neck), top = h.z * neck
            part(.cylinder(radius: r, halfHeight: body), Render.Vec3(0, 0, -h.z + body))
            part(.cone(radius: r, halfHeight: top * 0.35), Render.Vec3(0, 0, -h.z + 2 * body + top * 0.35))
            part(.cylinder(radius: r * 0.35, halfHeight: top * 0.5), Render.Vec3(0, 0, h.z - top * 0.5),
                 Render.Material(color(s.color * 0.6)))
        case .mug, .mokaPot:
            // The round part fills the body's y extent; the handle sticks out on +x.
            let r = h.y, centre = -h.x + r
            if s.look == .mug {
                part(.tube(radius: r, halfHeight: h.z), Render.Vec3(centre, 0, 0))
            } else {
                part(.cylinder(radius: r, halfHeight: h.z * 0.55), Render.Vec3(centre, 0, -h.z * 0.45))
                part(.cone(radius: r, halfHeight: h.z * 0.45), Render.Vec3(centre, 0, h.z * 0.55),
                     Render.Material(color(s.color * 0.8)))
            }
            let reach = max(h.x - (centre + r), 0.004)
            part(.box(halfExtents: Render.Vec3(reach / 2 + 0.002, 0.004, h.z * 0.45)), Render.Vec3(centre + r + reach / 2, 0, 0))
        }
    }

    /// A simulator colour (RGB in [0, 1]) as an 8-bit colour.
    static func color(_ c: SIMD3<Float>) -> Render.Color {
        func byte(_ v: Float) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
        return Render.Color(r: byte(c.x), g: byte(c.y), b: byte(c.z))
    }
}
