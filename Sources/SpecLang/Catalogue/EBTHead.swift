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
    public var gradClamp: Double?

    public init() {}

    public static let blockTitle = "mcmc"
    public static let blockSummary = "The `mcmc:` block of the `ebt` head: the gradient descent on the energy that produces actions (at inference and unrolled in training), with its step size, momentum, early stop and the Langevin noise of training."
    public static let parameters: [Parameter<EnergyDescent>] = [
        Parameter("train_steps", \.trainSteps, .list(.int(1...64), 2...2),
                  "[min, max] unrolled descent steps K per training batch (drawn uniformly, both included)"),
        Parameter("infer_steps", \.inferSteps, .int(1...256), "maximum descent steps at inference (the last one without the projection)"),
        Parameter("step_size", \.stepSize, .number(min: 1e-4, max: .greatestFiniteMagnitude, minExclusive: false),
                  "step size α (scaled by exp(E)/temperature each step; EBT clamps it to at least 1e-4)"),
        Parameter("momentum", \.momentum, .number(0...0.999), "Nesterov momentum μ"),
        Parameter("temperature", \.temperature, .positiveNumber, "divides the energy-scaled step"),
        Parameter("langevin_sigma", \.langevinSigma, .list(.nonNegativeNumber, 2...2),
                  "[start, end] Langevin noise σ, cosine-annealed over the unrolled steps (training only)"),
        Parameter("min_grad", \.minGrad, .nonNegativeNumber,
                  "a row stops descending once its gradient norm falls to this or below (inference)"),
        Parameter("truncate", \.truncate, .boolean,
                  "backpropagate through the last step only (EBT's truncate_mcmc; no gradient through the unroll)"),
        Parameter("grad_clamp", \.gradClamp, .positiveNumber,
                  "clamp ∇E elementwise to ±grad_clamp/step_size, the largest change per step (EBT's clamp_futures_grad; default off)"),
    ]
}

/// `ebt` (EBT-Policy): a transformer energy over (observation, action chunk); actions by descent.
public struct EBTHead: HeadComponent, Hashable {
    public var condition: [String] = []
    public var dim = 96
    public var depth = 2
    public var heads = 4
    public var mlpRatio = 1.0
    public var attentionDropout = 0.0
    public var mcmc = EnergyDescent()

    public init() {}

    public var sampling: DiffusionProcess? { nil }
    public var trainingFamily: TrainingFamily { .energy }

    public static let kind = "ebt"
    public static let family = Family.head
    public static let summary = "EBT-Policy: scalar energy over (obs, action chunk); inference by gradient descent"
    public static let details = """
        EBT-Policy (arXiv 2510.27545). The energy E(A | obs) of a chunk A [chunk, Da]: action tokens \
        input_emb(A) + P, input_emb = Linear(Da, d)-LayerNorm-GELU-Linear(d, d)-GELU and P MAE's fixed 1-D \
        sin-cos table; condition ports projected to d (condition_proj) are the memory. `depth` blocks: \
        h += SelfAttn(RMSNorm(h)), h += CrossAttn(RMSNorm(h), memory), h += MLP(RMSNorm(h)) (qk-norm RMSNorm \
        per head, GELU-tanh MLP of width `mlp_ratio`·d, no timestep); out = MLP(RMSNorm(h)) with hidden d \
        and Da outputs per token; E = mean over (chunk, Da) of out. \
        Inference from A ~ N(0, I), v = 0, per step k: A ← RMSNorm_Da(A) (`ebl_norm`, every step but the \
        last); L = A + μv; g = ∂E(L)/∂L (clamped to ±grad_clamp/α when set); v ← μv − α·exp(E(L))/T·g; \
        A ← A + v. A row stops once |g| ≤ `min_grad` and takes the last step then (rows freeze in the \
        static graph); the policy reports each row's steps and E(A) of its chunk. \
        Training from noise: K ~ U{train_steps} steps (one K per batch), each adding Langevin noise σ_k ε \
        after the projection, σ_k = σ_end + (σ_start − σ_end)(1 + cos(πk/K))/2; the chunk entering a step is \
        detached (the gradient runs through v); loss = (1/K) Σ_k MSE(A_k, A_demo), differentiated through \
        ∂E/∂L (second order); `truncate` keeps the last step's loss and gradient only. Scaled down from \
        d = 256, 8 blocks, chunk 16 to d = 96, 2 blocks, chunk 8.
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
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "block MLP width multiple of dim (EBT: 1)"),
        Parameter("attention_dropout", \.attentionDropout, .number(min: 0, max: 0.9, minExclusive: false),
                  "dropout on the attention probabilities in training, a fresh mask per energy evaluation (EBT: 0.3)"),
        Parameter("mcmc", \.mcmc, .block(EnergyDescent.schema), "energy descent at inference and in training"),
    ]
    public static let inputs = [PortInput("condition", accepts: [.tokens, .vector], isList: true)]
    public static let outputDoc = "the action chunk [chunk, action.dim] (plus each row's descent steps and energy)"
    public static let rules: [Rule<EBTHead>] = [
        .divides("heads", \.heads, "dim", \.dim),
        .when(.rangeOrder, "`mcmc.train_steps` is [min, max]", at: "mcmc.train_steps", reads: ["mcmc.train_steps"]) { e, _ in
            orderProblem(e.mcmc.trainSteps.map(Double.init), "train_steps")
        },
        .when(.rangeOrder, "`mcmc.langevin_sigma` anneals from high to low", at: "mcmc.langevin_sigma", reads: ["mcmc.langevin_sigma"]) { e, _ in
            orderProblem(e.mcmc.langevinSigma, "langevin_sigma", descending: true)
        },
    ]

    /// The energy network's parameters and forward FLOPs per evaluation (the cross-attention's
    /// `kv`, run once per call on the condition tokens, is ``memoryCost(memory:)``), and the extra FLOPs of
    /// its gradient with respect to the chunk.
    ///
    /// The gradient ∂E/∂A runs every Linear backwards (the forward's FLOPs again); per block the
    /// self-attention's gradient recomputes the scores and takes four more products (10·T²·d
    /// against the forward's 4·T²·d) and the cross-attention's, which needs only ∂/∂q,
    /// recomputes the scores and takes two (6·T·M·d against 4·T·M·d).
    func energyCost(chunk: Int, actionDim: Int, memory: Int) -> (forward: Cost, gradientExtra: Int) {
        let hidden = hiddenWidth(dim, ratio: mlpRatio), headDim = heads > 0 ? dim / heads : 0
        var energy = Cost()
        energy.linear(actionDim, dim, rows: chunk)
        energy.layerNorm(dim)
        energy.linear(dim, dim, rows: chunk)
        for _ in 0..<depth {
            energy.rmsNorm(dim)
            energy.selfAttention(tokens: chunk, dim: dim, heads: heads)
            energy.rmsNorm(headDim)
            energy.rmsNorm(headDim)
            energy.rmsNorm(dim)
            energy.linear(dim, dim, rows: chunk)
            energy.rmsNorm(headDim)
            energy.rmsNorm(headDim)
            energy.attentionProducts(queries: chunk, keys: memory, dim: dim, heads: heads)
            energy.linear(dim, dim, bias: false, rows: chunk)
            energy.rmsNorm(dim)
            energy.mlp(tokens: chunk, dim: dim, hidden: hidden)
        }
        energy.rmsNorm(dim)
        energy.linear(dim, dim, rows: chunk)
        energy.linear(dim, actionDim, rows: chunk)
        energy.rmsNorm(actionDim)
        let perBlock = Cost.add(Cost.mul(6, chunk, chunk, dim), Cost.mul(2, chunk, memory, dim))
        return (energy, Cost.mul(depth, perBlock))
    }

    /// The cross-attention keys and values (`kv`, Linear(d, 2d)) of every block over `memory`
    /// condition tokens.
    func memoryCost(memory: Int) -> Cost {
        var cost = Cost()
        for _ in 0..<depth { cost.linear(dim, 2 * dim, rows: memory) }
        return cost
    }

    /// Per policy call: the condition projections and the cross-attention keys and values once,
    /// `infer_steps` energy evaluations with their gradient, and one evaluation of the final chunk.
    public func cost(_ context: ComponentContext) -> Cost {
        let chunk = context.action.chunk, actionDim = context.action.dim
        var cost = Cost()
        let memory = conditionTokens(context.ports("condition"), dim: dim, cost: &cost)
        cost.add(memoryCost(memory: memory))
        let (energy, gradientExtra) = energyCost(chunk: chunk, actionDim: actionDim, memory: memory)
        let steps = mcmc.inferSteps
        // The gradient of the energy needs every tensor of its forward pass.
        cost.add(energy.keepingIntermediates(), flopsTimes: Cost.add(Cost.mul(2, steps), 1))
        cost.addFlops(Cost.mul(steps, gradientExtra))
        return cost
    }
}
