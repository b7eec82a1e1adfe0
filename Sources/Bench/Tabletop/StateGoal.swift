/// A goal that is a predicate on the world now (LIBERO's BDDL goals, all of which must hold), with
/// one fixed expert plan: it remembers nothing.
public struct StateGoal: EpisodeGoal {
    public let holds: @Sendable (World) -> Bool
    public let plan: ExpertPlan

    public init(_ holds: @escaping @Sendable (World) -> Bool, plan: ExpertPlan) {
        self.holds = holds
        self.plan = plan
    }

    public mutating func begin(_ world: World) {}

    public mutating func update(_ world: World) -> Bool { holds(world) }
}
