import Testing

@testable import Bench

private typealias Vec3 = Render.Vec3

@Suite("Tessellation")
struct RenderMeshTests {
    static let closedShapes: [Render.Shape] = [
        .box(halfExtents: Vec3(0.3, 0.2, 0.1)), .cylinder(radius: 0.1, halfHeight: 0.3),
        .sphere(radius: 0.2), .capsule(radius: 0.05, halfHeight: 0.2), .cone(radius: 0.1, halfHeight: 0.15),
    ]

    @Test("closed shapes have unit outward normals and CCW winding", arguments: closedShapes)
    func outwardNormals(shape: Render.Shape) {
        for segments in Render.Mesh.detailLevels {
            let mesh = Render.Mesh(shape, segments: segments)
            #expect(mesh.triangleCount > 0)
            for t in 0..<mesh.triangleCount {
                let a = mesh.positions[Int(mesh.indices[3 * t])]
                let b = mesh.positions[Int(mesh.indices[3 * t + 1])]
                let c = mesh.positions[Int(mesh.indices[3 * t + 2])]
                let n = mesh.normals[t]
                #expect(abs(Render.length(n) - 1) < 1e-12)
                // Convex and around the origin: the face's plane passes on the far side of the
                // origin from its normal, and the winding's normal agrees with the stored one.
                #expect(Render.dot(n, a) > 0)
                #expect(Render.dot(Render.cross(b - a, c - a), n) > 0)
            }
            // Every vertex lies within the bounding radius and on the surface's extent.
            #expect(mesh.positions.allSatisfy { Render.length($0) <= shape.boundingRadius + 1e-12 })
        }
    }

    @Test func closedMeshesAreWatertight() {
        // Each directed edge appears once and its reverse once: no holes, consistent winding.
        for shape in Self.closedShapes where shape != Self.closedShapes[0] {  // box faces share no vertices
            let mesh = Render.Mesh(shape, segments: 16)
            var edges: [SIMD2<Int32>: Int] = [:]
            for t in 0..<mesh.triangleCount {
                let i = (0..<3).map { mesh.indices[3 * t + $0] }
                for k in 0..<3 { edges[SIMD2(i[k], i[(k + 1) % 3]), default: 0] += 1 }
            }
            for (edge, count) in edges {
                #expect(count == 1)
                #expect(edges[SIMD2(edge.y, edge.x)] == 1, "\(shape): edge \(edge) has no twin")
            }
        }
    }

    @Test func triangleCountsPerLevelOfDetail() {
        // 16 segments: cylinder 2*16 sides + 2*14 caps; sphere 2*16*(8-1); cone 16 + 14;
        // tube 2*16 wall + 14 floor; capsule 2*16*8 (a sphere with one more band).
        let expected: [(Render.Shape, Int)] = [
            (.box(halfExtents: Vec3(1, 1, 1)), 12), (.quad(halfWidth: 1, halfDepth: 1), 2),
            (.cylinder(radius: 1, halfHeight: 1), 60), (.sphere(radius: 1), 224), (.cone(radius: 1, halfHeight: 1), 30),
            (.tube(radius: 1, halfHeight: 1), 46), (.capsule(radius: 1, halfHeight: 1), 256),
        ]
        for (shape, count) in expected { #expect(Render.Mesh(shape, segments: 16).triangleCount == count, "\(shape)") }
        #expect(Render.Mesh.segments(forScreenRadius: 2) == 8)
        #expect(Render.Mesh.segments(forScreenRadius: 10) == 16)
        #expect(Render.Mesh.segments(forScreenRadius: 200) == 32)
    }
}
