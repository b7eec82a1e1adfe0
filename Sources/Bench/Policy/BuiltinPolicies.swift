/// A suite that has scripted experts.
public protocol ExpertSuite: BenchSuite {
    /// The expert's action for row `row` of `observations`, which belongs to an episode of `task`.
    func expertAction(task: String, observations: ObservationBatch, row: Int) -> [Float]
}

/// The scripted expert of each task (an oracle: it sees goals that ML sets hide). Horizon 1.
public final class ExpertPolicy: Policy {
    public let name = "expert"
    public let horizon = 1
    public let isOracle = true
    private let suite: any ExpertSuite
    private var tasks: [Int: String] = [:]

    public init(suite: any ExpertSuite) { self.suite = suite }

    public func reset(slot: Int, episode: EpisodeContext) { tasks[slot] = episode.task }

    public func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
        var values: [Float] = []
        values.reserveCapacity(observations.rows * suite.actionDimension)
        for row in 0..<observations.rows {
            guard let task = tasks[observations.slots[row]] else {
                throw EvaluationError("expert policy: slot \(observations.slots[row]) acted before its episode started")
            }
            values += suite.expertAction(task: task, observations: observations, row: row)
        }
        return ActionChunkBatch(rows: observations.rows, horizon: 1, dimension: suite.actionDimension, values: values)
    }
}

/// Uniform random actions in [-1, 1], drawn from each episode's own seed. Horizon 1.
public final class RandomPolicy: Policy {
    public let name = "random"
    public let horizon = 1
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
