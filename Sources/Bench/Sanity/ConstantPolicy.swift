/// One constant action per task: the mean of the task's demonstrated actions (the labels), as the
/// real-benchmark measurement of docs/bench.md ("Sanity baselines") does. In a chained suite the
/// current subtask's constant applies. Horizon 1; reads no observation.
public final class ConstantPolicy: Policy {
    public let name = "constant"
    public let horizon = 1
    public let observationFieldsRead: Set<String>? = []
    /// The constant action of each task (or subtask) name.
    public let actions: [String: [Float]]
    private let dimension: Int
    private var current: [Int: [Float]] = [:]

    public init(actions: [String: [Float]], dimension: Int) {
        self.actions = actions
        self.dimension = dimension
    }

    /// The mean demonstrated action of every task of `dataset`.
    public convenience init(dataset: DemoDataset) {
        let d = dataset.manifest.actionDimension
        var sums: [String: [Double]] = [:], counts: [String: Int] = [:]
        for e in dataset.episodes {
            var sum = sums[e.task] ?? [Double](repeating: 0, count: d)
            for t in 0..<e.length { for k in 0..<d { sum[k] += Double(e.actions[t * d + k]) } }
            sums[e.task] = sum
            counts[e.task, default: 0] += e.length
        }
        var means: [String: [Float]] = [:]
        for (task, sum) in sums { means[task] = sum.map { Float($0 / Double(counts[task]!)) } }
        self.init(actions: means, dimension: d)
    }

    public func reset(slot: Int, episode: EpisodeContext) {
        current[slot] = actions[episode.subtask ?? episode.task]
    }

    public func act(_ observations: ObservationBatch) throws -> ActionChunkBatch {
        var values: [Float] = []
        values.reserveCapacity(observations.rows * dimension)
        for row in 0..<observations.rows {
            guard let action = current[observations.slots[row]] else {
                throw EvaluationError("constant policy: no demonstrations of the task of slot \(observations.slots[row])")
            }
            values += action
        }
        return ActionChunkBatch(rows: observations.rows, horizon: 1, dimension: dimension, values: values)
    }
}
