/// "Put the block on the plate, then back where it was": the body's place at the start is
/// remembered (nothing in the scene marks it once the body has left). The task is achieved when
/// the body, after having rested on the plate (On, as LIBERO's `check_ontop`), rests on the table
/// again, not held, with its centre within ``tolerance`` of its start in x and y.
public struct PutBackGoal: EpisodeGoal {
    /// How far from its start (x and y) the body may come back to, metres.
    public static let tolerance = 0.02

    public let body: Int
    public let onPlate: @Sendable (World) -> Bool
    /// Where the body's centre started (x, y).
    public private(set) var origin = SIMD2<Double>.zero
    /// Whether the body has rested on the plate yet.
    public private(set) var visited = false
    private let toPlate: @Sendable (World) -> Vec3

    /// `onPlate` says when the body rests on the plate; `toPlate` where the expert releases it there.
    public init(body: Int, onPlate: @escaping @Sendable (World) -> Bool, toPlate: @escaping @Sendable (World) -> Vec3) {
        self.body = body
        self.onPlate = onPlate
        self.toPlate = toPlate
    }

    public mutating func begin(_ world: World) {
        let p = world.bodies[body].position
        origin = SIMD2(p.x, p.y)
        visited = false
    }

    public mutating func update(_ world: World) -> Bool {
        if !visited, onPlate(world) { visited = true }
        return visited && isBack(world)
    }

    /// The body rests on the table within ``tolerance`` of its start.
    public func isBack(_ world: World) -> Bool {
        let p = world.bodies[body].position, dx = p.x - origin.x, dy = p.y - origin.y
        return world.isOn(body, .table) && (dx * dx + dy * dy).squareRoot() <= Self.tolerance
    }

    /// To the plate first, then back to the start.
    public var plan: ExpertPlan {
        let body = body, origin = origin
        if !visited { return ExpertPlan([.place(body: body, at: toPlate, done: onPlate)]) }
        let back = self
        return ExpertPlan([.place(body: body, at: { w in Vec3(origin.x, origin.y, w.bodies[body].half.z + 0.012) },
                                  done: { back.isBack($0) })])
    }
}
