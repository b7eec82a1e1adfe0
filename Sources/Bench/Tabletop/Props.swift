/// Recognisable household objects and furniture built from the simulator's boxes, for the
/// libero-like and calvin-like scenes. Sizes in metres; every object stands on the table (its
/// centre `half.z` above the given height) unless said otherwise.
public enum Props {
    /// RGB colours in [0, 1].
    public enum Palette {
        public static let black = SIMD3<Float>(0.12, 0.12, 0.13)
        public static let white = SIMD3<Float>(0.93, 0.93, 0.9)
        public static let porcelain = SIMD3<Float>(0.86, 0.84, 0.78)
        public static let wood = SIMD3<Float>(0.55, 0.38, 0.22)
        public static let darkWood = SIMD3<Float>(0.38, 0.25, 0.15)
        public static let metal = SIMD3<Float>(0.55, 0.57, 0.6)
        public static let darkMetal = SIMD3<Float>(0.22, 0.23, 0.25)
        public static let red = SIMD3<Float>(0.8, 0.15, 0.12)
        public static let blue = SIMD3<Float>(0.15, 0.3, 0.85)
        public static let pink = SIMD3<Float>(0.95, 0.45, 0.7)
        public static let yellow = SIMD3<Float>(0.95, 0.8, 0.15)
        public static let orange = SIMD3<Float>(0.95, 0.55, 0.1)
        public static let brown = SIMD3<Float>(0.45, 0.28, 0.12)
        public static let wicker = SIMD3<Float>(0.72, 0.58, 0.36)
    }

    static func on(_ xy: SIMD2<Double>, _ half: Vec3, z: Double = 0) -> Vec3 { Vec3(xy.x, xy.y, z + half.z) }

    /// An open round bowl (a container), held by its full width.
    public static func bowl(_ name: String, at xy: SIMD2<Double>, radius: Double = 0.045, height: Double = 0.04,
                            color: SIMD3<Float> = Palette.black, z: Double = 0) -> Body {
        let half = Vec3(radius, radius, height / 2)
        return Body(name: name, shape: .cylinder, half: half, position: on(xy, half, z: z), color: color, look: .bowl,
                    container: Container(innerHalf: SIMD2(radius * 0.8, radius * 0.8), floor: 0.006))
    }

    /// A flat round plate.
    public static func plate(_ name: String, at xy: SIMD2<Double>, radius: Double = 0.08, z: Double = 0) -> Body {
        let half = Vec3(radius, radius, 0.008)
        return Body(name: name, shape: .cylinder, half: half, position: on(xy, half, z: z), graspable: false, color: Palette.white)
    }

    /// A box-shaped object (a cookie box, a butter pack, a carton, a book).
    public static func box(_ name: String, at xy: SIMD2<Double>, half: Vec3, color: SIMD3<Float>, yaw: Double = 0, z: Double = 0) -> Body {
        Body(name: name, shape: .box, half: half, position: on(xy, half, z: z), yaw: yaw, color: color)
    }

    /// A can or jar (a closed cylinder).
    public static func can(_ name: String, at xy: SIMD2<Double>, radius: Double, height: Double, color: SIMD3<Float>, z: Double = 0) -> Body {
        let half = Vec3(radius, radius, height / 2)
        return Body(name: name, shape: .cylinder, half: half, position: on(xy, half, z: z), color: color)
    }

    /// A bottle, held around its body a third of the way up.
    public static func bottle(_ name: String, at xy: SIMD2<Double>, radius: Double, height: Double, color: SIMD3<Float>,
                              z: Double = 0) -> Body {
        let half = Vec3(radius, radius, height / 2)
        return Body(name: name, shape: .cylinder, half: half, position: on(xy, half, z: z), graspOffset: Vec3(0, 0, -height / 6),
                    color: color, look: .bottle(neck: 0.35))
    }

    /// A mug with its handle toward +x, held around its cup.
    public static func mug(_ name: String, at xy: SIMD2<Double>, color: SIMD3<Float>, z: Double = 0) -> Body {
        let half = Vec3(0.052, 0.038, 0.045)
        return Body(name: name, shape: .box, half: half, position: on(xy, half, z: z), graspOffset: Vec3(-0.014, 0, 0),
                    gripWidth: 0.076, color: color, look: .mug)
    }

    /// A moka pot with its handle toward +x, held around its body.
    public static func mokaPot(_ name: String, at xy: SIMD2<Double>, z: Double = 0) -> Body {
        let half = Vec3(0.055, 0.038, 0.06)
        return Body(name: name, shape: .box, half: half, position: on(xy, half, z: z), graspOffset: Vec3(-0.017, 0, -0.01),
                    gripWidth: 0.076, color: Palette.metal, look: .mokaPot)
    }

    /// An open basket (a container) that is not picked up.
    public static func basket(_ name: String, at xy: SIMD2<Double>, half: Vec3 = Vec3(0.13, 0.1, 0.04)) -> Body {
        Body(name: name, shape: .box, half: half, position: on(xy, half), graspable: false, color: Palette.wicker, look: .tray,
             container: Container(innerHalf: SIMD2(half.x - 0.01, half.y - 0.01), floor: 0.005))
    }

    /// A static box resting on the table (or at height `z`).
    public static func block(_ name: String, center xy: SIMD2<Double>, half: Vec3, color: SIMD3<Float>, z: Double = 0) -> Obstacle {
        Obstacle(name: name, box: AABB(center: Vec3(xy.x, xy.y, z + half.z), half: half), color: color)
    }
}
