extension Render {
    /// Culls and clips camera-frame geometry before rasterisation.
    ///
    /// Triangles are clipped against the near plane (so every vertex has `z >= near > 0`) and
    /// against a guard band one image size beyond each image border (so snapped coordinates stay
    /// small); the rasteriser's bounding box does the exact cut at the image border, and the
    /// depth test the cut at the far plane.
    struct FrustumClipper {
        /// Inside when `dot(normal, p) + offset >= 0`: near plane, then the four guard planes.
        private let planes: [(normal: Vec3, offset: Double)]
        /// The four image-border planes with unit normals, for culling bounding spheres.
        private let borders: [Vec3]
        /// The camera's clip distances.
        let near, far: Double

        init(camera: Camera) {
            let k = camera.intrinsics
            let (w, h) = (Double(k.width), Double(k.height))
            // A point is right of u = b when fx x + (cx - b) z >= 0 (z > 0); similar for the rest.
            func planes(uMin: Double, uMax: Double, vMin: Double, vMax: Double) -> [Vec3] {
                [
                    Vec3(k.fx, 0, k.cx - uMin), Vec3(-k.fx, 0, uMax - k.cx),
                    Vec3(0, k.fy, k.cy - vMin), Vec3(0, -k.fy, vMax - k.cy),
                ]
            }
            let guardPlanes = planes(uMin: -w, uMax: 2 * w - 1, vMin: -h, vMax: 2 * h - 1)
            self.planes = [(Vec3(0, 0, 1), -camera.near)] + guardPlanes.map { ($0, 0) }
            borders = planes(uMin: -0.5, uMax: w - 0.5, vMin: -0.5, vMax: h - 0.5).map(Render.normalize)
            near = camera.near
            far = camera.far
        }

        /// Whether a sphere (camera frame) may show in the image.
        func mayShow(center: Vec3, radius: Double) -> Bool {
            if center.z + radius < near || center.z - radius > far { return false }
            for n in borders where Render.dot(n, center) < -radius { return false }
            return true
        }

        /// Clips a camera-frame triangle and fills what is left.
        func draw(_ a: Vec3, _ b: Vec3, _ c: Vec3, into target: RasterTarget, shading: FaceShading) {
            var allInside = true
            for (n, o) in planes {
                let (da, db, dc) = (Render.dot(n, a) + o, Render.dot(n, b) + o, Render.dot(n, c) + o)
                if da < 0 && db < 0 && dc < 0 { return }
                if da < 0 || db < 0 || dc < 0 { allInside = false }
            }
            if allInside {
                target.fill(a, b, c, shading: shading)
                return
            }
            // Sutherland-Hodgman: each plane adds at most one vertex, so 3 + 5 fit in 8.
            let capacity = 8
            withUnsafeTemporaryAllocation(of: Vec3.self, capacity: 2 * capacity) { buffer in
                var input = buffer.baseAddress!
                var output = input + capacity
                input[0] = a
                input[1] = b
                input[2] = c
                var count = 3
                for (n, o) in planes {
                    var kept = 0
                    for i in 0..<count {
                        let p = input[i], q = input[(i + 1) % count]
                        let dp = Render.dot(n, p) + o, dq = Render.dot(n, q) + o
                        if dp >= 0 {
                            output[kept] = p
                            kept += 1
                        }
                        if (dp >= 0) != (dq >= 0) {
                            output[kept] = p + (q - p) * (dp / (dp - dq))
                            kept += 1
                        }
                    }
                    count = kept
                    if count < 3 { return }
                    swap(&input, &output)
                }
                for i in 1..<(count - 1) {
                    target.fill(input[0], input[i], input[i + 1], shading: shading)
                }
            }
        }
    }
}
