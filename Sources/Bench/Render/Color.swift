extension Render {
    /// An 8-bit sRGB colour as stored in the output images.
    public struct Color: Sendable, Hashable {
        public var r, g, b: UInt8

        /// A colour from its three channels.
        public init(r: UInt8, g: UInt8, b: UInt8) {
            self.r = r
            self.g = g
            self.b = b
        }

        /// A colour from a 24-bit `0xRRGGBB` literal.
        public init(hex: UInt32) {
            self.init(r: UInt8((hex >> 16) & 0xFF), g: UInt8((hex >> 8) & 0xFF), b: UInt8(hex & 0xFF))
        }

        /// This colour scaled by a light intensity (clamped to [0, 1]), rounded to nearest.
        @inlinable
        public func shaded(_ intensity: Double) -> Color {
            let k = min(max(intensity, 0), 1)
            func channel(_ c: UInt8) -> UInt8 { UInt8((Double(c) * k).rounded()) }
            return Color(r: channel(r), g: channel(g), b: channel(b))
        }
    }
}
