/// Where one initial state of a libero-like scene puts things: the whole layout (furniture,
/// objects, goal regions) moved by one random offset, and every object moved a little more on its
/// own, so that no task has a fixed target spot. Builders place everything through it.
public struct LiberoLayout {
    /// How far the whole layout moves in x and in y, metres.
    public static let shift = SIMD2(0.04, 0.03)
    /// How far each object moves from its region's centre on top of that (LIBERO's regions span a few cm).
    public static let jitter = 0.012
    /// How far box-shaped objects and mugs turn, radians.
    public static let yawJitter = 0.2

    /// The layout's offset from the scene's reference layout.
    public let offset: SIMD2<Double>
    var rng: SimRandom

    /// A layout drawn from `rng` (the offset first, then every object's own jitter as it is placed).
    public init(_ rng: SimRandom) {
        self.rng = rng
        offset = SIMD2(self.rng.uniform(-Self.shift.x, Self.shift.x), self.rng.uniform(-Self.shift.y, Self.shift.y))
    }

    /// A reference point of furniture, moved with the layout.
    public func at(_ xy: SIMD2<Double>) -> SIMD2<Double> { xy + offset }

    /// A region of the table, moved with the layout.
    public func region(_ box: AABB) -> AABB { box.translated(by: Vec3(offset.x, offset.y, 0)) }

    /// An object's place: moved with the layout and by up to ``jitter`` on each axis.
    public mutating func near(_ xy: SIMD2<Double>) -> SIMD2<Double> { jittered(at(xy)) }

    /// A place already in this layout (on top of furniture placed through it), moved by up to ``jitter`` on each axis.
    public mutating func jittered(_ xy: SIMD2<Double>) -> SIMD2<Double> {
        xy + SIMD2(rng.uniform(-Self.jitter, Self.jitter), rng.uniform(-Self.jitter, Self.jitter))
    }

    /// A place drawn uniformly from the table region between `low` and `high` (x, y), moved with the layout.
    public mutating func anywhere(from low: SIMD2<Double>, to high: SIMD2<Double>) -> SIMD2<Double> {
        at(SIMD2(rng.uniform(low.x, high.x), rng.uniform(low.y, high.y)))
    }

    /// A small random yaw for box-shaped objects.
    public mutating func yaw() -> Double { rng.uniform(-Self.yawJitter, Self.yawJitter) }

    /// `items` in a random order.
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var out = items
        for i in stride(from: out.count - 1, through: 1, by: -1) { out.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        return out
    }
}
