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
        let state = startStates[i]
        let names = CalvinTask.all.map(\.name)
        let categories = CalvinTask.all.map(\.category)
        var rng = MersenneTwister(seed: UInt32(i))
        var found: [[String]] = []
        while found.count < chainsFrom(state: i) {
            let picks = rng.choiceWithoutReplacement(names.count, size: length)
            // Distinct categories first: a cheap test that rejects most draws.
            guard Set(picks.map { categories[$0] }).count == length else { continue }
            let tasks = picks.map { names[$0] }
            if isValid(tasks, from: state) { found.append(tasks) }
        }
        return found
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
