/// One line of `metrics.jsonl`: the state of training after a logged optimizer step.
public struct MetricsRecord: Codable, Sendable, Equatable {
    /// The stage's name and index in the recipe.
    public var stage: String
    public var stageIndex: Int
    /// Optimizer steps of the stage done (1-based: the step just taken).
    public var step: Int
    /// Optimizer steps of the whole run done.
    public var globalStep: Int
    /// Mean loss over the steps since the previous record.
    public var loss: Double
    /// Mean global gradient norm (before clipping) over the same steps.
    public var gradNorm: Double
    /// The learning rate of the step just taken.
    public var lr: Double
    /// Optimizer steps per second over the same steps.
    public var stepsPerSecond: Double
    /// Seconds of training in this process so far.
    public var elapsedSeconds: Double

    public init(stage: String, stageIndex: Int, step: Int, globalStep: Int, loss: Double, gradNorm: Double, lr: Double,
                stepsPerSecond: Double, elapsedSeconds: Double) {
        self.stage = stage
        self.stageIndex = stageIndex
        self.step = step
        self.globalStep = globalStep
        self.loss = loss
        self.gradNorm = gradNorm
        self.lr = lr
        self.stepsPerSecond = stepsPerSecond
        self.elapsedSeconds = elapsedSeconds
    }

    enum CodingKeys: String, CodingKey {
        case stage, step, loss, lr
        case stageIndex = "stage_index"
        case globalStep = "global_step"
        case gradNorm = "grad_norm"
        case stepsPerSecond = "steps_per_second"
        case elapsedSeconds = "elapsed_seconds"
    }
}
