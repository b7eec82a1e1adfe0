extension Render {
    /// The pixel buffers of one frame being drawn, and the triangle fill that writes them.
    ///
    /// Coverage is exact: vertices are snapped to 1/256 pixel and edge functions are evaluated
    /// in 64-bit integers at pixel centres (integer coordinates), with a top-left style rule so
    /// that a pixel centre on an edge shared by two triangles is drawn by exactly one of them.
    /// Depth is tested on 1/z, which is affine in screen space.
    struct RasterTarget {
        let width: Int
        let height: Int
        /// `width * height * 3` colour bytes.
        let colors: UnsafeMutablePointer<UInt8>
        /// `width * height` segmentation ids.
        let ids: UnsafeMutablePointer<UInt16>
        /// `width * height` values of 1/z of the nearest surface so far (larger is nearer).
        let inverseDepth: UnsafeMutablePointer<Float>
        let intrinsics: Intrinsics

        /// Fractional bits of the snapped vertex coordinates.
        static let subpixelBits: Int64 = 8

        /// Bounding boxes at least this wide get each row's covered span computed up front
        /// instead of testing every pixel of the box.
        static let spanSearchWidth: Int64 = 8

        /// Shrinks the column range `[first, last]` to where `value + step * t >= 0`.
        @inline(__always)
        static func narrow(_ first: inout Int64, _ last: inout Int64, value: Int64, step: Int64) {
            if step > 0 {
                if value < 0 { first = max(first, (-value + step - 1) / step) }
            } else if step < 0 {
                if value < 0 { last = -1 } else { last = min(last, value / -step) }
            } else if value < 0 {
                last = -1
            }
        }

        /// A pixel coordinate in fixed point, rounded half up, without a library call. Valid for
        /// coordinates inside the clipper's guard band (|c| < 3 * maxImageSide).
        @inline(__always)
        static func snap(_ c: Double) -> Int64 {
            let offset = 4_194_304.0  // 2^22 > 3 * maxImageSide * 256 keeps the sum positive
            return Int64(c * Double(1 << subpixelBits) + (offset + 0.5)) - Int64(offset)
        }

        /// Fills every pixel with the background colour, id 0 and the far plane's 1/z.
        func clear(background: Color, farInverse: Float) {
            let count = width * height
            inverseDepth.update(repeating: farInverse, count: count)
            ids.update(repeating: 0, count: count)
            for i in 0..<count {
                colors[3 * i] = background.r
                colors[3 * i + 1] = background.g
                colors[3 * i + 2] = background.b
            }
        }

        /// Draws a camera-frame triangle whose vertices all have `z > 0` and project inside the
        /// clipper's guard band (so the snapped coordinates stay small).
        func fill(_ p0: Vec3, _ p1: Vec3, _ p2: Vec3, shading: FaceShading) {
            let k = intrinsics
            // Pixel coordinates and 1/z of the three vertices.
            let w0 = 1 / p0.z, w1 = 1 / p1.z, w2 = 1 / p2.z
            let u0 = k.fx * p0.x * w0 + k.cx, v0 = k.fy * p0.y * w0 + k.cy
            let u1 = k.fx * p1.x * w1 + k.cx, v1 = k.fy * p1.y * w1 + k.cy
            let u2 = k.fx * p2.x * w2 + k.cx, v2 = k.fy * p2.y * w2 + k.cy
            // Coverage from the snapped coordinates, ordered so that the signed area is positive.
            let x0 = Self.snap(u0), y0 = Self.snap(v0)
            var x1 = Self.snap(u1), y1 = Self.snap(v1)
            var x2 = Self.snap(u2), y2 = Self.snap(v2)
            let area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0)
            if area == 0 { return }
            if area < 0 {
                swap(&x1, &x2)
                swap(&y1, &y2)
            }
            // Pixel bounding box (pixel centres at integer coordinates), clamped to the image.
            let bits = Self.subpixelBits
            let minX = max(0, Int((min(x0, x1, x2) + (1 << bits) - 1) >> bits))
            let maxX = min(width - 1, Int(max(x0, x1, x2) >> bits))
            let minY = max(0, Int((min(y0, y1, y2) + (1 << bits) - 1) >> bits))
            let maxY = min(height - 1, Int(max(y0, y1, y2) >> bits))
            if minX > maxX || minY > maxY { return }

            // Edge functions E_ab(p) = (b - a) x (p - a), stepped per pixel.
            // Edge 1->2 weighs vertex 0, edge 2->0 vertex 1, edge 0->1 vertex 2.
            let px = Int64(minX) << bits, py = Int64(minY) << bits
            func edge(_ ax: Int64, _ ay: Int64, _ bx: Int64, _ by: Int64) -> (start: Int64, stepX: Int64, stepY: Int64) {
                let dx = bx - ax, dy = by - ay
                let owned = dy < 0 || (dy == 0 && dx > 0)
                let value = dx * (py - ay) - dy * (px - ax) - (owned ? 0 : 1)
                return (value, -dy << bits, dx << bits)
            }
            let e0 = edge(x1, y1, x2, y2)
            let e1 = edge(x2, y2, x0, y0)
            let e2 = edge(x0, y0, x1, y1)

            // 1/z is affine in pixel coordinates: the plane through the exact projected vertices,
            // clamped to the vertices' range against extrapolation just outside thin triangles.
            let du1 = u1 - u0, dv1 = v1 - v0, du2 = u2 - u0, dv2 = v2 - v0
            let det = du1 * dv2 - du2 * dv1
            let dzdx = det != 0 ? ((w1 - w0) * dv2 - (w2 - w0) * dv1) / det : 0
            let dzdy = det != 0 ? ((w2 - w0) * du1 - (w1 - w0) * du2) / det : 0
            let z00 = w0 - dzdx * u0 - dzdy * v0
            let nearest = max(w0, w1, w2), farthest = min(w0, w1, w2)

            let color = shading.color, other = shading.other, id = shading.id
            let lastColumn = Int64(maxX - minX)
            let findSpans = lastColumn >= Self.spanSearchWidth
            var row0 = e0.start, row1 = e1.start, row2 = e2.start
            for y in minY...maxY {
                defer {
                    row0 &+= e0.stepY
                    row1 &+= e1.stepY
                    row2 &+= e2.stepY
                }
                // Columns [first, last] (offsets from minX) to test on this row.
                var first: Int64 = 0, last = lastColumn
                if findSpans {
                    Self.narrow(&first, &last, value: row0, step: e0.stepX)
                    Self.narrow(&first, &last, value: row1, step: e1.stepX)
                    Self.narrow(&first, &last, value: row2, step: e2.stepX)
                    if first > last { continue }
                }
                var c0 = row0 &+ first &* e0.stepX
                var c1 = row1 &+ first &* e1.stepX
                var c2 = row2 &+ first &* e2.stepX
                let rowDepth = z00 + dzdy * Double(y)
                var index = y &* width &+ minX &+ Int(first)
                for x in (minX + Int(first))...(minX + Int(last)) {
                    if (c0 | c1 | c2) >= 0 {
                        let inverseZ = min(max(rowDepth + dzdx * Double(x), farthest), nearest)
                        let stored = Float(inverseZ)
                        if stored > inverseDepth[index] {
                            inverseDepth[index] = stored
                            ids[index] = id
                            var c = color
                            if let pattern = shading.pattern,
                                pattern.isOther(u: Double(x), v: Double(y), z: 1 / inverseZ)
                            {
                                c = other
                            }
                            colors[3 &* index] = c.r
                            colors[3 &* index &+ 1] = c.g
                            colors[3 &* index &+ 2] = c.b
                        }
                    }
                    c0 &+= e0.stepX
                    c1 &+= e1.stepX
                    c2 &+= e2.stepX
                    index &+= 1
                }
            }
        }
    }
}
