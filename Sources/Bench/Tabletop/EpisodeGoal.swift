/// A task's goal over an episode. It sees the world once at the start and after every step, and
/// may remember what happened, so that a task whose success depends on the episode's history
/// (press a button twice, put a block back where it was) is checked like one whose success is a
/// predicate on the world now (``StateGoal``). The scripted expert's plan comes from it, for the
/// progress so far: an oracle may read the episode's history, a policy must remember it.
public protocol EpisodeGoal: Sendable {
    /// Starts the episode in `world`, its state once settled.
    mutating func begin(_ world: World)
    /// Takes in the world after a step; true when the task is achieved now.
    mutating func update(_ world: World) -> Bool
    /// The scripted expert's plan from the progress so far.
    var plan: ExpertPlan { get }
}

extension EpisodeGoal {
    /// Whether the task would count as achieved in `world` before anything happened (an initial
    /// state must not start solved).
    public func holdsAtStart(_ world: World) -> Bool {
        var fresh = self
        fresh.begin(world)
        return fresh.update(world)
    }
}
