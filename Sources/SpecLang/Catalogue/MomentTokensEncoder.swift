/// `moment_tokens` (HAMLET): per-step moment tokens plus a memory transformer over past steps.
public struct MomentTokensEncoder: EncoderComponent, Hashable {
    public var input = ""
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

    public init() {}

    public static let kind = "moment_tokens"
    public static let family = Family.encoder
    public static let summary = "HAMLET moment tokens + block-causal memory over past steps"
    public static let details = """
        HAMLET (arXiv 2510.00695). `tokens_per_step` learned moment tokens (init N(0, 0.02²)) are \
        appended after the current frame's tokens and read them through a small causal transformer \
        (`depth` pre-LN blocks); their outputs are the step's summary. A memory module (`memory_layers` \
        blocks: pre-RMSNorm, bias-free q/k/v/o, RoPE over the step index, SwiGLU FFN, block-causal mask) \
        reads the last `memory_window` summaries, taken `memory_stride` environment steps apart, and \
        outputs the memory-augmented tokens of the current step. Pretrained with the \
        `time_contrastive` objective through a Linear-SiLU-Linear projector (temperature `tcl_tau`, one \
        negative at least `tcl_negative_gap` steps away). Scaled down from a VLM backbone to a small \
        causal encoder (d = 128, 4 heads instead of 16).
        """
    public static let example = """
        memory:
          kind: moment_tokens
          input: vision
          tokens_per_step: 4
          dim: 128
          memory_window: 4
        """
    public static let parameters: [Parameter<MomentTokensEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "per-step features (tokens or a vector)"),
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
        Parameter("tcl_negative_gap", \.tclNegativeGap, .int(1...100_000), "minimum step distance of the in-episode negative"),
    ]
    public static let inputs = [PortInput("input", accepts: [.tokens, .vector])]
    public static let outputDoc = "tokens[tokens_per_step, dim], one frame (time lives in the memory)"
    public static let outputReads = ["tokens_per_step", "dim"]
    public static let rules: [Rule<MomentTokensEncoder>] = [
        .divides("heads", \.heads, "dim", \.dim),
        .divides("memory_heads", \.memoryHeads, "dim", \.dim),
        .when(.inconsistentSizes, "`memory_stride` equals the executed chunk (`action.execute`)", at: "memory_stride",
              reads: ["memory_stride", .action("execute"), .action("chunk")]) { m, ctx in
            guard let stride = m.memoryStride, stride != ctx.action.executedSteps else { return nil }
            return "memory_stride (\(stride)) must equal the steps executed per call (\(ctx.action.executedSteps)), or summaries drift from the calls that make them"
        },
    ]

    /// Tokens of the current frame fed to the causal encoder.
    private func frameTokens(_ port: Port) -> Int {
        if case .tokens(let n, _) = port.type { return n }
        return 1
    }

    public func output(_ context: ComponentContext) -> Port {
        Port(.tokens(count: tokensPerStep, dim: dim), frames: 1)
    }

    public func cost(_ context: ComponentContext) -> Cost {
        let port = context.port("input")!
        let n = frameTokens(port) + tokensPerStep
        var cost = Cost()
        if port.width != dim { cost.linear(port.width, dim, rows: frameTokens(port)) }
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
