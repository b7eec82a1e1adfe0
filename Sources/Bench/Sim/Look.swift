/// How a free body looks to the cameras beyond its collision box. Collisions always use the
/// body's bounding box; a look only changes what is drawn inside it (docs/simulator.md).
public enum Look: Sendable, Equatable {
    /// The body's own shape (box, cylinder or sphere) filling its half extents.
    case solid
    /// An open round container: a bowl, ramekin or pot wall around a floor.
    case bowl
    /// An open box: four walls and a floor (a basket, a caddy, a tray).
    case tray
    /// A bottle: a cylinder whose top `neck` fraction of the height narrows to a neck and cap.
    case bottle(neck: Double)
    /// A mug: an open cylinder with a handle on its +x side (in its own frame).
    case mug
    /// A moka pot: a cylinder base, a cone top and a handle on its +x side.
    case mokaPot
}

/// The inside of an open container body (a bowl, a basket): a released body whose footprint lies
/// within the inner footprint rests on the container's floor instead of its rim.
public struct Container: Sendable, Equatable {
    /// Half extents of the inner footprint along the body's own x and y.
    public var innerHalf: SIMD2<Double>
    /// Height of the inner floor above the container's bottom, metres.
    public var floor: Double

    public init(innerHalf: SIMD2<Double>, floor: Double) {
        self.innerHalf = innerHalf
        self.floor = floor
    }
}
