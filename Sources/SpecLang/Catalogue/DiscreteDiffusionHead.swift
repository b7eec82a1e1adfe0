/// How the unmasking order ranks positions.
public enum UnmaskConfidence: String, SpecEnum, Sendable {
    /// The top probability.
    case maxProb = "max_prob"
    /// Top-1 minus top-2 probability.
    case margin
}

/// How the gripper dimension (the last action dimension) is tokenised.
public enum GripperTokens: String, SpecEnum, Sendable {
    /// Like every other dimension: `bins` bins.
    case continuous
    /// Two tokens, closed (the range's low end) and open (its high end), split at the middle.
    case binary
}

/// `discrete_diffusion`: binned action tokens, masked diffusion, confidence-ordered unmasking.
public struct DiscreteDiffusionHead: HeadComponent, Hashable {
    public var condition: [String] = []
    public var bins = 256
    public var dim = 128
    public var depth = 4
    public var heads = 4
    public var mlpRatio = 4.0
    public var rounds = 8
    public var confidence = UnmaskConfidence.maxProb
    public var remaskThreshold = [0.1, 0.5]
    public var remaskDrop = 0.3
    public var temperature = 0.0
    public var gripper = GripperTokens.continuous

    public init() {}

    public var sampling: DiffusionProcess? { nil }
    public var trainingFamily: TrainingFamily { .maskedTokens }

    public static let kind = "discrete_diffusion"
    public static let family = Family.head
    public static let summary = "discrete (masked) diffusion over binned action tokens, MaskGIT-style decoding"
    public static let details = """
        Discrete Diffusion VLA (arXiv 2508.20072) / LLaDA-VLA (arXiv 2509.06932). Each action dimension \
        of each chunk step is one token (L = chunk × action.dim) with `bins` uniform bins on the action \
        range (quantile bins with `action.normalize: quantile`, DD-VLA's quantile normalisation; a \
        binary gripper with `gripper: binary`) plus a [MASK] id. Tokens: `token_embed` \
        Embedding(bins + 1, dim) + `dim_embed` per action dimension + `step_embed` per chunk step, after \
        the condition tokens (projected by `condition_proj.<i>` where their width differs); bidirectional \
        pre-LN blocks; `norm` and `logits` Linear(dim, bins) on the action positions, restricted to the \
        bins each position can take. Training masks a random fraction γ of the tokens (at least the \
        objective's `min_mask_ratio`) with the absorbing [MASK] and takes cross-entropy on the masked \
        positions only (`masked_diffusion`). Decoding runs `rounds` rounds from all-[MASK]: each round \
        predicts every position (argmax, or a sample at `temperature`), re-masks committed tokens whose \
        probability fell under the threshold (rising linearly over `remask_threshold`) or dropped by more \
        than `remask_drop` since they were committed, then commits the most confident masked positions \
        (`confidence`: top probability or top-1 − top-2 margin) so that ⌈L·cos(π/2·r/R)⌉ stay masked; \
        the last round commits all. Tokens decode to bin centres. Scaled down from a VLM backbone to \
        d = 128, 4 layers.
        """
    public static let example = """
        head: {kind: discrete_diffusion, condition: [vision, text], bins: 256, dim: 128, depth: 4, rounds: 8}
        """
    public static let parameters: [Parameter<DiscreteDiffusionHead>] = [
        Parameter("condition", \.condition, .list(.reference(.port), 1...64), required: true,
                  "ports placed before the action tokens (tokens or vectors)"),
        Parameter("bins", \.bins, .int(2...65_536), "uniform bins per action dimension"),
        Parameter("dim", \.dim, .int(1...16_384), "model width"),
        Parameter("depth", \.depth, .int(1...128), "transformer blocks"),
        Parameter("heads", \.heads, .int(1...256), "attention heads (divides dim)"),
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "MLP width multiple of dim"),
        Parameter("rounds", \.rounds, .int(1...4096), "parallel decoding rounds R"),
        Parameter("confidence", \.confidence, .enumeration(UnmaskConfidence.self), "score ranking masked positions"),
        Parameter("remask_threshold", \.remaskThreshold, .list(.unitInterval, 2...2),
                  "[first, last] probability below which committed tokens are re-masked (rises over rounds)"),
        Parameter("remask_drop", \.remaskDrop, .unitInterval, "re-mask a committed token whose probability dropped by more than this"),
        Parameter("temperature", \.temperature, .nonNegativeNumber, "sampling temperature of the predictions (0: argmax)"),
        Parameter("gripper", \.gripper, .enumeration(GripperTokens.self), "tokens of the last action dimension: continuous bins or binary"),
    ]
    public static let inputs = [PortInput("condition", accepts: [.tokens, .vector], isList: true)]
    public static let outputDoc = "the action chunk [chunk, action.dim] (bin centres)"
    public static let rules: [Rule<DiscreteDiffusionHead>] = [
        .divides("heads", \.heads, "dim", \.dim),
        .when(.inconsistentSizes, "`rounds` ≤ chunk × action.dim (each round commits a token)", at: "rounds",
              reads: ["rounds", .action("chunk"), .action("dim")]) { d, ctx in
            let tokens = ctx.action.chunk * ctx.action.dim
            return d.rounds > tokens ? "rounds (\(d.rounds)) exceeds the \(tokens) action tokens (chunk × action.dim)" : nil
        },
        .when(.rangeOrder, "`remask_threshold` rises: [first, last] with first ≤ last", at: "remask_threshold",
              reads: ["remask_threshold"]) { d, _ in
            orderProblem(d.remaskThreshold, "remask_threshold")
        },
    ]

    public func cost(_ context: ComponentContext) -> Cost {
        let da = context.action.dim, chunk = context.action.chunk
        let actionTokens = Cost.mul(chunk, da)
        var cost = Cost()
        let memory = conditionTokens(context.ports("condition"), dim: dim, cost: &cost)
        let tokens = Cost.add(memory, actionTokens)
        cost.table(bins + 1, dim)
        cost.table(da, dim)
        cost.table(chunk, dim)
        var round = Cost()
        for _ in 0..<depth { round.transformerBlock(tokens: tokens, dim: dim, hidden: hiddenWidth(dim, ratio: mlpRatio), heads: heads) }
        round.layerNorm(dim)
        round.linear(dim, bins, rows: actionTokens)
        cost.add(round, flopsTimes: rounds)
        return cost
    }
}
