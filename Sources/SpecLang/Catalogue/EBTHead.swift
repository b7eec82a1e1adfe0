/// EBT-Policy's inference-time optimisation ("thinking") and its unrolled training.
public struct EnergyDescent: SpecBlock, Hashable {
    public var trainSteps = [2, 5]
    public var inferSteps = 20
    public var stepSize = 10_000.0
    public var momentum = 0.9
    public var temperature = 1.0
    public var langevinSigma = [0.3, 0.001]
    public var minGrad = 0.002
    public var truncate = false

    public init() {}

    public static let blockTitle = "mcmc"
    public static let blockSummary = "The `mcmc:` block of the `ebt` head: the gradient descent on the energy that produces actions (at inference and unrolled in training), with its step size, momentum, early stop and the Langevin noise of training."
    public static let parameters: [Parameter<EnergyDescent>] = [
        Parameter("train_steps", \.trainSteps, .list(.int(1...1000), 2...2), "[min, max] unrolled descent steps per training sample (drawn uniformly)"),
        Parameter("infer_steps", \.inferSteps, .int(1...10_000), "maximum descent steps at inference"),
        Parameter("step_size", \.stepSize, .positiveNumber, "step size α (scaled by exp(E)/temperature each step)"),
        Parameter("momentum", \.momentum, .number(0...0.999), "Nesterov momentum μ"),
        Parameter("temperature", \.temperature, .positiveNumber, "divides the energy-scaled step"),
        Parameter("langevin_sigma", \.langevinSigma, .list(.nonNegativeNumber, 2...2),
                  "[start, end] Langevin noise σ, cosine-annealed over the unrolled steps (training only)"),
        Parameter("min_grad", \.minGrad, .nonNegativeNumber, "stop early when the gradient norm falls below this"),
        Parameter("truncate", \.truncate, .boolean, "backpropagate through the last step only (first-order fallback)"),
    ]
}

/// `ebt` (EBT-Policy): a transformer energy over (observation, action chunk); actions by descent.
public struct EBTHead: HeadComponent, Hashable {
    public var condition: [String] = []
    public var dim = 96
    public var depth = 2
    public var heads = 4
    public var mlpRatio = 1.0
    public var mcmc = EnergyDescent()

    public init() {}

    public var sampling: DiffusionProcess? { nil }
    public var trainingFamily: TrainingFamily { .energy }

    public static let kind = "ebt"
    public static let family = Family.head
    public static let summary = "EBT-Policy: scalar energy over (obs, action chunk); inference by gradient descent"
    public static let details = """
        EBT-Policy (arXiv 2510.27545). Action tokens: Linear(Da, dim)-GELU-LayerNorm plus fixed sin-cos \
        positions; condition ports projected to `dim`. `depth` blocks of LayerNorm-self-attention, \
        LayerNorm-cross-attention to the condition tokens, LayerNorm-MLP (hidden `mlp_ratio`·dim; EBT uses \
        d); a final LayerNorm and Linear(dim, dim)-GELU-Linear(dim, Da); the energy is the mean output. \
        Inference starts from noise and descends the energy: A ← RMSNorm(A); look-ahead A + μv; \
        v ← μv − α·exp(E)/T·∇E; A ← A + v, up to `infer_steps` or until |∇E| < `min_grad`. Training \
        unrolls K ∈ `train_steps` such steps with annealed Langevin noise and second-order gradients \
        (or the last step only with `truncate`), loss = mean MSE to the demonstration. Scaled down from \
        d = 256, 8 blocks to d = 96, 2 blocks. One descent step costs about three forward passes.
        """
    public static let example = """
        head:
          kind: ebt
          condition: [vision, proprio]
          dim: 96
          depth: 2
          mcmc: {train_steps: [2, 5], infer_steps: 20, step_size: 1.0e4}
        """
    public static let parameters: [Parameter<EBTHead>] = [
        Parameter("condition", \.condition, .list(.reference(.port), 1...64), required: true,
                  "ports the action tokens cross-attend to (tokens or vectors)"),
        Parameter("dim", \.dim, .int(1...16_384), "model width"),
        Parameter("depth", \.depth, .int(1...128), "EBT blocks"),
        Parameter("heads", \.heads, .int(1...256), "attention heads (divides dim)"),
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "MLP width multiple of dim"),
        Parameter("mcmc", \.mcmc, .block(EnergyDescent.schema), "energy descent at inference and in training"),
    ]
    public static let inputs = [PortInput("condition", accepts: [.tokens, .vector], isList: true)]
    public static let outputDoc = "the action chunk [chunk, action.dim] (plus its energy)"
    public static let rules: [Rule<EBTHead>] = [
        .divides("heads", \.heads, "dim", \.dim),
        .when(.rangeOrder, "`mcmc.train_steps` is [min, max]", at: "mcmc.train_steps", reads: ["mcmc.train_steps"]) { e, _ in
            orderProblem(e.mcmc.trainSteps.map(Double.init), "train_steps")
        },
        .when(.rangeOrder, "`mcmc.langevin_sigma` anneals from high to low", at: "mcmc.langevin_sigma", reads: ["mcmc.langevin_sigma"]) { e, _ in
            orderProblem(e.mcmc.langevinSigma, "langevin_sigma", descending: true)
        },
    ]

    public func cost(_ context: ComponentContext) -> Cost {
        let da = context.action.dim, chunk = context.action.chunk
        var cost = Cost()
        let memory = conditionTokens(context.ports("condition"), dim: dim, cost: &cost)
        var energy = Cost()
        energy.linear(da, dim, rows: chunk)
        energy.layerNorm(dim)
        for _ in 0..<depth {
            energy.layerNorm(dim)
            energy.selfAttention(tokens: chunk, dim: dim, heads: heads)
            energy.layerNorm(dim)
            energy.linear(dim, dim, rows: chunk)
            energy.linear(dim, 2 * dim, rows: memory)
            energy.attentionProducts(queries: chunk, keys: memory, dim: dim, heads: heads)
            energy.linear(dim, dim, rows: chunk)
            energy.layerNorm(dim)
            energy.mlp(tokens: chunk, dim: dim, hidden: hiddenWidth(dim, ratio: mlpRatio))
        }
        energy.layerNorm(dim)
        energy.linear(dim, dim, rows: chunk)
        energy.linear(dim, da, rows: chunk)
        energy.rmsNorm(da)
        // The gradient of the energy needs every tensor of its forward pass.
        cost.add(energy.keepingIntermediates(), flopsTimes: Cost.mul(3, mcmc.inferSteps))
        return cost
    }
}
