/// What a `moment_tokens` encoder gives the head.
public enum MomentOutput: String, SpecEnum, Sendable {
    /// The memory's last `tokens_per_step` rows: the memory-augmented moment tokens.
    case memory
    /// The step's encoder outputs with their moment-token tail replaced by the memory tokens
    /// (HAMLET's `cross_attn` conditioning: the head reads the whole backbone sequence).
    case features
}

/// `moment_tokens` (HAMLET): per-step moment tokens plus a memory transformer over past steps.
public struct MomentTokensEncoder: EncoderComponent, Hashable {
    public var input: PortNames = ""
    public var tokensPerStep = 4
    public var dim = 128
    public var depth = 2
    public var heads = 4
    public var mlpRatio = 4.0
    public var memoryWindow = 4
    public var memoryStride: Int?
    public var memoryLayers = 2
    public var memoryHeads = 4
    public var memoryMlpRatio = 4.0
    public var tclTau = 0.07
    public var tclNegativeGap = 16
    public var output = MomentOutput.memory

    public init() {}

    public static let kind = "moment_tokens"
    public static let family = Family.encoder
    public static let summary = "HAMLET moment tokens + block-causal memory over past steps"
    public static let details = """
        HAMLET (arXiv 2510.00695). Per step t, the tokens of every `input` port (each projected to \
        `dim` by `input_proj.<i>` when its width differs; a vector port is one token per frame) are \
        followed by the n_q = `tokens_per_step` learned moment tokens m (init N(0, 0.02²)), a learned \
        position table is added, and a causal transformer F (`depth` pre-LN blocks, final LayerNorm) \
        runs over them: the summary is m'_t = F([o_t, c; m])[-n_q:], which has read the whole step. \
        The memory M (`memory_layers` blocks: x += Attn(RMSNorm(x)), x += SwiGLU(RMSNorm(x)), bias-free \
        q/k/v/o, RMSNorm eps 1e-5, RoPE with every token of a step at position = its step index, a \
        block-causal mask: token i sees token j iff step(j) ≤ step(i); final RMSNorm) reads the last \
        T = `memory_window` summaries [m'_{t−(T−1)s}; …; m'_t] (s = `memory_stride`, oldest first) and \
        its last n_q rows are the output (`output: memory`), or replace the moment-token tail of F's \
        outputs (`output: features`, HAMLET's cross-attention conditioning). The summaries are carried \
        state: the policy keeps the last T per episode, filled with the first summary at the episode's \
        first call and shifted by one each call; training recomputes them from the demonstration's \
        frames T−1, …, 1 strides back (the episode's first frame before its start). The \
        `time_contrastive` objective pretrains the tokens: z = normalize(g(mean_n_q m'_t)) with the \
        projector g = Linear(d, d) → SiLU → Linear(d, d), loss = −log softmax([z_a·z_p, z_a·z_n…]/τ)₀ \
        for an anchor frame, its photometric augmentation and negatives ≥ `tcl_negative_gap` steps \
        away in the same episode, τ = `tcl_tau`. Scaled down from a GR00T VLM backbone (d = 1536, \
        16 heads) to a small causal encoder (d = 128, 4 heads); memory stride 16 → the executed chunk.
        """
    public static let example = """
        memory:
          kind: moment_tokens
          input: [vision, text]
          tokens_per_step: 4
          dim: 128
          memory_window: 4
        """
    public static let parameters: [Parameter<MomentTokensEncoder>] = [
        Parameter("input", \.input, PortNames.type(maximum: 16), required: true,
                  "the step's ports (tokens or vectors), in order: e.g. [vision, text]"),
        Parameter("tokens_per_step", \.tokensPerStep, .int(1...64), "moment tokens n_q per step"),
        Parameter("dim", \.dim, .int(1...16_384), "width of moment tokens and memory"),
        Parameter("depth", \.depth, .int(1...64), "blocks of the causal encoder over [frame tokens; moment tokens]"),
        Parameter("heads", \.heads, .int(1...256), "attention heads of the causal encoder"),
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "MLP width multiple in the causal encoder"),
        Parameter("memory_window", \.memoryWindow, .int(1...256), "past step summaries T the memory reads"),
        Parameter("memory_stride", \.memoryStride, .int(1...4096),
                  "environment steps between stored summaries; must equal the executed chunk (default: action.execute)"),
        Parameter("memory_layers", \.memoryLayers, .int(1...64), "blocks of the memory transformer"),
        Parameter("memory_heads", \.memoryHeads, .int(1...256), "attention heads of the memory transformer"),
        Parameter("memory_mlp_ratio", \.memoryMlpRatio, .number(0.25...16), "SwiGLU hidden width multiple in the memory"),
        Parameter("tcl_tau", \.tclTau, .positiveNumber, "temperature of the time-contrastive loss"),
        Parameter("tcl_negative_gap", \.tclNegativeGap, .int(1...100_000), "minimum step distance of the in-episode negatives"),
        Parameter("output", \.output, .enumeration(MomentOutput.self),
                  "memory (the n_q memory tokens) or features (the step's encoder outputs, moment tail replaced by them)"),
    ]
    public static let inputs = [PortInput("input", accepts: [.tokens, .vector], isList: true)]
    public static let outputDoc = "tokens[tokens_per_step, dim] (memory) or tokens[step tokens + tokens_per_step, dim] (features), one frame"
    public static let outputReads = ["input", "tokens_per_step", "dim", "output"]
    public static let rules: [Rule<MomentTokensEncoder>] = [
        .divides("heads", \.heads, "dim", \.dim),
        .divides("memory_heads", \.memoryHeads, "dim", \.dim),
        .when(.inconsistentSizes, "the memory's rotary positions need an even head size", at: "memory_heads",
              reads: ["memory_heads", "dim"]) { m, _ in
            m.dim % m.memoryHeads == 0 && (m.dim / m.memoryHeads) % 2 != 0
                ? "the memory's rotary positions need an even head size, but dim \(m.dim) / memory_heads \(m.memoryHeads) = \(m.dim / m.memoryHeads)"
                : nil
        },
        .when(.inconsistentSizes, "`memory_stride` equals the executed chunk (`action.execute`)", at: "memory_stride",
              reads: ["memory_stride", .action("execute"), .action("chunk")]) { m, ctx in
            guard let stride = m.memoryStride, stride != ctx.action.executedSteps else { return nil }
            return "memory_stride (\(stride)) must equal the steps executed per call (\(ctx.action.executedSteps)), or summaries drift from the calls that make them"
        },
    ]

    /// Tokens of one step fed to the causal encoder before the moment tokens.
    public func stepTokens(_ context: ComponentContext) -> Int {
        context.ports("input").reduce(0) { Cost.add($0, $1.tokenCount) }
    }

    public func output(_ context: ComponentContext) -> Port {
        let count = output == .memory ? tokensPerStep : Cost.add(stepTokens(context), tokensPerStep)
        return Port(.tokens(count: count, dim: dim), frames: 1)
    }

    public func cost(_ context: ComponentContext) -> Cost {
        var cost = Cost()
        let n = Cost.add(conditionTokens(context.ports("input"), dim: dim, cost: &cost), tokensPerStep)
        cost.table(tokensPerStep, dim)
        cost.table(n, dim)
        for _ in 0..<depth { cost.transformerBlock(tokens: n, dim: dim, hidden: hiddenWidth(dim, ratio: mlpRatio), heads: heads) }
        cost.layerNorm(dim)
        let m = Cost.mul(memoryWindow, tokensPerStep)
        let swiglu = hiddenWidth(dim, ratio: memoryMlpRatio)
        for _ in 0..<memoryLayers {
            cost.rmsNorm(dim)
            cost.linear(dim, 3 * dim, bias: false, rows: m)
            cost.attentionProducts(queries: m, keys: m, dim: dim, heads: memoryHeads)
            cost.linear(dim, dim, bias: false, rows: m)
            cost.rmsNorm(dim)
            cost.linear(dim, 2 * swiglu, bias: false, rows: m)
            cost.linear(swiglu, dim, bias: false, rows: m)
        }
        cost.rmsNorm(dim)
        // The TCL projector trains with the encoder but is not part of a policy call.
        cost.addParameters(Cost.mul(2, Cost.add(Cost.mul(dim, dim), dim)))
        return cost
    }
}
