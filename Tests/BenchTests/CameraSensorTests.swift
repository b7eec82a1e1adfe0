@testable import Bench
import Testing

/// Cameras in the simulator's scenes: what they show where, and the observation layouts.
@Suite struct CameraSensorTests {
    /// A world with one red box under a camera looking straight down at it.
    func topDown() throws -> (World, Render.Camera, WorldScene) {
        let box = Body(name: "box", shape: .box, half: Vec3(0.05, 0.05, 0.05), position: Vec3(0, 0.6, 0.05), color: SIMD3(1, 0, 0))
        var w = World(gripper: Gripper(position: Vec3(0.3, 0.3, 0.3)), bodies: [box], workspace: LiberoKit.workspace)
        w.settle()
        let camera = try Render.Camera.lookAt(eye: Vec3(0, 0.6, 1.1), target: Vec3(0, 0.6, 0), up: Vec3(0, 1, 0),
                                              intrinsics: Render.Intrinsics(verticalFOVDegrees: 30, width: 32, height: 32))
        var scene = WorldScene(stage: LiberoSuite.stage)
        scene.update(from: w)
        return (w, camera, scene)
    }

    @Test func aBoxSeenFromAboveFillsTheSquareItsCornersProjectTo() throws {
        let (w, camera, scene) = try topDown()
        let frame = Render.Rasterizer().render(scene.scene, camera: camera)
        let id = WorldScene.segmentationID(of: .body(0), in: w)
        // The top face's corners, through K and the extrinsics.
        let corners = [Vec3(-0.05, 0.55, 0.1), Vec3(0.05, 0.65, 0.1)].map { camera.project($0).pixel }
        let (lo, hi) = (corners.map { min($0.x, $0.y) }.min()!, corners.map { max($0.x, $0.y) }.max()!)
        for row in 0..<32 {
            for column in 0..<32 {
                let inside = Double(column) > lo + 0.5 && Double(column) < hi - 0.5 && Double(row) > lo + 0.5 && Double(row) < hi - 0.5
                let outside = Double(column) < lo - 0.5 || Double(column) > hi + 0.5 || Double(row) < lo - 0.5 || Double(row) > hi + 0.5
                let seen = frame.segmentation[row * 32 + column]
                if inside { #expect(seen == id, "\(column), \(row)") }
                if outside { #expect(seen != id, "\(column), \(row)") }
            }
        }
        // The top face faces the light a little: a lit shade of pure red.
        let centre = frame.rgb[16, 16]
        #expect(centre.r > 150 && centre.g == 0 && centre.b == 0)
    }

    @Test func keypointsLandOnTheirObjectsPixels() throws {
        let suite = LiberoSuite()
        let selection = try suite.select("spatial")
        let env = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(3))
        let sensor = try CameraSensor(rig: LiberoSuite.cameras, stage: LiberoSuite.stage, side: 128)
        let w = env.world
        let frame = sensor.frame(0, world: w, step: 0)
        let camera = sensor.camera(0, world: w)
        let bodies = env.scene.keypointBodies
        // Each object's top centre, seen from the front camera above, is visible and shows that object.
        let tops = bodies.map { w.bodies[$0].position + Vec3(0, 0, w.bodies[$0].half.z - 0.001) }
        let projected = try camera.project(keypoints: tops.map { Render.Keypoint("", at: $0) }, against: frame)
        var checked = 0
        for (b, p) in zip(bodies, projected) where p.visible {
            let (column, row) = p.pixelIndex!
            #expect(frame.segmentation[row * 128 + column] == WorldScene.segmentationID(of: .body(b), in: w), "\(w.bodies[b].name)")
            checked += 1
        }
        #expect(checked >= 3)
    }

    @Test func imagesAreWrittenChannelsFirst() throws {
        var image = Render.RGBImage(width: 2, height: 1)
        image[0, 0] = Render.Color(r: 1, g: 2, b: 3)
        image[1, 0] = Render.Color(r: 4, g: 5, b: 6)
        var out = [UInt8](repeating: 0, count: 6)
        out.withUnsafeMutableBufferPointer { CameraSensor.writeChannelsFirst(image, into: $0) }
        #expect(out == [1, 4, 2, 5, 3, 6])
    }

    @Test func renderingIsDeterministicAndFollowsTheGripper() throws {
        let suite = CalvinSuite()
        let selection = try suite.select("d-d")
        let a = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(1))
        let b = suite.environment(selection: selection, taskIndex: 0, configuration: .evaluation(1))
        #expect(a.snapshot() == b.snapshot())
        let before = a.snapshot()
        let move: [Float] = [1, 0, -1, 0, 0, 0.5, 1]
        for _ in 0..<5 { _ = move.withUnsafeBufferPointer { a.step($0) } }
        let after = a.snapshot()
        #expect(after.width == 128 && after.height == 64 && after != before)
    }
}
