import Foundation

extension Render {
    /// A triangle mesh of one shape in its own frame, with one outward unit normal per triangle
    /// (flat shading). Built once per distinct ``Render/Shape`` and level of detail and cached by
    /// the rasteriser.
    struct Mesh: Sendable {
        /// Vertex positions in the shape's frame.
        private(set) var positions: [Vec3] = []
        /// Vertex indices, three per triangle, ordered counter-clockwise seen from outside.
        private(set) var indices: [Int32] = []
        /// Unit outward normal of each triangle.
        private(set) var normals: [Vec3] = []
        /// Segments around the axis of round shapes; a sphere gets half as many latitude bands.
        let segments: Int

        /// The levels of detail: segments around round shapes.
        static let detailLevels = [8, 16, 32]

        /// The level of detail for a shape whose bounding sphere spans `radius` pixels on screen:
        /// the polygon's largest gap to the true circle, `radius * (1 - cos(π / segments))`,
        /// stays under half a pixel up to about 100 pixels.
        static func segments(forScreenRadius radius: Double) -> Int {
            radius < 6 ? 8 : (radius < 24 ? 16 : 32)
        }

        var triangleCount: Int { normals.count }

        /// The tessellation of `shape` with `segments` (at least 3) around round shapes.
        init(_ shape: Shape, segments: Int) {
            self.segments = max(segments, 3)
            switch shape {
            case .box(let h): addBox(h)
            case .cylinder(let r, let h): addCylinder(r: r, h: h)
            case .tube(let r, let h): addTube(r: r, h: h)
            case .cone(let r, let h): addCone(r: r, h: h)
            case .sphere(let r): addSphere(r: r, halfHeight: 0)
            case .capsule(let r, let h): addSphere(r: r, halfHeight: h)
            case .quad(let w, let d):
                addQuad(Vec3(-w, -d, 0), Vec3(w, -d, 0), Vec3(w, d, 0), Vec3(-w, d, 0), outward: Vec3(0, 0, 1))
            }
        }

        /// Appends a vertex and returns its index.
        private mutating func vertex(_ p: Vec3) -> Int32 {
            positions.append(p)
            return Int32(positions.count - 1)
        }

        /// Appends triangle (a, b, c), flipping its winding if needed so that its normal points
        /// along `outward`.
        private mutating func addTriangle(_ a: Int32, _ b: Int32, _ c: Int32, outward: Vec3) {
            let (pa, pb, pc) = (positions[Int(a)], positions[Int(b)], positions[Int(c)])
            var n = Render.cross(pb - pa, pc - pa)
            guard Render.length(n) > 0 else { return }
            if Render.dot(n, outward) < 0 {
                indices += [a, c, b]
                n = -n
            } else {
                indices += [a, b, c]
            }
            normals.append(Render.normalize(n))
        }

        private mutating func addQuad(_ a: Vec3, _ b: Vec3, _ c: Vec3, _ d: Vec3, outward: Vec3) {
            let (ia, ib, ic, id) = (vertex(a), vertex(b), vertex(c), vertex(d))
            addTriangle(ia, ib, ic, outward: outward)
            addTriangle(ia, ic, id, outward: outward)
        }

        private mutating func addBox(_ h: Vec3) {
            for axis in 0..<3 {
                let (u, v) = ((axis + 1) % 3, (axis + 2) % 3)
                for sign in [-1.0, 1.0] {
                    func corner(_ su: Double, _ sv: Double) -> Vec3 {
                        var p = Vec3.zero
                        p[axis] = sign * h[axis]
                        p[u] = su * h[u]
                        p[v] = sv * h[v]
                        return p
                    }
                    var outward = Vec3.zero
                    outward[axis] = sign
                    addQuad(corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1), outward: outward)
                }
            }
        }

        /// The unit direction at angle index `k` around the z axis.
        private func around(_ k: Int) -> Vec3 {
            let a = 2 * Double.pi * Double(k % segments) / Double(segments)
            return Vec3(cos(a), sin(a), 0)
        }

        /// A ring of vertices of radius `r` at height `z`; returns the index of its first vertex.
        private mutating func ring(r: Double, z: Double) -> Int32 {
            let first = Int32(positions.count)
            for k in 0..<segments { _ = vertex(around(k) * r + Vec3(0, 0, z)) }
            return first
        }

        /// A cap polygon over a ring, fanned from its first vertex.
        private mutating func addCap(ring first: Int32, outward: Vec3) {
            for k in 1..<(segments - 1) {
                addTriangle(first, first + Int32(k), first + Int32(k + 1), outward: outward)
            }
        }

        /// The band of quads between two rings, outward away from the axis.
        private mutating func addBand(lower: Int32, upper: Int32, outwardZ: Double) {
            let n = segments
            for k in 0..<n {
                let k1 = (k + 1) % n
                let mid = Render.normalize(around(k) + around(k1)) + Vec3(0, 0, outwardZ)
                addTriangle(lower + Int32(k), lower + Int32(k1), upper + Int32(k1), outward: mid)
                addTriangle(lower + Int32(k), upper + Int32(k1), upper + Int32(k), outward: mid)
            }
        }

        /// The side wall of a cylinder; returns its bottom and top rings.
        @discardableResult
        private mutating func addWall(r: Double, h: Double) -> (bottom: Int32, top: Int32) {
            let bottom = ring(r: r, z: -h)
            let top = ring(r: r, z: h)
            addBand(lower: bottom, upper: top, outwardZ: 0)
            return (bottom, top)
        }

        private mutating func addCylinder(r: Double, h: Double) {
            let (bottom, top) = addWall(r: r, h: h)
            addCap(ring: bottom, outward: Vec3(0, 0, -1))
            addCap(ring: top, outward: Vec3(0, 0, 1))
        }

        /// Open-topped wall with a floor raised by a twentieth of the height above the bottom
        /// rim, so the floor never lies in the plane of the surface the tube stands on (where the
        /// two would fight in the depth test).
        private mutating func addTube(r: Double, h: Double) {
            addWall(r: r, h: h)
            addCap(ring: ring(r: r, z: -0.9 * h), outward: Vec3(0, 0, -1))
        }

        private mutating func addCone(r: Double, h: Double) {
            let base = ring(r: r, z: -h)
            let apex = vertex(Vec3(0, 0, h))
            let n = segments
            for k in 0..<n {
                let out = Render.normalize(around(k) + around(k + 1)) * (2 * h) + Vec3(0, 0, r)
                addTriangle(base + Int32(k), base + Int32((k + 1) % n), apex, outward: out)
            }
            addCap(ring: base, outward: Vec3(0, 0, -1))
        }

        /// A sphere of radius `r` whose upper and lower hemispheres are pushed apart by
        /// `±halfHeight` along z, joined by a cylinder band (a capsule; a sphere when 0).
        private mutating func addSphere(r: Double, halfHeight: Double) {
            let bands = max(segments / 2, 2)
            let half = bands / 2
            var rings: [Int32] = []  // from the upper pole downwards, equator rings included
            for k in 1..<bands {
                let polar = Double.pi * Double(k) / Double(bands)
                let shift = k <= half ? halfHeight : -halfHeight
                rings.append(ring(r: r * sin(polar), z: r * cos(polar) + shift))
                if k == half && halfHeight > 0 {
                    rings.append(ring(r: r, z: -halfHeight))
                }
            }
            let top = vertex(Vec3(0, 0, r + halfHeight))
            let bottom = vertex(Vec3(0, 0, -r - halfHeight))
            let n = segments
            for k in 0..<n {
                let k1 = (k + 1) % n
                let out = around(k) + around(k1)
                addTriangle(top, rings[0] + Int32(k), rings[0] + Int32(k1), outward: out + Vec3(0, 0, 4))
                let last = rings[rings.count - 1]
                addTriangle(bottom, last + Int32(k), last + Int32(k1), outward: out - Vec3(0, 0, 4))
            }
            for (upper, lower) in zip(rings, rings.dropFirst()) {
                let zMid = (positions[Int(upper)].z + positions[Int(lower)].z) / 2
                addBand(lower: lower, upper: upper, outwardZ: zMid / r)
            }
        }
    }
}
