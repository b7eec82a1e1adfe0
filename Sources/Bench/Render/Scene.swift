extension Render {
    /// Everything a frame shows: the primitives, the light and the background colour.
    public struct Scene: Sendable, Hashable {
        /// The primitives, drawn in order (on exact depth ties the earlier one stays visible).
        public var primitives: [Primitive]
        /// The directional light.
        public var light: Light
        /// The colour of pixels that no primitive covers.
        public var background: Color

        /// A scene from its parts.
        public init(
            primitives: [Primitive] = [], light: Light = Light(),
            background: Color = Color(r: 40, g: 44, b: 52)
        ) {
            self.primitives = primitives
            self.light = light
            self.background = background
        }
    }

    /// A directional light with an ambient term (Lambert shading, flat per face).
    ///
    /// A face with unit normal `n` gets intensity `ambient + diffuse * max(0, n · towardLight)`,
    /// clamped to 1, multiplying its colour.
    public struct Light: Sendable, Hashable {
        /// Unit vector from the surface toward the light, in the world frame.
        public var towardLight: Vec3
        /// Intensity every face receives.
        public var ambient: Double
        /// Intensity of a face that looks straight at the light, added to the ambient.
        public var diffuse: Double

        /// A light; `towardLight` is normalised.
        public init(
            towardLight: Vec3 = Vec3(0.3, -0.4, 1.0), ambient: Double = 0.35, diffuse: Double = 0.65
        ) {
            self.towardLight = Render.normalize(towardLight)
            self.ambient = ambient
            self.diffuse = diffuse
        }

        /// The intensity of a face with unit normal `normal` (same frame as `towardLight`).
        @inlinable
        public func intensity(normal: Vec3) -> Double {
            ambient + diffuse * max(0, Render.dot(normal, towardLight))
        }
    }
}
