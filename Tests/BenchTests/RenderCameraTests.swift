import Foundation
import Testing

@testable import Bench

private typealias Vec3 = Render.Vec3

@Suite("Cameras and geometry")
struct RenderCameraTests {
    @Test func intrinsicsFromTheVerticalFieldOfView() throws {
        let k = try Render.Intrinsics(verticalFOVDegrees: 60, width: 64, height: 48)
        #expect(abs(k.fy - 24 / tan(Double.pi / 6)) < 1e-12)
        #expect(k.fx == k.fy)
        #expect(k.cx == 31.5)
        #expect(k.cy == 23.5)
        #expect(abs(k.verticalFOVDegrees - 60) < 1e-9)
        #expect(k.matrixRowMajor == [k.fx, 0, 31.5, 0, k.fy, 23.5, 0, 0, 1])
    }

    @Test func knownPointProjectsToTheHandComputedPixel() throws {
        // Camera at (0, -2, 1) looking along world +y: camera x = world x, camera y = world -z,
        // camera z = world y. 64x64, 60° vertical: fy = 32 / tan 30° = 55.42562584220407,
        // cx = cy = 31.5. World point (0.3, 0, 1.2) is camera point (0.3, -0.2, 2):
        // u = 31.5 + 55.4256... * 0.15 = 39.81384387633061,
        // v = 31.5 - 55.4256... * 0.1 = 25.957437415779593, depth 2.
        let camera = try Render.Camera.lookAt(
            eye: Vec3(0, -2, 1), target: Vec3(0, 0, 1),
            intrinsics: Render.Intrinsics(verticalFOVDegrees: 60, width: 64, height: 64))
        let r = camera.worldFromCamera.rotation
        #expect(r.c0 == Vec3(1, 0, 0))
        #expect(r.c1 == Vec3(0, 0, -1))
        #expect(r.c2 == Vec3(0, 1, 0))
        let (pixel, depth) = camera.project(Vec3(0.3, 0, 1.2))
        #expect(abs(pixel.x - 39.81384387633061) < 1e-9)
        #expect(abs(pixel.y - 25.957437415779593) < 1e-9)
        #expect(abs(depth - 2) < 1e-12)
        // The extrinsics as a 4x4 matrix, row by row.
        #expect(camera.worldFromCamera.homogeneousRowMajor == [1, 0, 0, 0, 0, 0, 1, -2, 0, -1, 0, 1, 0, 0, 0, 1])
    }

    @Test func projectionAgreesWithKAndTheExtrinsicsAndWithTheRender() throws {
        // The same projection written out as K [R^T | -R^T c] x, and the pixel the renderer
        // draws a tiny box at.
        let camera = try Render.Camera.lookAt(
            eye: Vec3(0.9, -0.7, 0.6), target: Vec3(0, 0.1, 0.05),
            intrinsics: Render.Intrinsics(verticalFOVDegrees: 50, width: 128, height: 96))
        let point = Vec3(0.12, 0.05, 0.2)
        let k = camera.intrinsics.matrix
        let rt = camera.worldFromCamera.rotation.transposed
        let homogeneous = k * (rt * (point - camera.center))
        let (pixel, depth) = camera.project(point)
        #expect(abs(pixel.x - homogeneous.x / homogeneous.z) < 1e-9)
        #expect(abs(pixel.y - homogeneous.y / homogeneous.z) < 1e-9)
        #expect(abs(depth - homogeneous.z) < 1e-12)
        // The ray through that pixel passes through the point.
        let ray = camera.rayDirection(throughPixel: pixel.x, pixel.y)
        let along = Render.dot(point - camera.center, ray)
        #expect(Render.length(camera.center + ray * along - point) < 1e-9)
        let speck = Render.Primitive(
            id: 9, shape: .box(halfExtents: Vec3(0.01, 0.01, 0.01)), pose: Render.Pose(position: point),
            material: Render.Material(Render.Color(hex: 0xFFFFFF)))
        let frame = Render.Rasterizer().render(Render.Scene(primitives: [speck]), camera: camera)
        let index = Int(pixel.y.rounded()) * 128 + Int(pixel.x.rounded())
        #expect(frame.segmentation[index] == 9)
        #expect(frame.segmentation.filter { $0 == 9 }.count <= 9)  // the box spans about 2 pixels
    }

    @Test func mountedCameraComposesTheFramePoseWithTheMount() throws {
        let intrinsics = try Render.Intrinsics(verticalFOVDegrees: 70, width: 64, height: 64)
        let frame = Render.Pose(rotation: .rotation(axisAngle: Vec3(0.3, -0.2, 1.1)), translation: Vec3(0.2, 0.1, 0.4))
        let mount = Render.Pose(rotation: .rotationX(0.4), translation: Vec3(-0.05, 0, 0.02))
        let camera = try Render.Camera.mounted(on: frame, frameFromCamera: mount, intrinsics: intrinsics)
        let point = Vec3(0.25, 0.05, 0.1)
        let inCamera = mount.inverse.apply(frame.inverse.apply(point))
        let (pixel, depth) = camera.project(point)
        #expect(abs(depth - inCamera.z) < 1e-12)
        #expect(Render.length(Vec3(pixel.x, pixel.y, 0) - Vec3(intrinsics.pixel(ofCameraPoint: inCamera).x, intrinsics.pixel(ofCameraPoint: inCamera).y, 0)) < 1e-9)
        #expect(Render.length(camera.center - frame.apply(mount.translation)) < 1e-12)
    }

    @Test func posesComposeAndInvert() {
        let a = Render.Pose(rotation: .rotation(axisAngle: Vec3(0.4, 0.5, -0.3)), translation: Vec3(1, 2, 3))
        let b = Render.Pose(rotation: .rotation(quaternionW: 0.9, x: 0.1, y: -0.3, z: 0.2), translation: Vec3(-0.5, 0, 0.7))
        let x = Vec3(0.3, -0.8, 1.9)
        #expect(Render.length((a * b).apply(x) - a.apply(b.apply(x))) < 1e-12)
        #expect(Render.length(a.inverse.apply(a.apply(x)) - x) < 1e-12)
        // Axis-angle and quaternion agree: 90° about z.
        let qz = Render.Mat3.rotation(quaternionW: 0.5.squareRoot(), x: 0, y: 0, z: 0.5.squareRoot())
        let wz = Render.Mat3.rotation(axisAngle: Vec3(0, 0, Double.pi / 2))
        let rz = Render.Mat3.rotationZ(Double.pi / 2)
        for (m, n) in [(qz, wz), (wz, rz)] {
            for i in 0..<3 { #expect(Render.length(m.row(i) - n.row(i)) < 1e-12) }
        }
        #expect(Render.length(rz * Vec3(1, 0, 0) - Vec3(0, 1, 0)) < 1e-12)
        let rot = a.rotation * a.rotation.transposed
        for i in 0..<3 { #expect(Render.length(rot.row(i) - Render.Mat3.identity.row(i)) < 1e-12) }
    }

    @Test func badCameraParametersAreErrors() throws {
        #expect(throws: Render.RenderError.invalidImageSize(width: 0, height: 64)) {
            try Render.Intrinsics(verticalFOVDegrees: 45, width: 0, height: 64)
        }
        #expect(throws: Render.RenderError.self) { try Render.Intrinsics(verticalFOVDegrees: 180, width: 64, height: 64) }
        #expect(throws: Render.RenderError.self) { try Render.Intrinsics(verticalFOVDegrees: .nan, width: 64, height: 64) }
        #expect(throws: Render.RenderError.self) {
            try Render.Intrinsics(fx: -1, fy: 10, cx: 0, cy: 0, width: 8, height: 8)
        }
        let k = try Render.Intrinsics(verticalFOVDegrees: 45, width: 64, height: 64)
        #expect(throws: Render.RenderError.self) { try Render.Camera.lookAt(eye: .zero, target: .zero, intrinsics: k) }
        #expect(throws: Render.RenderError.self) {
            try Render.Camera.lookAt(eye: .zero, target: Vec3(0, 0, -1), up: Vec3(0, 0, 1), intrinsics: k)
        }
        #expect(throws: Render.RenderError.self) {
            try Render.Camera(intrinsics: k, worldFromCamera: .identity, near: 1, far: 0.5)
        }
    }
}
