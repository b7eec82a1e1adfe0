/// A suite whose environments carry scripted experts: for a batch with an expert channel they
/// write the expert's action next to each privileged observation row.
public protocol ExpertSuite: BenchSuite {}

/// The scripted expert of each task (an oracle: it sees the full simulator state, including goals
/// that ML sets hide). It reads only the batch's expert channel. Horizon 1.
public final class ExpertPolicy: Policy {
    public let name = "expert"
    public let horizon = 1
    public let isOracle = true
    public let observationFieldsRead: Set<String>? = []
    private let dimension: Int

    public init(suite: any ExpertSuite) { dimension = suite.actionDimension }

    public func reset(slot: Int, episode: EpisodeContext) {}

    public func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
        var values: [Float] = []
        values.reserveCapacity(observations.rows * dimension)
        for row in 0..<observations.rows {
            guard let action = observations.expertAction(row: row), action.count == dimension else {
                throw EvaluationError("expert policy: the observations carry no expert actions (the batch needs an expert channel)")
            }
            values += action
        }
        return ActionChunkBatch(rows: observations.rows, horizon: 1, dimension: dimension, values: values)
    }
}

/// Uniform random actions in [-1, 1], drawn from each episode's own seed. Horizon 1.
public final class RandomPolicy: Policy {
    public let name = "random"
    public let horizon = 1
    public let observationFieldsRead: Set<String>? = []
    private let dimension: Int
    private var generators: [Int: SimRandom] = [:]

    public init(actionDimension: Int) { dimension = actionDimension }

    public func reset(slot: Int, episode: EpisodeContext) { generators[slot] = SimRandom(seed: episode.seed) }

    public func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
        var values = [Float](repeating: 0, count: observations.rows * dimension)
        for row in 0..<observations.rows {
            let slot = observations.slots[row]
            guard var rng = generators[slot] else {
                throw EvaluationError("random policy: slot \(slot) acted before its episode started")
            }
            for d in 0..<dimension { values[row * dimension + d] = Float(rng.uniform(-1, 1)) }
            generators[slot] = rng
        }
        return ActionChunkBatch(rows: observations.rows, horizon: 1, dimension: dimension, values: values)
    }
}

/// All-zero actions (the gripper keeps still). Horizon 1.
public final class NoopPolicy: Policy {
    public let name = "noop"
    public let horizon = 1
    public let observationFieldsRead: Set<String>? = []
    private let dimension: Int

    public init(actionDimension: Int) { dimension = actionDimension }

    public func reset(slot: Int, episode: EpisodeContext) {}

    public func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
        ActionChunkBatch(rows: observations.rows, horizon: 1, dimension: dimension)
    }
}

/// The built-in policies by name: the one place where `polspec bench --policy` is turned into a policy.
public enum BuiltinPolicies {
    public static let names = ["expert", "random", "noop"]

    /// The policy called `name` for `suite`.
    public static func make(_ name: String, suite: any BenchSuite) throws -> any Policy {
        switch name {
        case "expert":
            guard let experts = suite as? any ExpertSuite else { throw BenchUsageError("suite '\(suite.name)' has no scripted experts") }
            return ExpertPolicy(suite: experts)
        case "random": return RandomPolicy(actionDimension: suite.actionDimension)
        case "noop": return NoopPolicy(actionDimension: suite.actionDimension)
        default:
            throw BenchUsageError("unknown policy '\(name)'; built-in policies: \(names.joined(separator: ", "))")
        }
    }
}
