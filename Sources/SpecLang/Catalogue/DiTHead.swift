/// How noisy actions enter the dit token sequence.
public enum ActionPad: String, SpecEnum, Sendable {
    /// Dita: the action vector zero-padded to the model width (no parameters).
    case zero
    /// A Linear(action.dim, dim) embedding.
    case linear
}

/// Position information of the dit tokens.
public enum DiTPositions: String, SpecEnum, Sendable {
    /// A learned table `pos_embed`, one row per token.
    case learned
    /// Rotary embeddings in every attention (Dita's LLaMA).
    case rope
}

/// The normalisation of the dit blocks.
public enum BlockNorm: String, SpecEnum, Sendable {
    /// LayerNorm (weight and bias, eps 1e-5).
    case layer
    /// RMSNorm (weight, eps 1e-6; LLaMA).
    case rms
}

/// The feed-forward sublayer of transformer blocks.
public enum FeedForwardForm: String, SpecEnum, Sendable {
    /// fc1, GELU (tanh approximation), fc2.
    case gelu
    /// fc2(silu(fc1_g x) · fc1_x x) (LLaMA).
    case swiglu
}

/// How the dit reads its conditions.
public enum DiTConditioning: String, SpecEnum, Sendable {
    /// Dita: the condition tokens come first in the one sequence the blocks attend over.
    case inContext = "in_context"
    /// The blocks run over [t token | actions]; each cross-attends the condition tokens.
    case crossAttention = "cross_attention"
    /// DiT's adaLN-Zero: the mean condition token plus an MLP timestep embedding modulate
    /// every block over the action tokens (HAMLET's head).
    case adaln
}

/// `dit` (Dita): a diffusion transformer denoising the action chunk.
public struct DiTHead: HeadComponent, Hashable {
    public var condition: [String] = []
    public var dim = 128
    public var depth = 4
    public var heads = 4
    public var mlpRatio = 4.0
    public var causal = true
    public var actionPad = ActionPad.zero
    public var positions = DiTPositions.rope
    public var norm = BlockNorm.rms
    public var ffn = FeedForwardForm.swiglu
    public var attentionDropout = 0.0
    public var conditioning = DiTConditioning.inContext
    public var diffusion: DiffusionProcess?
    public var flow: FlowProcess?

    public init() {}

    /// The diffusion process: the block written, or the default one when there is no `flow:`.
    public var sampling: DiffusionProcess? { flow == nil ? diffusion ?? DiffusionProcess() : nil }
    public var trainingFamily: TrainingFamily { flow == nil ? .denoising : .flow }

    public static let kind = "dit"
    public static let family = Family.head
    public static let summary = "Dita: causal transformer over [condition tokens | t token | noisy actions]"
    public static let details = """
        Dita (arXiv 2503.19757, RoboDita/Dita). With `conditioning: in_context` (Dita's design) one token \
        sequence: every condition port's tokens (a vector port gives one token per frame), each port \
        projected to `dim` by `condition_proj.<i>` when its width differs; one raw sinusoidal timestep \
        token (no parameters); the `chunk` noisy actions zero-padded to `dim` (`action_pad: zero`) or \
        embedded by `action_in`. Blocks (`norm`: RMS or Layer, `ffn`: SwiGLU or GELU, `positions`: RoPE \
        or a learned table) attend with a causal mask (token k sees the conditions, t and actions ≤ k), \
        so the condition prefix does not depend on the step: at inference its keys and values are \
        computed once per call and every denoising step runs only the t and action tokens. A final norm \
        and `action_out` Linear(dim, action.dim) read the action positions. `cross_attention` runs the \
        blocks over [t | actions] with a cross-attention to the condition tokens in each; `adaln` (DiT's \
        adaLN-Zero, HAMLET's head) modulates the blocks over the actions with the mean condition token \
        plus an MLP timestep embedding. Trained by `diffusion` (DDPM, ε/v/x₀ prediction; DDIM or DDPM \
        sampling) with a `diffusion:` block, or by `flow_matching` with a `flow:` block. Scaled down from \
        LLaMA 768×12 (FFN 2048, attention dropout 0.1) to d = 128, 4 layers, 4 heads.
        """
    public static let example = """
        head:
          kind: dit
          condition: [text, vision, proprio]
          dim: 128
          depth: 4
          heads: 4
          mlp_ratio: 2.67
          diffusion: {schedule: squaredcos, train_steps: 100, sampler: ddim, sample_steps: 10}
        """
    public static let parameters: [Parameter<DiTHead>] = [
        Parameter("condition", \.condition, .list(.reference(.port), 1...64), required: true,
                  "ports placed in context before the actions (tokens or vectors), in this order"),
        Parameter("dim", \.dim, .int(1...16_384), "model width"),
        Parameter("depth", \.depth, .int(1...128), "transformer blocks"),
        Parameter("heads", \.heads, .int(1...256), "attention heads (divides dim)"),
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "feed-forward width multiple of dim (Dita: 2048/768 ≈ 2.67)"),
        Parameter("causal", \.causal, .boolean, "causal attention mask (Dita) or bidirectional"),
        Parameter("action_pad", \.actionPad, .enumeration(ActionPad.self), "zero-pad actions to dim (Dita) or embed them linearly"),
        Parameter("positions", \.positions, .enumeration(DiTPositions.self), "rotary positions (Dita's LLaMA) or a learned table"),
        Parameter("norm", \.norm, .enumeration(BlockNorm.self), "block normalisation: rms (LLaMA) or layer"),
        Parameter("ffn", \.ffn, .enumeration(FeedForwardForm.self), "feed-forward: swiglu (LLaMA) or gelu"),
        Parameter("attention_dropout", \.attentionDropout, .number(min: 0, max: 0.9, minExclusive: false),
                  "dropout on the attention probabilities in training (Dita: 0.1)"),
        Parameter("conditioning", \.conditioning, .enumeration(DiTConditioning.self),
                  "in_context (Dita), cross_attention or adaln (the paper's ablation; HAMLET's head)"),
        Parameter("diffusion", \.diffusion, .block(DiffusionProcess.schema),
                  "the denoising process (objective diffusion); the default when there is no flow block"),
        Parameter("flow", \.flow, .block(FlowProcess.schema), "a flow instead of a diffusion process (objective flow_matching)"),
    ]
    public static let inputs = [PortInput("condition", accepts: [.tokens, .vector], isList: true)]
    public static let outputDoc = "the action chunk [chunk, action.dim]"
    public static let rules: [Rule<DiTHead>] = [
        .divides("heads", \.heads, "dim", \.dim),
        .when(.inconsistentSizes, "zero padding needs action.dim ≤ dim", at: "action_pad", reads: ["action_pad", "dim", .action("dim")]) { d, ctx in
            d.actionPad == .zero && ctx.action.dim > d.dim
                ? "cannot zero-pad \(ctx.action.dim)-D actions into width \(d.dim); use action_pad: linear or a wider dim" : nil
        },
        .when(.inconsistentSizes, "rotary positions need an even head size", at: "positions", reads: ["positions", "dim", "heads"]) { d, _ in
            d.positions == .rope && d.dim % d.heads == 0 && (d.dim / d.heads) % 2 != 0
                ? "rotary positions need an even head size, but dim \(d.dim) / heads \(d.heads) = \(d.dim / d.heads)" : nil
        },
        .when(.exclusiveKeys, "a `diffusion` or a `flow` block, not both", at: "flow", reads: ["diffusion", "flow"]) { d, _ in
            d.diffusion != nil && d.flow != nil ? "the head has both a diffusion and a flow block; keep the one its objective trains" : nil
        },
    ]

    /// Tokens of the sequence the blocks run over at each step (t token and actions, plus the
    /// condition prefix when it is not cached).
    public func cost(_ context: ComponentContext) -> Cost {
        let chunk = context.action.chunk, actionDim = context.action.dim
        let hidden = hiddenWidth(dim, ratio: mlpRatio)
        let calls = flow?.networkCalls ?? (sampling?.sampleSteps ?? 1)
        var cost = Cost()
        let conditions = conditionTokens(context.ports("condition"), dim: dim, cost: &cost)
        var step = Cost()
        if actionPad == .linear { step.linear(actionDim, dim, rows: chunk) }
        switch conditioning {
        case .inContext:
            let suffix = Cost.add(1, chunk), total = Cost.add(conditions, suffix)
            if positions == .learned { cost.table(total, dim) }
            if causal {
                // The prefix's keys and values once per call; each step runs the t and action tokens.
                // (The same weights as the steps': only the prefix's FLOPs and tensors count here.)
                var prefix = Cost()
                for _ in 0..<depth { prefix.block(tokens: conditions, keys: conditions, dim: dim, hidden: hidden, heads: heads, norm: norm, ffn: ffn) }
                prefix.parameters = 0
                cost.add(prefix)
                for _ in 0..<depth { step.block(tokens: suffix, keys: total, dim: dim, hidden: hidden, heads: heads, norm: norm, ffn: ffn) }
            } else {
                for _ in 0..<depth { step.block(tokens: total, keys: total, dim: dim, hidden: hidden, heads: heads, norm: norm, ffn: ffn) }
            }
        case .crossAttention:
            let tokens = Cost.add(1, chunk)
            if positions == .learned { cost.table(tokens, dim) }
            for _ in 0..<depth {
                // The cross-attention's keys and values of the conditions, once per call.
                cost.linear(dim, 2 * dim, rows: conditions)
                step.block(tokens: tokens, keys: tokens, dim: dim, hidden: hidden, heads: heads, norm: norm, ffn: ffn)
                step.norm(norm, dim)
                step.linear(dim, dim, rows: tokens)
                step.attentionProducts(queries: tokens, keys: conditions, dim: dim, heads: heads)
                step.linear(dim, dim, rows: tokens)
            }
        case .adaln:
            if positions == .learned { cost.table(chunk, dim) }
            step.linear(frequencyEmbedDim, dim, rows: 1)
            step.linear(dim, dim, rows: 1)
            for _ in 0..<depth {
                step.block(tokens: chunk, keys: chunk, dim: dim, hidden: hidden, heads: heads, norm: nil, ffn: ffn)
                step.linear(dim, 6 * dim, rows: 1)
            }
            step.linear(dim, 2 * dim, rows: 1)
        }
        if conditioning != .adaln { step.norm(norm, dim) }
        step.linear(dim, actionDim, rows: chunk)
        cost.add(step, flopsTimes: calls)
        return cost
    }

    /// The width of the sinusoidal features of the adaln timestep embedder (DiT's 256).
    public var frequencyEmbedDim: Int { 256 }
}

extension Cost {
    /// A pre-norm block over `tokens` queries attending `keys` keys (a cached prefix included):
    /// `norm1`, `attn.qkv` on the queries' rows, `attn.proj`, `norm2` and the feed-forward
    /// (`mlp.fc1`, `mlp.fc2`, or SwiGLU's `fc1_g`, `fc1_x`, `fc2`). `norm: nil` is adaLN's
    /// norms without parameters.
    mutating func block(tokens: Int, keys: Int, dim: Int, hidden: Int, heads: Int, norm: BlockNorm?, ffn: FeedForwardForm) {
        self.norm(norm, dim)
        linear(dim, 3 * dim, rows: tokens)
        attentionProducts(queries: tokens, keys: keys, dim: dim, heads: heads)
        linear(dim, dim, rows: tokens)
        self.norm(norm, dim)
        switch ffn {
        case .gelu:
            mlp(tokens: tokens, dim: dim, hidden: hidden)
        case .swiglu:
            linear(dim, hidden, rows: tokens)
            linear(dim, hidden, rows: tokens)
            linear(hidden, dim, rows: tokens)
        }
    }

    /// A norm's parameters: LayerNorm weight and bias, RMSNorm weight, none for nil.
    mutating func norm(_ norm: BlockNorm?, _ dim: Int) {
        switch norm {
        case .layer: layerNorm(dim)
        case .rms: rmsNorm(dim)
        case nil: break
        }
    }
}
