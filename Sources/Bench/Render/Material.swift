extension Render {
    /// How a primitive's surface is coloured before lighting.
    public struct Material: Sendable, Hashable {
        /// The base colour (the only colour of a `.solid` pattern).
        public var color: Color
        /// An optional procedural texture.
        public var pattern: Pattern

        /// A material of one colour, optionally with a pattern.
        public init(_ color: Color, pattern: Pattern = .solid) {
            self.color = color
            self.pattern = pattern
        }

        /// The pattern's second colour (the base colour for a solid material).
        public var secondColor: Color {
            switch pattern {
            case .solid: color
            case .checker(_, let other), .stripes(_, let other, _): other
            }
        }
    }

    /// A procedural two-colour texture, evaluated per pixel in the primitive's own frame
    /// (metres), so it moves with the primitive.
    ///
    /// On each face the pattern uses the two object axes that lie closest to the face's plane:
    /// a table top (normal +z) is patterned in x and y.
    public enum Pattern: Sendable, Hashable {
        /// One colour.
        case solid
        /// Squares of side `cell` metres alternating between the base colour and `other`; the
        /// square with its corner at the object origin has the base colour.
        case checker(cell: Double, other: Color)
        /// Bands `width` metres wide across the object axis `along`, alternating between the base
        /// colour and `other`.
        case stripes(width: Double, other: Color, along: Axis)

        /// An object axis.
        public enum Axis: Int, Sendable, Hashable {
            case x = 0, y = 1, z = 2
        }

        /// Whether the pattern's sizes are finite and positive.
        var isValid: Bool {
            switch self {
            case .solid: true
            case .checker(let cell, _): cell.isFinite && cell > 0
            case .stripes(let width, _, _): width.isFinite && width > 0
            }
        }
    }
}
