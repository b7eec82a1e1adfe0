import Foundation

/// CALVIN's long-horizon evaluation chains, rebuilt exactly as its `get_sequences(1000)` makes
/// them: the 192 symbolic start states (LED and light bulb off or on, slider left or right, drawer
/// open or closed, each block on the table or in a slider half, one or two blocks on the table, at
/// most one per slider half, nothing grasped), the 1000 chains split evenly over them (the first 40
/// states get 6), for start state i random 5-task draws seeded with i kept when every task applies
/// in exactly one way in turn and the 5 categories differ, and the list shuffled with seed 0.
public enum CalvinChains {
    /// A chain: its symbolic start state and its five task names.
    public struct Chain: Sendable, Equatable {
        public var start: [String: String]
        public var tasks: [String]
    }

    /// Chains in CALVIN's evaluation.
    public static let count = 1000
    /// Subtasks per chain.
    public static let length = 5

    /// The symbolic start states in CALVIN's order (a product over led, lightbulb, slider, drawer,
    /// red, blue and pink block positions, filtered).
    public static let startStates: [[String: String]] = {
        var out: [[String: String]] = []
        let places = ["table", "slider_right", "slider_left"]
        for led in ["0", "1"] {
            for bulb in ["0", "1"] {
                for slider in ["right", "left"] {
                    for drawer in ["closed", "open"] {
                        for r in places {
                            for b in places {
                                for p in places {
                                    let blocks = [r, b, p]
                                    let onTable = blocks.filter { $0 == "table" }.count
                                    guard (1...2).contains(onTable), blocks.filter({ $0 == "slider_right" }).count < 2,
                                          blocks.filter({ $0 == "slider_left" }).count < 2 else { continue }
                                    out.append(["led": led, "lightbulb": bulb, "slider": slider, "drawer": drawer,
                                                "red_block": r, "blue_block": b, "pink_block": p, "grasped": "0"])
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }()

    /// Whether `tasks` can run in turn from `state`: each applies in exactly one way, categories all differ.
    public static func isValid(_ tasks: [String], from state: [String: String]) -> Bool {
        var s = state
        for name in tasks {
            guard let next = CalvinTask.named(name)?.successors(of: s), next.count == 1 else { return false }
            s = next[0]
        }
        return Set(tasks.compactMap { CalvinTask.named($0)?.category }).count == tasks.count
    }

    /// How many chains start from start state `i` (1000 split evenly over the 192 states: the first 40 get 6).
    static func chainsFrom(state i: Int) -> Int { count / startStates.count + (i < count % startStates.count ? 1 : 0) }

    /// The chains of start state `i`, in the order CALVIN draws them (random draws seeded with `i`).
    static func sequences(fromState i: Int) -> [[String]] {
        let rules = CompiledRules.shared
        let start = rules.encode(startStates[i])
        let n = rules.tasks.count
        var rng = MersenneTwister(seed: UInt32(i))
        var picks = [Int](repeating: 0, count: n)
        var found: [[String]] = []
        while found.count < chainsFrom(state: i) {
            rng.choiceWithoutReplacement(into: &picks, n)
            if rules.isValid(picks, length: length, from: start) {
                found.append(picks.prefix(length).map { CalvinTask.all[$0].name })
            }
        }
        return found
    }

    /// The task table with states as small integer vectors, for the millions of draws the
    /// generation tests (the same rules as ``CalvinTask``'s, checked against them by the tests).
    struct CompiledRules: Sendable {
        typealias State = SIMD8<UInt8>
        static let keys = ["led", "lightbulb", "slider", "drawer", "red_block", "blue_block", "pink_block", "grasped"]
        static let values = ["0", "1", "left", "right", "open", "closed", "table", "slider_left", "slider_right", "drawer",
                             "grasped", "stacked_top", "stacked_bottom"]
        struct Rule: Sendable {
            var condition: [(key: Int, allowed: UInt16)]
            var effect: [(key: Int, value: UInt8)]
        }
        let tasks: [[Rule]]
        let categories: [Int]

        static let shared = CompiledRules()

        init() {
            tasks = CalvinTask.all.map { task in
                task.rules.map { rule in
                    Rule(condition: rule.condition.map { key, allowed in
                        (Self.keys.firstIndex(of: key)!, allowed.reduce(UInt16(0)) { $0 | (1 << Self.values.firstIndex(of: $1)!) })
                    }, effect: rule.effect.map { key, value in (Self.keys.firstIndex(of: key)!, UInt8(Self.values.firstIndex(of: value)!)) })
                }
            }
            categories = CalvinTask.all.map(\.category)
        }

        func encode(_ state: [String: String]) -> State {
            var s = State()
            for (k, key) in Self.keys.enumerated() { s[k] = UInt8(Self.values.firstIndex(of: state[key] ?? "0")!) }
            return s
        }

        /// The first `length` tasks of `picks` have distinct categories and apply in turn, each in exactly one way.
        func isValid(_ picks: [Int], length: Int, from start: State) -> Bool {
            var seen = 0
            for t in picks.prefix(length) {
                let bit = 1 << categories[t]
                if seen & bit != 0 { return false }
                seen |= bit
            }
            var s = start
            for t in picks.prefix(length) {
                var next: State?
                for rule in tasks[t] where rule.condition.allSatisfy({ (1 << UInt16(s[$0.key])) & $0.allowed != 0 }) {
                    if next != nil { return false }
                    var n = s
                    for e in rule.effect { n[e.key] = e.value }
                    next = n
                }
                guard let next else { return false }
                s = next
            }
            return true
        }
    }

    /// Where chain k comes from: CALVIN shuffles the list of (state, j-th sequence of that state)
    /// with seed 0; this is that shuffle applied to the list's indices.
    static let origins: [(state: Int, sequence: Int)] = {
        var list: [(state: Int, sequence: Int)] = []
        for i in startStates.indices { for j in 0..<chainsFrom(state: i) { list.append((i, j)) } }
        var rng = MersenneTwister(seed: 0)
        rng.shuffle(&list)
        return list
    }()

    /// Chain `k` (0 ..< 1000) of the evaluation. Only its start state's draws are made (and kept), so
    /// looking up a few chains is quick.
    public static func chain(_ k: Int) -> Chain {
        let origin = origins[k]
        return Chain(start: startStates[origin.state], tasks: cache.sequences(origin.state)[origin.sequence])
    }

    /// All 1000 chains in evaluation order.
    public static var all: [Chain] { (0..<count).map(chain) }

    /// The evaluation chains' task lists that start from start state `i`.
    static func evaluationSequences(fromState i: Int) -> [[String]] { cache.sequences(i) }

    /// The start states' sequences, drawn once each, shared between threads.
    private static let cache = SequenceCache()

    private final class SequenceCache: @unchecked Sendable {
        private let lock = NSLock()
        private var drawn: [Int: [[String]]] = [:]

        func sequences(_ state: Int) -> [[String]] {
            lock.lock()
            defer { lock.unlock() }
            if let done = drawn[state] { return done }
            let made = CalvinChains.sequences(fromState: state)
            drawn[state] = made
            return made
        }
    }
}
