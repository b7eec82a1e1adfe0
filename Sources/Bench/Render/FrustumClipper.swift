extension Render {
    /// Culls and clips camera-frame geometry before rasterisation.
    ///
    /// Triangles are clipped against the near plane (so every vertex has `z >= near > 0`) and
    /// against a guard band one image size beyond each image border (so snapped coordinates stay
    /// small); the rasteriser's bounding box does the exact cut at the image border, and the
    /// depth test the cut at the far plane.
    struct FrustumClipper {
        /// A half-space `dot(normal, p) + offset >= 0` of the camera frame.
        struct Plane {
            var normal: Vec3
            var offset: Double

            @inline(__always)
            func distance(_ p: Vec3) -> Double { Render.dot(normal, p) + offset }
        }

        /// The near plane, then the four guard-band planes (stored inline: no allocation per frame).
        private let planes: (Plane, Plane, Plane, Plane, Plane)
        /// The four image-border planes with unit normals, for culling bounding spheres.
        private let borders: (Vec3, Vec3, Vec3, Vec3)
        /// The camera's clip distances.
        let near, far: Double

        init(camera: Camera) {
            let k = camera.intrinsics
            let (w, h) = (Double(k.width), Double(k.height))
            // A point is right of u = b when fx x + (cx - b) z >= 0 (z > 0); similar for the rest.
            func sides(uMin: Double, uMax: Double, vMin: Double, vMax: Double) -> (Vec3, Vec3, Vec3, Vec3) {
                (
                    Vec3(k.fx, 0, k.cx - uMin), Vec3(-k.fx, 0, uMax - k.cx),
                    Vec3(0, k.fy, k.cy - vMin), Vec3(0, -k.fy, vMax - k.cy)
                )
            }
            let g = sides(uMin: -w, uMax: 2 * w - 1, vMin: -h, vMax: 2 * h - 1)
            planes = (
                Plane(normal: Vec3(0, 0, 1), offset: -camera.near), Plane(normal: g.0, offset: 0),
                Plane(normal: g.1, offset: 0), Plane(normal: g.2, offset: 0), Plane(normal: g.3, offset: 0)
            )
            let b = sides(uMin: -0.5, uMax: w - 0.5, vMin: -0.5, vMax: h - 0.5)
            borders = (Render.normalize(b.0), Render.normalize(b.1), Render.normalize(b.2), Render.normalize(b.3))
            near = camera.near
            far = camera.far
        }

        private static let planeCount = 5

        @inline(__always)
        private func plane(_ i: Int) -> Plane {
            switch i {
            case 0: planes.0
            case 1: planes.1
            case 2: planes.2
            case 3: planes.3
            default: planes.4
            }
        }

        /// Whether a sphere (camera frame) may show in the image.
        func mayShow(center: Vec3, radius: Double) -> Bool {
            if center.z + radius < near || center.z - radius > far { return false }
            let (b0, b1, b2, b3) = borders
            return Render.dot(b0, center) >= -radius && Render.dot(b1, center) >= -radius
                && Render.dot(b2, center) >= -radius && Render.dot(b3, center) >= -radius
        }

        /// Clips a camera-frame triangle and fills what is left.
        func draw(_ a: Vec3, _ b: Vec3, _ c: Vec3, into target: RasterTarget, shading: FaceShading) {
            var allInside = true
            for i in 0..<Self.planeCount {
                let plane = plane(i)
                let (da, db, dc) = (plane.distance(a), plane.distance(b), plane.distance(c))
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
                for k in 0..<Self.planeCount {
                    let plane = plane(k)
                    var kept = 0
                    for i in 0..<count {
                        let p = input[i], q = input[(i + 1) % count]
                        let dp = plane.distance(p), dq = plane.distance(q)
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
