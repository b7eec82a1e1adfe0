/// The long-horizon metrics of a chained suite (CALVIN's LH-MTLC): SR@k is the fraction of chains
/// that completed at least k subtasks in a row, the average length the mean number completed, and
/// per subtask how often it succeeded when it was attempted (a chain attempts its subtasks in order
/// until the first failure).
public struct ChainResult: Sendable, Equatable {
    /// Chain length (5 in CALVIN).
    public var length: Int
    public var chains: Int
    /// SR@1 ... SR@length.
    public var successAt: [Double]
    /// Mean subtasks completed per chain, 0 ... length.
    public var averageLength: Double
    /// Per subtask name (sorted by name): attempts and successes.
    public var subtasks: [SubtaskResult]

    /// The metrics of chain records (those with `subtasks`); nil if there are none.
    public init?(records: [EpisodeRecord]) {
        let chained = records.filter { $0.subtasks != nil }
        guard let first = chained.first?.subtasks else { return nil }
        length = first.count
        chains = chained.count
        successAt = (1...max(length, 1)).map { k in
            Double(chained.filter { $0.subtasksCompleted >= k }.count) / Double(chained.count)
        }
        averageLength = Double(chained.reduce(0) { $0 + $1.subtasksCompleted }) / Double(chained.count)
        var attempts: [String: (Int, Int)] = [:]
        for record in chained {
            let names = record.subtasks!
            for (j, name) in names.enumerated() where j <= record.subtasksCompleted && j < names.count {
                let (a, s) = attempts[name] ?? (0, 0)
                attempts[name] = (a + 1, s + (j < record.subtasksCompleted ? 1 : 0))
            }
        }
        subtasks = attempts.keys.sorted().map { name in
            let (a, s) = attempts[name]!
            let (lo, hi) = Wilson.interval(successes: s, trials: a)
            return SubtaskResult(name: name, attempts: a, successes: s, successRate: Double(s) / Double(a), wilsonLow: lo, wilsonHigh: hi)
        }
    }
}

/// How one subtask fared over the chains that attempted it.
public struct SubtaskResult: Sendable, Equatable, Codable {
    public var name: String
    public var attempts: Int
    public var successes: Int
    public var successRate: Double
    public var wilsonLow: Double
    public var wilsonHigh: Double

    enum CodingKeys: String, CodingKey {
        case name, attempts, successes
        case successRate = "success_rate"
        case wilsonLow = "wilson_low"
        case wilsonHigh = "wilson_high"
    }
}
