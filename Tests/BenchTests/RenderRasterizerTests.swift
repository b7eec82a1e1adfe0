import Foundation
import Testing

@testable import Bench

private typealias Vec3 = Render.Vec3

/// A unit cube at the origin and a 16x16 camera 2.5 m in front of it on -y with fx = fy = 16:
/// the front face (y = -0.5, 2 m away) spans 16 * 0.5 / 2 = 4 pixels either side of the
/// principal point 7.5, i.e. u, v in [3.5, 11.5]: pixel centres 4...11.
private func headOnCube(light: Render.Light) throws -> (Render.Scene, Render.Camera) {
    let cube = Render.Primitive(
        id: 1, shape: .box(halfExtents: Vec3(0.5, 0.5, 0.5)), pose: .identity,
        material: Render.Material(Render.Color(r: 200, g: 100, b: 50)))
    let camera = try Render.Camera.lookAt(
        eye: Vec3(0, -2.5, 0), target: .zero,
        intrinsics: Render.Intrinsics(fx: 16, fy: 16, cx: 7.5, cy: 7.5, width: 16, height: 16))
    return (Render.Scene(primitives: [cube], light: light, background: Render.Color(r: 1, g: 2, b: 3)), camera)
}

@Suite("Rasteriser")
struct RenderRasterizerTests {
    @Test func cubeSeenHeadOnMatchesTheHandCheckedSilhouette() throws {
        // Light from (0.6, -0.8, 0): the front face (normal -y) gets 0.35 + 0.65 * 0.8 = 0.87.
        let (scene, camera) = try headOnCube(
            light: Render.Light(towardLight: Vec3(0.6, -0.8, 0), ambient: 0.35, diffuse: 0.65))
        let frame = Render.Rasterizer().render(scene, camera: camera)
        let expected = try RenderFixtures.text("cube_head_on.txt").split(separator: "\n").map {
            $0.replacingOccurrences(of: "#", with: "1")
        }
        #expect(frame.idRows == expected)
        for y in 0..<16 {
            for x in 0..<16 {
                let inside = (4...11).contains(x) && (4...11).contains(y)
                let color = frame.rgb[x, y]
                // 200 * 0.87 = 174, 100 * 0.87 = 87, 50 * 0.87 = 43.5 -> 44
                #expect(color == (inside ? Render.Color(r: 174, g: 87, b: 44) : Render.Color(r: 1, g: 2, b: 3)))
                let depth = frame.depth[y * 16 + x]
                if inside {
                    #expect(abs(depth - 2) < 1e-6)
                } else {
                    #expect(depth == .infinity)
                }
            }
        }
    }

    @Test("matches the ray-cast golden image", arguments: ["turned_boxes.json", "near_cut.json"])
    func goldenImage(_ name: String) throws {
        let golden = try RenderFixtures.Golden.load(name)
        let frame = Render.Rasterizer().render(golden.renderScene(), camera: try golden.camera())
        var compared = 0
        for y in 0..<frame.height {
            let expectedRow = Array(golden.ids[y])
            let row = Array(frame.idRows[y])
            for x in 0..<frame.width where expectedRow[x] != "?" {
                compared += 1
                #expect(row[x] == expectedRow[x], "id at (\(x), \(y))")
                let color = frame.rgb[x, y]
                let want = try #require(golden.rgb[y][x])
                let channelError = zip([color.r, color.g, color.b], want).map { abs(Int($0) - Int($1)) }.max()!
                #expect(channelError <= 1, "colour at (\(x), \(y)): \(color) vs \(want)")
                let depth = Double(frame.depth[y * frame.width + x])
                if let wantDepth = golden.depth[y][x] {
                    #expect(abs(depth - wantDepth) < 1e-5 * wantDepth, "depth at (\(x), \(y))")
                } else {
                    #expect(depth == .infinity)
                }
            }
        }
        #expect(compared > frame.width * frame.height * 9 / 10)
    }

    @Test func depthTestKeepsTheNearestSurfaceWhateverTheDrawingOrder() throws {
        let camera = try Render.Camera.lookAt(
            eye: Vec3(0, -3, 0.5), target: Vec3(0, 0, 0.3),
            intrinsics: Render.Intrinsics(verticalFOVDegrees: 50, width: 48, height: 48))
        func box(_ id: UInt16, y: Double) -> Render.Primitive {
            Render.Primitive(
                id: id, shape: .box(halfExtents: Vec3(0.3, 0.1, 0.3)), pose: Render.Pose(position: Vec3(0.25 * Double(Int(id) - 2), y, 0.3)),
                material: Render.Material(Render.Color(hex: 0x808080)))
        }
        let near = box(1, y: -1), middle = box(2, y: 0), far = box(3, y: 1)
        let rasterizer = Render.Rasterizer()
        let reference = rasterizer.render(Render.Scene(primitives: [near, middle, far]), camera: camera)
        for order in [[far, middle, near], [middle, far, near], [near, far, middle]] {
            let frame = rasterizer.render(Render.Scene(primitives: order), camera: camera)
            #expect(frame.segmentation == reference.segmentation)
            #expect(frame.depth == reference.depth)
        }
        // Each box shows partly (they are staggered sideways); the centre pixel sees the nearest.
        #expect(reference.segmentation[24 * 48 + 24] == 1)
        #expect(Set(reference.segmentation) == [0, 1, 2, 3])
        let depthOf = { (id: UInt16) in
            zip(reference.segmentation, reference.depth).filter { $0.0 == id }.map { $0.1 }.min()!
        }
        #expect(depthOf(1) < depthOf(2))
        #expect(depthOf(2) < depthOf(3))
    }

    @Test func groundPlaneCrossingTheNearPlaneFillsExactlyTheRowsBelowTheHorizon() throws {
        // A camera 1 m above a huge floor looking level: the floor reaches behind the camera, so
        // its triangles are clipped at the near plane and by the guard band. Rows whose
        // pixel-centre rays point down (v > cy) see the floor, the others do not.
        let camera = try Render.Camera.lookAt(
            eye: Vec3(0, 0, 1), target: Vec3(0, 5, 1),
            intrinsics: Render.Intrinsics(verticalFOVDegrees: 60, width: 32, height: 32), near: 0.05, far: 1000)
        let floor = Render.Primitive(
            id: 7, shape: .quad(halfWidth: 100, halfDepth: 100), pose: .identity,
            material: Render.Material(Render.Color(hex: 0x446688)))
        let frame = Render.Rasterizer().render(Render.Scene(primitives: [floor]), camera: camera)
        for y in 0..<32 {
            // Rows beyond ~cy + fy * 1 / 100 see the floor within 100 m; near the horizon the
            // floor ends (it is 100 m long), so only check rows clearly above or below.
            let row = frame.segmentation[(y * 32)..<((y + 1) * 32)]
            if Double(y) > camera.intrinsics.cy + 1 {
                #expect(row.allSatisfy { $0 == 7 }, "row \(y)")
            } else if Double(y) < camera.intrinsics.cy {
                #expect(row.allSatisfy { $0 == 0 }, "row \(y)")
            }
        }
        // Depth along the optical axis of a floor point seen at row v: 1 m / ((v - cy) / fy).
        let k = camera.intrinsics
        let y = 30
        #expect(abs(Double(frame.depth[y * 32 + 5]) - k.fy / (Double(y) - k.cy)) < 1e-4)
    }

    @Test func checkerPatternFollowsTheObjectFrame() throws {
        // A 1 m quad seen straight from above, checker cells of 0.25 m, the quad shifted and
        // turned: each pixel's colour is the parity of the cell its ray hits.
        let intrinsics = try Render.Intrinsics(verticalFOVDegrees: 40, width: 40, height: 40)
        let camera = try Render.Camera.lookAt(
            eye: Vec3(0, 0, 2), target: .zero, up: Vec3(0, 1, 0), intrinsics: intrinsics)
        let pose = Render.Pose(position: Vec3(0.05, -0.03, 0), yaw: 0.3)
        let light = Render.Light(towardLight: Vec3(0, 0, 1), ambient: 0, diffuse: 1)
        let base = Render.Color(r: 200, g: 0, b: 0), other = Render.Color(r: 0, g: 0, b: 200)
        let quad = Render.Primitive(
            id: 1, shape: .quad(halfWidth: 0.5, halfDepth: 0.5), pose: pose,
            material: Render.Material(base, pattern: .checker(cell: 0.25, other: other)))
        let frame = Render.Rasterizer().render(Render.Scene(primitives: [quad], light: light), camera: camera)
        var checked = 0
        for y in 0..<40 {
            for x in 0..<40 where frame.segmentation[y * 40 + x] == 1 {
                // Intersect the pixel's ray with the plane z = 0, then go to the quad's frame.
                let direction = camera.rayDirection(throughPixel: Double(x), Double(y))
                let hit = camera.center + direction * (-camera.center.z / direction.z)
                let local = pose.inverse.apply(hit) / 0.25
                let fraction = { (v: Double) in abs(v - v.rounded()) }
                guard fraction(local.x) > 0.02, fraction(local.y) > 0.02 else { continue }  // on a cell border
                let odd = Int(local.x.rounded(.down) + local.y.rounded(.down)) & 1 != 0
                #expect(frame.rgb[x, y] == (odd ? other : base), "pixel (\(x), \(y))")
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test func roundShapesCoverTheirAnalyticAreaAndRefineWithSize() throws {
        // A sphere of radius 0.5 seen from 10 m: its outline is close to a disc of radius
        // fy * 0.5 / sqrt(10^2 - 0.5^2) pixels (6 at 64 px, 24 at 256 px); tessellation makes
        // it slightly smaller, less so at the finer level of detail the larger image gets.
        let rasterizer = Render.Rasterizer()
        for size in [64, 256] {
            let intrinsics = try Render.Intrinsics(verticalFOVDegrees: 30, width: size, height: size)
            let camera = try Render.Camera.lookAt(eye: Vec3(0, -10, 0), target: .zero, intrinsics: intrinsics)
            let sphere = Render.Primitive(
                id: 1, shape: .sphere(radius: 0.5), pose: .identity, material: Render.Material(Render.Color(hex: 0xFFFFFF)))
            let frame = rasterizer.render(Render.Scene(primitives: [sphere]), camera: camera)
            let radius = intrinsics.fy * 0.5 / (100 - 0.25).squareRoot()
            let area = Double.pi * radius * radius
            let covered = Double(frame.segmentation.filter { $0 == 1 }.count)
            #expect(covered < area * 1.02 + 4 * radius, "size \(size)")
            #expect(covered > area * (size == 64 ? 0.85 : 0.95), "size \(size)")
        }
        #expect(rasterizer.cachedMeshCount == 2)  // one level of detail per size
    }

    @Test func renderingIsDeterministicAndReusesItsBuffers() throws {
        let gripper = Render.SampleScene.gripperPath(phase: 0.3)
        let scene = Render.SampleScene.tabletop(gripper: gripper)
        for size in [64, 128] {
            let cameras = [
                try Render.SampleScene.agentviewCamera(size: size),
                try Render.SampleScene.wristCamera(gripper: gripper, size: size),
            ]
            for camera in cameras {
                let first = Render.Rasterizer().render(scene, camera: camera)
                let reused = Render.Rasterizer()
                var frame = Render.Frame()
                reused.render(Render.SampleScene.tabletop(gripper: .identity), camera: camera, into: &frame)
                let address = frame.rgb.pixels.withUnsafeBufferPointer { $0.baseAddress }
                reused.render(scene, camera: camera, into: &frame)
                #expect(frame.rgb.pixels.withUnsafeBufferPointer { $0.baseAddress } == address)
                #expect(frame.rgb == first.rgb)
                #expect(frame.segmentation == first.segmentation)
                #expect(frame.depth.map(\.bitPattern) == first.depth.map(\.bitPattern))
                // Every object of the sample scene shows in the third-person view.
                if camera == cameras[0] {
                    #expect(Set(first.segmentation) == Set(0...10))
                }
            }
        }
    }

    @Test func invalidPrimitivesAreSkippedWithoutHarm() throws {
        let camera = try Render.SampleScene.agentviewCamera(size: 64)
        let valid = Render.SampleScene.tabletop(gripper: Render.SampleScene.gripperPath(phase: 0))
        var scene = valid
        let material = Render.Material(Render.Color(hex: 0xFF00FF))
        scene.primitives += [
            Render.Primitive(id: 40, shape: .sphere(radius: -1), pose: .identity, material: material),
            Render.Primitive(id: 41, shape: .box(halfExtents: Vec3(.nan, 1, 1)), pose: .identity, material: material),
            Render.Primitive(
                id: 42, shape: .sphere(radius: 0.1), pose: Render.Pose(position: Vec3(.infinity, 0, 0)), material: material),
            Render.Primitive(
                id: 43, shape: .box(halfExtents: Vec3(0.1, 0.1, 0.1)), pose: .identity,
                material: Render.Material(Render.Color(hex: 0), pattern: .checker(cell: 0, other: Render.Color(hex: 0)))),
        ]
        let rasterizer = Render.Rasterizer()
        #expect(rasterizer.render(scene, camera: camera).rgb == rasterizer.render(valid, camera: camera).rgb)
    }

    @Test func wristCameraMovesWithTheGripper() throws {
        // With light-independent shading the gripper looks the same from its own camera
        // wherever the gripper is, and the world moves across the image.
        let light = Render.Light(towardLight: Vec3(0, 0, 1), ambient: 1, diffuse: 0)
        let rasterizer = Render.Rasterizer()
        var frames: [Render.Frame] = []
        for phase in [0.1, 0.6] {
            let gripper = Render.SampleScene.gripperPath(phase: phase)
            let onlyGripper = Render.Scene(
                primitives: Render.SampleScene.gripperPrimitives(gripper, opening: 0.06), light: light)
            frames.append(rasterizer.render(onlyGripper, camera: try Render.SampleScene.wristCamera(gripper: gripper, size: 64)))
        }
        // Equal up to the last bits of the pose arithmetic, which may move an edge pixel.
        let differing = zip(frames[0].segmentation, frames[1].segmentation).filter { $0 != $1 }.count
        #expect(differing <= 8)
        #expect(frames[0].segmentation.filter { $0 == Render.SampleScene.ObjectID.gripper }.count > 400)
    }
}
