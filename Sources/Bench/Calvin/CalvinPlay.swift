/// Chains that are not CALVIN's evaluation chains, drawn from streams seeded apart from them: the
/// "play" that calvin-like demos are recorded in, and the extra evaluation chains past CALVIN's 1000.
///
/// A chain starts from one of the 192 symbolic start states (uniformly) and its tasks follow the
/// evaluation's rules (each applies in exactly one way in turn, categories all differ); a chain
/// whose start and task list begin like an evaluation chain's is drawn again.
public enum CalvinPlay {
    /// A drawn chain: the start state, its tasks, and the blocks' yaws (pi/2 +- pi/8).
    public struct Drawn: Sendable, Equatable {
        public var start: [String: String]
        public var tasks: [String]
        public var yaws: [Double]
    }

    /// A play chain for a demo of `task`: up to and including `task`, which it ends with (the
    /// earlier tasks bring the scene to a natural start for it). Nil if `task` is unknown.
    public static func chain(endingWith task: String, _ rng: inout SimRandom) -> Drawn? {
        guard let t = CalvinTask.all.firstIndex(where: { $0.name == task }) else { return nil }
        while true {
            let length = Int(rng.next() % UInt64(CalvinChains.length)) + 1
            if let drawn = draw(length: length, last: t, &rng) { return drawn }
        }
    }

    /// A chain of `length` tasks.
    public static func chain(length: Int, _ rng: inout SimRandom) -> Drawn {
        while true {
            if let drawn = draw(length: length, last: nil, &rng) { return drawn }
        }
    }

    /// Extra evaluation chain `k` (k >= 1000): five tasks from a stream of its own.
    public static func evaluationChain(_ k: Int) -> Drawn {
        var rng = SimRandom(keys: SimRandom.hash("calvin-like evaluation"), UInt64(k))
        return chain(length: CalvinChains.length, &rng)
    }

    /// One attempt: a random start state and `length` distinct random tasks (the last one `last`
    /// if given); nil when they do not make a valid chain or begin an evaluation chain.
    static func draw(length: Int, last: Int?, _ rng: inout SimRandom) -> Drawn? {
        let rules = CalvinChains.CompiledRules.shared
        let n = rules.tasks.count
        let state = Int(rng.next() % UInt64(CalvinChains.startStates.count))
        var picks = Array(0..<n)
        for i in stride(from: n - 1, through: 1, by: -1) { picks.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        if let last, let at = picks.firstIndex(of: last) { picks.swapAt(at, length - 1) }
        let start = CalvinChains.startStates[state]
        guard rules.isValid(picks, length: length, from: rules.encode(start)) else { return nil }
        let tasks = picks.prefix(length).map { CalvinTask.all[$0].name }
        guard !CalvinChains.evaluationSequences(fromState: state).contains(where: { $0.starts(with: tasks) }) else { return nil }
        let yaws = (0..<3).map { _ in Double.pi / 2 + rng.uniform(-Double.pi / 8, Double.pi / 8) }
        return Drawn(start: start, tasks: tasks, yaws: yaws)
    }
}
