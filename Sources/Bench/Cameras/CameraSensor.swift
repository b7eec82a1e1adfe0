/// The camera observation fields of the visual suites and the per-environment renderer that fills
/// them (docs/rendering.md, "Camera observations"):
///
/// | field | kind | shape | content |
/// |---|---|---|---|
/// | `agentview`, `wrist` | uint8 | [3, S, S] | RGB image, channels first, rows from the top |
/// | `<camera>_intrinsics` | float32 | [3, 3] | K, row-major |
/// | `<camera>_extrinsics` | float32 | [4, 4] | world-from-camera, row-major (OpenCV camera frame) |
/// | `keypoints` | float32 | [K, 3] | world positions of the suite's K keypoints |
/// | `<camera>_keypoints` | float32 | [K, 3] | per keypoint: pixel u, v and 1 if visible else 0 |
///
/// Images are rendered only when a field that needs them is read by the policy.
public final class CameraSensor {
    /// The camera fields for `side` x `side` images and `keypoints` keypoints, in their fixed order.
    public static func fields(side: Int, keypoints: Int) -> [FieldSpec] {
        var out: [FieldSpec] = CameraRig.names.map { FieldSpec(name: $0, kind: .uint8, shape: [3, side, side]) }
        for name in CameraRig.names {
            out.append(FieldSpec(name: "\(name)_intrinsics", kind: .float32, shape: [3, 3]))
            out.append(FieldSpec(name: "\(name)_extrinsics", kind: .float32, shape: [4, 4]))
        }
        out.append(FieldSpec(name: "keypoints", kind: .float32, shape: [keypoints, 3], privileged: true))
        for name in CameraRig.names {
            out.append(FieldSpec(name: "\(name)_keypoints", kind: .float32, shape: [keypoints, 3], privileged: true))
        }
        return out
    }

    /// Number of camera fields (``fields(side:keypoints:)``'s count).
    public static let fieldCount = 9

    /// The optional depth fields: per camera float32 [1, S, S], the camera-frame z of the nearest
    /// surface in metres (0 where nothing is seen). Suites put them after all their other fields.
    public static func depthFields(side: Int) -> [FieldSpec] {
        CameraRig.names.map { FieldSpec(name: "\($0)_depth", kind: .float32, shape: [1, side, side]) }
    }

    /// The fields of a selection with cameras: the camera fields, the suite's own, and the depth
    /// fields if asked for.
    public static func fields(for selection: TaskSelection, keypoints: Int, suiteFields: [FieldSpec]) -> [FieldSpec] {
        let side = selection.imageSize ?? Render.defaultImageSide
        return fields(side: side, keypoints: keypoints) + suiteFields + (selection.cameraDepth ? depthFields(side: side) : [])
    }

    public let rig: CameraRig
    public let side: Int
    private var worldScene: WorldScene
    private let rasterizer = Render.Rasterizer()
    private var frames = [Render.Frame(), Render.Frame()]
    private let agentview: Render.Camera
    private var cameras: [Render.Camera]
    /// Per camera, the world step its frame shows (-1: never rendered).
    private var renderedStep = [-1, -1]

    public init(rig: CameraRig, stage: Stage, side: Int) throws {
        self.rig = rig
        self.side = side
        worldScene = WorldScene(stage: stage)
        agentview = try rig.agentview(side: side)
        cameras = [agentview, agentview]
    }

    /// The camera `index` (0 agentview, 1 wrist) for the world's current gripper pose.
    public func camera(_ index: Int, world: World) -> Render.Camera {
        index == 0 ? agentview : ((try? rig.wrist(of: world.gripper, side: side)) ?? agentview)
    }

    /// Camera `index`'s frame of the world now, rendering it unless this step's frame is already there.
    public func frame(_ index: Int, world: World, step: Int) -> Render.Frame {
        if renderedStep[index] != step {
            if renderedStep[0] != step && renderedStep[1] != step { worldScene.update(from: world) }
            cameras[index] = camera(index, world: world)
            rasterizer.render(worldScene.scene, camera: cameras[index], into: &frames[index])
            renderedStep[index] = step
        }
        return frames[index]
    }

    /// Renders the frames that ``write(into:row:base:depthBase:world:step:keypoints:)`` will need for
    /// `batch`'s requested fields (it then finds them already rendered).
    public func prepare(for batch: ObservationBatch, base: Int, depthBase: Int?, world: World, step: Int) {
        for c in 0..<2 where batch.isRequested(base + c) || batch.isRequested(base + 7 + c)
            || depthBase.map({ batch.isRequested($0 + c) }) == true {
            _ = frame(c, world: world, step: step)
        }
    }

    /// Forgets rendered frames (after the world changed without a step, e.g. a reset).
    public func invalidate() { renderedStep = [-1, -1] }

    /// Writes the requested camera fields of row `row`, the fields starting at field number `base`
    /// in the order of ``fields(side:keypoints:)``, and the depth fields from `depthBase` if given.
    /// `keypoints` gives the world points (asked for only
    /// when a keypoint field is read); `step` names the world's state (frames are rendered once per step).
    public func write(into batch: inout ObservationBatch, row: Int, base: Int, depthBase: Int? = nil, world: World, step: Int,
                      keypoints makeKeypoints: () -> [Vec3]) {
        if let depthBase {
            for c in 0..<2 where batch.isRequested(depthBase + c) {
                let f = frame(c, world: world, step: step)
                batch.withFloatRow(field: depthBase + c, row: row) { out in
                    for i in 0..<out.count { out[i] = f.depth[i].isFinite ? f.depth[i] : 0 }
                }
            }
        }
        let wantsKeypoints = (6...8).contains { batch.isRequested(base + $0) }
        let keypoints = wantsKeypoints ? makeKeypoints() : []
        for c in 0..<2 {
            let imageField = base + c, keypointField = base + 7 + c
            if batch.isRequested(imageField) {
                let f = frame(c, world: world, step: step)
                batch.withByteRow(field: imageField, row: row) { Self.writeChannelsFirst(f.rgb, into: $0) }
            }
            let camera = c == 0 ? agentview : self.camera(1, world: world)
            if batch.isRequested(base + 2 + 2 * c) {
                batch.withFloatRow(field: base + 2 + 2 * c, row: row) { out in
                    for (i, v) in camera.intrinsics.matrixRowMajor.enumerated() { out[i] = Float(v) }
                }
            }
            if batch.isRequested(base + 3 + 2 * c) {
                batch.withFloatRow(field: base + 3 + 2 * c, row: row) { out in
                    for (i, v) in camera.worldFromCamera.homogeneousRowMajor.enumerated() { out[i] = Float(v) }
                }
            }
            if batch.isRequested(keypointField) {
                let f = frame(c, world: world, step: step)
                let projected = (try? camera.project(keypoints: keypoints.map { Render.Keypoint("", at: $0) }, against: f)) ?? []
                batch.withFloatRow(field: keypointField, row: row) { out in
                    for (k, p) in projected.enumerated() {
                        out[3 * k] = Float(p.pixel.x)
                        out[3 * k + 1] = Float(p.pixel.y)
                        out[3 * k + 2] = p.visible ? 1 : 0
                    }
                }
            }
        }
        if batch.isRequested(base + 6) {
            batch.withFloatRow(field: base + 6, row: row) { out in
                for (k, p) in keypoints.enumerated() {
                    out[3 * k] = Float(p.x)
                    out[3 * k + 1] = Float(p.y)
                    out[3 * k + 2] = Float(p.z)
                }
            }
        }
    }

    /// Both cameras' images side by side (for videos and docs).
    public func snapshot(world: World, step: Int) -> Render.RGBImage {
        let images = (0..<2).map { frame($0, world: world, step: step).rgb }
        return (try? Render.RGBImage.grid(images, columns: 2, gap: 0)) ?? images[0]
    }

    /// An H x W x 3 image as 3 x H x W bytes.
    static func writeChannelsFirst(_ image: Render.RGBImage, into out: UnsafeMutableBufferPointer<UInt8>) {
        let plane = image.width * image.height
        image.pixels.withUnsafeBufferPointer { px in
            for i in 0..<plane {
                out[i] = px[3 * i]
                out[plane + i] = px[3 * i + 1]
                out[2 * plane + i] = px[3 * i + 2]
            }
        }
    }
}
