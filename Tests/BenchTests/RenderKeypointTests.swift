import Testing

@testable import Bench

private typealias Vec3 = Render.Vec3

@Suite("Keypoints")
struct RenderKeypointTests {
    /// Named points of the sample scene with the object they lie on: points on upward faces
    /// (both cameras look down, so these faces never hide themselves) or hidden below others.
    private static let points: [(Render.Keypoint, UInt16)] = {
        typealias ID = Render.SampleScene.ObjectID
        return [
            (Render.Keypoint("plate_top", at: Vec3(0.2, 0.2, 0.016)), ID.plate),
            (Render.Keypoint("cookie_box_top", at: Vec3(0.05, -0.25, 0.18)), ID.cookieBox),
            (Render.Keypoint("bottle_neck", at: Vec3(0.315, 0.02, 0.19)), ID.bottle),
            (Render.Keypoint("ball_top", at: Vec3(0.32, -0.22, 0.0799)), ID.ball),
            (Render.Keypoint("cabinet_top", at: Vec3(-0.25, -0.28, 0.3)), ID.cabinet),
            (Render.Keypoint("table_centre", at: Vec3(0, 0, 0)), ID.table),
            (Render.Keypoint("table_under_box", at: Vec3(0.05, -0.25, 0)), ID.table),
            (Render.Keypoint("table_back_left", at: Vec3(-0.45, 0.4, 0)), ID.table),
            (Render.Keypoint("floor_behind_table", at: Vec3(-0.9, 0.2, -0.76)), ID.floor),
            (Render.Keypoint("floor_under_table", at: Vec3(0, 0, -0.76)), ID.floor),
        ]
    }()

    @Test("visibility agrees with the rendered segmentation", arguments: [64, 128])
    func visibilityAgreesWithSegmentation(size: Int) throws {
        let rasterizer = Render.Rasterizer()
        var frame = Render.Frame()
        var visible = 0, hidden = 0
        for phase in [0.0, 0.25, 0.5, 0.75] {
            let gripper = Render.SampleScene.gripperPath(phase: phase)
            let scene = Render.SampleScene.tabletop(gripper: gripper)
            for camera in [
                try Render.SampleScene.agentviewCamera(size: size),
                try Render.SampleScene.wristCamera(gripper: gripper, size: size),
            ] {
                rasterizer.render(scene, camera: camera, into: &frame)
                let projected = try camera.project(keypoints: Self.points.map(\.0), against: frame)
                for (keypoint, (_, owner)) in zip(projected, Self.points) {
                    guard let (column, row) = keypoint.pixelIndex else {
                        #expect(!keypoint.visible)
                        continue
                    }
                    let id = frame.segmentation[row * frame.width + column]
                    #expect(keypoint.visible == (id == owner), "\(keypoint.name) sees id \(id)")
                    if keypoint.visible { visible += 1 } else { hidden += 1 }
                }
            }
        }
        #expect(visible > 20)
        #expect(hidden > 10)
    }

    @Test func aPointHiddenByItsOwnObjectIsOccluded() throws {
        // A point on the bowl's floor 5 cm in from the wall nearest the third-person camera
        // (which looks down at about 41°) lies below the line of sight over that wall (rim 5.7 cm
        // above the floor): the pixel shows the bowl, and the point is occluded by it.
        let camera = try Render.SampleScene.agentviewCamera(size: 128)
        let frame = Render.Rasterizer().render(
            Render.SampleScene.tabletop(gripper: Render.SampleScene.gripperPath(phase: 0)), camera: camera)
        let floor = try camera.project(keypoints: [Render.Keypoint("bowl_floor", at: Vec3(0.17, -0.05, 0.003))], against: frame)[0]
        let (column, row) = try #require(floor.pixelIndex)
        #expect(frame.segmentation[row * 128 + column] == Render.SampleScene.ObjectID.bowl)
        #expect(floor.occluded && !floor.visible)
    }

    @Test func pointsBehindOrOutsideTheCameraAreNotVisible() throws {
        let camera = try Render.Camera.lookAt(
            eye: Vec3(0, -2, 0), target: .zero, intrinsics: Render.Intrinsics(verticalFOVDegrees: 40, width: 32, height: 32))
        let frame = Render.Rasterizer().render(Render.Scene(), camera: camera)
        let result = try camera.project(
            keypoints: [
                Render.Keypoint("ahead", at: .zero), Render.Keypoint("behind", at: Vec3(0, -3, 0)),
                Render.Keypoint("far_left", at: Vec3(-5, 0, 0)), Render.Keypoint("corner", at: Vec3(0.36, 0, 0.36)),
            ], against: frame)
        #expect(result.map(\.visible) == [true, false, false, true])
        #expect(result[1].inFront == false)
        #expect(result[2].inFront && !result[2].inImage)
        #expect(result[0].pixel == SIMD2(15.5, 15.5))
        #expect(result[0].pixelIndex! == (16, 16))  // u = 15.5 is on the border, rounds up
        let small = Render.Rasterizer().render(
            Render.Scene(),
            camera: try Render.Camera.lookAt(
                eye: Vec3(0, -2, 0), target: .zero, intrinsics: Render.Intrinsics(verticalFOVDegrees: 40, width: 8, height: 8)))
        #expect(throws: Render.RenderError.frameSizeMismatch(frameWidth: 8, frameHeight: 8, cameraWidth: 32, cameraHeight: 32)) {
            try camera.project(keypoints: [Render.Keypoint("a", at: .zero)], against: small)
        }
    }
}
