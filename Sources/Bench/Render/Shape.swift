extension Render {
    /// The geometry of a primitive in its own frame: centred on the origin, symmetric about
    /// the local z axis where it has one. All sizes in metres.
    ///
    /// Closed solids are drawn from the outside only (back faces culled); `.quad` and `.tube`
    /// are open surfaces and are drawn from both sides.
    public enum Shape: Sendable, Hashable {
        /// A box with the given half extents along local x, y, z.
        case box(halfExtents: Vec3)
        /// A closed cylinder along local z: radius and half height.
        case cylinder(radius: Double, halfHeight: Double)
        /// An open-topped cylinder along local z (a cup, bowl or basket wall with a floor).
        case tube(radius: Double, halfHeight: Double)
        /// A sphere.
        case sphere(radius: Double)
        /// A cylinder of half height `halfHeight` capped by two hemispheres (total length
        /// `2 * (halfHeight + radius)` along local z).
        case capsule(radius: Double, halfHeight: Double)
        /// A cone along local z: base of `radius` at `z = -halfHeight`, apex at `z = +halfHeight`.
        case cone(radius: Double, halfHeight: Double)
        /// A flat rectangle in the local xy plane (normal +z), e.g. a floor or a wall.
        case quad(halfWidth: Double, halfDepth: Double)

        /// Whether every size is finite and positive.
        public var isValid: Bool {
            func ok(_ values: Double...) -> Bool { values.allSatisfy { $0.isFinite && $0 > 0 } }
            switch self {
            case .box(let h): return ok(h.x, h.y, h.z)
            case .cylinder(let r, let h), .tube(let r, let h), .capsule(let r, let h),
                .cone(let r, let h):
                return ok(r, h)
            case .sphere(let r): return ok(r)
            case .quad(let w, let d): return ok(w, d)
            }
        }

        /// The radius of a sphere about the local origin that contains the shape.
        var boundingRadius: Double {
            switch self {
            case .box(let h): Render.length(h)
            case .cylinder(let r, let h), .tube(let r, let h), .cone(let r, let h): (r * r + h * h).squareRoot()
            case .sphere(let r): r
            case .capsule(let r, let h): r + h
            case .quad(let w, let d): (w * w + d * d).squareRoot()
            }
        }

        /// Whether both sides of the surface are drawn.
        var isTwoSided: Bool {
            switch self {
            case .quad, .tube: true
            default: false
            }
        }
    }
}
