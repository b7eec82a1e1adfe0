extension Render {
    /// Draws scenes into frames: tessellates each primitive (cached per distinct shape and level
    /// of detail, finer for shapes that cover more pixels),
    /// transforms it into the camera frame, culls back faces of closed shapes, clips against the
    /// near plane, and fills triangles with a z-buffer and flat Lambert shading.
    ///
    /// One pixel sample at each pixel centre, no anti-aliasing. Rendering is deterministic: the
    /// same scene and camera give bit-identical frames. A rasteriser is not thread-safe; use one
    /// per thread. After the first frames at a given size it allocates nothing per frame.
    public final class Rasterizer {
        /// Tessellations by shape (size included) and segments around round shapes.
        private var meshes: [MeshKey: Mesh] = [:]
        /// 1/z of the nearest surface per pixel.
        private var inverseDepth: [Float] = []
        /// Camera-frame vertices of the primitive being drawn.
        private var cameraPoints: [Vec3] = []

        /// Past this many distinct shapes the mesh cache is emptied and refilled on demand.
        public static let meshCacheLimit = 4096

        public init() {}

        private struct MeshKey: Hashable {
            var shape: Shape
            var segments: Int
        }

        /// The number of tessellations in the cache.
        public var cachedMeshCount: Int { meshes.count }

        /// Triangles of the primitives that passed the bounding-sphere cull in the last frame
        /// (before back-face culling and clipping).
        public private(set) var trianglesInLastFrame = 0

        /// Renders `scene` as seen by `camera` into `frame`, resizing it to the camera's image
        /// size if needed. Primitives with invalid sizes or non-finite poses are skipped.
        public func render(_ scene: Scene, camera: Camera, into frame: inout Frame) {
            let k = camera.intrinsics
            frame.resize(width: k.width, height: k.height)
            let count = k.width * k.height
            if inverseDepth.count != count { inverseDepth = [Float](repeating: 0, count: count) }
            let farInverse = Float(1 / camera.far)
            let clipper = FrustumClipper(camera: camera)
            let cameraFromWorld = camera.cameraFromWorld
            trianglesInLastFrame = 0
            inverseDepth.withUnsafeMutableBufferPointer { zBuffer in
                frame.withPixelBuffers { colors, ids in
                    let target = RasterTarget(
                        width: k.width, height: k.height, colors: colors.baseAddress!,
                        ids: ids.baseAddress!, inverseDepth: zBuffer.baseAddress!, intrinsics: k)
                    target.clear(background: scene.background, farInverse: farInverse)
                    for primitive in scene.primitives {
                        draw(
                            primitive, cameraFromWorld: cameraFromWorld, light: scene.light,
                            clipper: clipper, target: target)
                    }
                }
            }
            inverseDepth.withUnsafeBufferPointer { zBuffer in
                frame.depth.withUnsafeMutableBufferPointer { depth in
                    for i in 0..<count {
                        depth[i] = zBuffer[i] > farInverse ? 1 / zBuffer[i] : .infinity
                    }
                }
            }
        }

        /// Renders into a new frame (allocates; prefer ``render(_:camera:into:)`` in loops).
        public func render(_ scene: Scene, camera: Camera) -> Frame {
            var frame = Frame()
            render(scene, camera: camera, into: &frame)
            return frame
        }

        private func mesh(for shape: Shape, segments: Int) -> Mesh {
            let key = MeshKey(shape: shape, segments: segments)
            if let mesh = meshes[key] { return mesh }
            if meshes.count >= Self.meshCacheLimit { meshes.removeAll(keepingCapacity: true) }
            let mesh = Mesh(shape, segments: segments)
            meshes[key] = mesh
            return mesh
        }

        private func draw(
            _ primitive: Primitive, cameraFromWorld: Pose, light: Light, clipper: FrustumClipper,
            target: RasterTarget
        ) {
            guard primitive.shape.isValid, primitive.material.pattern.isValid else { return }
            let cameraFromObject = cameraFromWorld * primitive.worldFromObject
            guard cameraFromObject.isFinite else { return }
            let center = cameraFromObject.translation
            let radius = primitive.shape.boundingRadius
            guard clipper.mayShow(center: center, radius: radius) else { return }
            let k = target.intrinsics
            let screenRadius = max(k.fx, k.fy) * radius / max(center.z - radius, clipper.near)
            let mesh = mesh(for: primitive.shape, segments: Mesh.segments(forScreenRadius: screenRadius))
            trianglesInLastFrame += mesh.triangleCount
            let vertexCount = mesh.positions.count
            if cameraPoints.count < vertexCount {
                cameraPoints = [Vec3](repeating: .zero, count: vertexCount)
            }
            // Lighting and back-face tests happen in the object frame.
            let eye = cameraFromObject.inverse.translation
            let objectLight = Light(
                towardLight: primitive.worldFromObject.rotation.transposed * light.towardLight,
                ambient: light.ambient, diffuse: light.diffuse)
            let twoSided = primitive.shape.isTwoSided
            let material = primitive.material
            let other = material.secondColor
            let patternAxes = PatternAxes(
                pattern: material.pattern, cameraFromObject: cameraFromObject, intrinsics: target.intrinsics)
            cameraPoints.withUnsafeMutableBufferPointer { points in
                mesh.positions.withUnsafeBufferPointer { positions in
                    for i in 0..<vertexCount { points[i] = cameraFromObject.apply(positions[i]) }
                    mesh.indices.withUnsafeBufferPointer { indices in
                        mesh.normals.withUnsafeBufferPointer { normals in
                            for t in 0..<normals.count {
                                let i0 = Int(indices[3 * t]), i1 = Int(indices[3 * t + 1])
                                let i2 = Int(indices[3 * t + 2])
                                var normal = normals[t]
                                if Render.dot(normal, positions[i0] - eye) >= 0 {
                                    guard twoSided else { continue }
                                    normal = -normal
                                }
                                let intensity = objectLight.intensity(normal: normal)
                                let shading = FaceShading(
                                    id: primitive.id, color: material.color.shaded(intensity),
                                    other: other.shaded(intensity),
                                    pattern: patternAxes.sampler(faceNormal: normal))
                                clipper.draw(points[i0], points[i1], points[i2], into: target, shading: shading)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Render.Pose {
    /// Whether every entry is finite.
    var isFinite: Bool {
        let r = rotation
        return [r.c0, r.c1, r.c2, translation].allSatisfy { v in
            v.x.isFinite && v.y.isFinite && v.z.isFinite
        }
    }
}
