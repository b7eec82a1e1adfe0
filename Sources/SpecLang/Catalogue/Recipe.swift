/// One training stage of the recipe.
public struct Stage: SpecBlock, Hashable {
    public var name = ""
    public var objective = ObjectiveKind.bc(BCObjective())
    /// Components trained in this stage; nil means the objective's default (the head and
    /// every encoder for head objectives, the target encoder for pretraining objectives).
    public var train: [String]?
    public var steps = 1
    public var batch = 64
    public var optimizer = OptimizerKind.adamw(AdamWOptimizer())
    public var schedule = ScheduleKind.constant(ConstantSchedule())
    public var clip = 1.0
    public var ema = 0.0

    public init() {}

    public static let blockTitle = "stage"
    public static let parameters: [Parameter<Stage>] = [
        Parameter("name", \.name, .string(.name), required: true, "stage name (unique in the recipe)"),
        Parameter("objective", \.objective, .kinded(.objective), required: true, "what the stage optimises"),
        Parameter("train", \.train, .list(.reference(.trainable), 1...64),
                  "components trained (default: all for head objectives, the target encoder for pretraining)"),
        Parameter("steps", \.steps, .int(1...1_000_000_000), required: true, "optimizer steps"),
        Parameter("batch", \.batch, .int(1...65_536), "samples per step"),
        Parameter("optimizer", \.optimizer, .kinded(.optimizer), "optimizer"),
        Parameter("schedule", \.schedule, .kinded(.schedule), "learning-rate schedule"),
        Parameter("clip", \.clip, .nonNegativeNumber, "gradient-norm clip (0: off)"),
        Parameter("ema", \.ema, .number(min: 0, max: 0.999999, minExclusive: false), "EMA decay of the policy weights (0: off)"),
    ]
}

/// The `recipe:` section: how the spec is trained.
public struct Recipe: SpecBlock, Hashable {
    public var seed = 0
    public var stages: [Stage] = []

    public init() {}

    public static let blockTitle = "recipe"
    public static let parameters: [Parameter<Recipe>] = [
        Parameter("seed", \.seed, .int(0...2_147_483_647), "random seed of initialisation, data order and noise"),
        Parameter("stages", \.stages, .list(.block(Stage.schema), 1...64), required: true, "training stages, run in order"),
    ]
}
