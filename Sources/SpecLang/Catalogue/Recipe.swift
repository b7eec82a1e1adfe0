/// One training stage of the recipe.
public struct Stage: SpecBlock, Hashable {
    public var name = ""
    public var objective = ObjectiveKind(BCObjective())
    /// Components trained in this stage; nil means the objective's default (the head and
    /// every encoder for head objectives, the target encoder for pretraining objectives).
    public var train: [String]?
    public var steps = 1
    public var batch = 64
    public var optimizer = OptimizerKind(AdamWOptimizer())
    public var schedule = ScheduleKind(ConstantSchedule())
    public var clip = 1.0
    public var ema = 0.0
    /// Gradients of this many batches are averaged before each optimizer step.
    public var accumulate = 1
    /// Image augmentation of the training batches (nil: none).
    public var augment: Augmentation?

    public init() {}

    public static let blockTitle = "stage"
    public static let blockSummary = "One entry of `recipe.stages`, run in order: an objective, the components it trains (the others are frozen), its steps, batch, optimizer, learning-rate schedule, gradient clipping, EMA, accumulation and augmentation. Stage names are unique: `--set recipe.stages.NAME.steps=100` and including files address a stage by its name."
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
        Parameter("accumulate", \.accumulate, .int(1...4096),
                  "batches whose gradients are averaged per optimizer step (each step sees batch × accumulate samples)"),
        Parameter("augment", \.augment, .block(Augmentation.schema), "image augmentation of the training batches (absent: none)"),
    ]
}

/// A stage's `augment:` block: how training images are perturbed.
public struct Augmentation: SpecBlock, Hashable {
    /// Random-shift amplitude in pixels.
    public var shift = 4

    public init() {}

    public static let blockTitle = "augment"
    public static let blockSummary = "A stage's `augment:` block: how its training images are perturbed (DrQ's random shift). A stage that asks for it must read an image."
    public static let parameters: [Parameter<Augmentation>] = [
        Parameter("shift", \.shift, .int(0...64),
                  "random shift (DrQ): pad each training image by this many pixels, repeating its edges, and crop it back at a random offset; 0 is off"),
    ]
}

/// The `recipe:` section: how the spec is trained.
public struct Recipe: SpecBlock, Hashable {
    public var seed = 0
    public var stages: [Stage] = []

    public init() {}

    public static let blockTitle = "recipe"
    public static let blockSummary = "The top-level `recipe:` section: how the spec is trained, a seed and a list of stages. `polspec train` runs the stages in order; the weights carry over from one to the next."
    public static let parameters: [Parameter<Recipe>] = [
        Parameter("seed", \.seed, .int(0...2_147_483_647), "random seed of initialisation, data order and noise"),
        Parameter("stages", \.stages, .list(.block(Stage.schema), 1...64), required: true, "training stages, run in order"),
    ]
}
