import Foundation
import Testing

@testable import Bench

/// Test fixtures of the renderer: Tests/Fixtures/render.
enum RenderFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/render")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// A golden image made by make_fixtures.py's ray caster, with the box scene it shows.
    struct Golden: Decodable {
        struct Camera: Decodable {
            let eye, target, up: [Double]
            let fx, fy, cx, cy, near, far: Double
            let width, height: Int
        }
        struct Light: Decodable {
            let towardLight: [Double]
            let ambient, diffuse: Double
        }
        struct Box: Decodable {
            let id: UInt16
            let center, axisAngle, halfExtents: [Double]
            let color: [UInt8]
        }
        struct Scene: Decodable {
            let camera: Camera
            let light: Light
            let background: [UInt8]
            let boxes: [Box]
        }
        let scene: Scene
        /// One string per row: '.' background, a digit the box id, '?' too close to an edge.
        let ids: [String]
        let depth: [[Double?]]
        let rgb: [[[UInt8]?]]

        static func load(_ name: String) throws -> Golden {
            try JSONDecoder().decode(Golden.self, from: Data(contentsOf: directory.appendingPathComponent(name)))
        }

        func camera() throws -> Render.Camera {
            let c = scene.camera
            return try Render.Camera.lookAt(
                eye: vec(c.eye), target: vec(c.target), up: vec(c.up),
                intrinsics: Render.Intrinsics(fx: c.fx, fy: c.fy, cx: c.cx, cy: c.cy, width: c.width, height: c.height),
                near: c.near, far: c.far)
        }

        func renderScene() -> Render.Scene {
            let boxes = scene.boxes.map { box in
                Render.Primitive(
                    id: box.id, shape: .box(halfExtents: vec(box.halfExtents)),
                    pose: Render.Pose(rotation: .rotation(axisAngle: vec(box.axisAngle)), translation: vec(box.center)),
                    material: Render.Material(color(box.color)))
            }
            return Render.Scene(
                primitives: boxes,
                light: Render.Light(
                    towardLight: vec(scene.light.towardLight), ambient: scene.light.ambient,
                    diffuse: scene.light.diffuse),
                background: color(scene.background))
        }

        private func vec(_ v: [Double]) -> Render.Vec3 { Render.Vec3(v[0], v[1], v[2]) }
        private func color(_ c: [UInt8]) -> Render.Color { Render.Color(r: c[0], g: c[1], b: c[2]) }
    }
}

extension Render.Frame {
    /// The segmentation as rows of characters: '.' for background, the id's last digit otherwise.
    var idRows: [String] {
        (0..<height).map { y in
            String((0..<width).map { x -> Character in
                let id = segmentation[y * width + x]
                return id == 0 ? "." : Character(String(id % 10))
            })
        }
    }
}
