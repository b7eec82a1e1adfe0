/// How noisy actions enter the dit token sequence.
public enum ActionPad: String, SpecEnum, Sendable {
    /// Dita: the action vector zero-padded to the model width (no parameters).
    case zero
    /// A Linear(action.dim, dim) embedding.
    case linear
}

/// `dit` (Dita): an in-context diffusion transformer denoising the action chunk.
public struct DiTHead: HeadComponent, Hashable {
    public var condition: [String] = []
    public var dim = 128
    public var depth = 4
    public var heads = 4
    public var mlpRatio = 4.0
    public var causal = true
    public var actionPad = ActionPad.zero
    public var diffusion = DiffusionProcess()

    public init() {}

    public var sampling: DiffusionProcess? { diffusion }
    public var trainingFamily: TrainingFamily { diffusion.sampler == .euler ? .flow : .denoising }

    public static let kind = "dit"
    public static let family = Family.head
    public static let summary = "Dita: causal transformer over [condition tokens | t token | noisy actions]"
    public static let details = """
        Dita (arXiv 2503.19757, RoboDita/Dita). One token sequence: every condition port projected to \
        `dim` (a Linear when its width differs; a vector port gives one token per frame), one raw \
        sinusoidal timestep token, and the `chunk` noisy actions zero-padded to `dim` (`action_pad: zero`, \
        Dita's default) or linearly embedded. A transformer with learned positions and a causal mask \
        (token k sees conditions, t and actions ≤ k) denoises them; Linear(dim, action.dim) reads the \
        action positions. ε-prediction with MSE; DDPM 100 cosine steps, DDIM 10 at inference. Scaled down \
        from LLaMA 768×12 to pre-LN GELU blocks, d = 128, 4 layers, 4 heads (~1 M parameters).
        """
    public static let example = """
        head:
          kind: dit
          condition: [vision, text, proprio]
          dim: 128
          depth: 4
          heads: 4
          diffusion: {schedule: cosine, train_steps: 100, sampler: ddim, sample_steps: 10}
        """
    public static let parameters: [Parameter<DiTHead>] = [
        Parameter("condition", \.condition, .list(.reference(.port), 1...64), required: true,
                  "ports placed in context before the actions (tokens or vectors)"),
        Parameter("dim", \.dim, .int(1...16_384), "model width"),
        Parameter("depth", \.depth, .int(1...128), "transformer blocks"),
        Parameter("heads", \.heads, .int(1...256), "attention heads (divides dim)"),
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "MLP width multiple of dim (Dita: 2048/768 ≈ 2.67)"),
        Parameter("causal", \.causal, .boolean, "causal attention mask (Dita) or bidirectional"),
        Parameter("action_pad", \.actionPad, .enumeration(ActionPad.self), "zero-pad actions to dim (Dita) or embed them linearly"),
        Parameter("diffusion", \.diffusion, .block(DiffusionProcess.schema), "the denoising process"),
    ]
    public static let inputs = [PortInput("condition", accepts: [.tokens, .vector], isList: true)]
    public static let outputDoc = "the action chunk [chunk, action.dim]"
    public static let rules: [Rule<DiTHead>] = [
        .divides("heads", \.heads, "dim", \.dim),
        .when(.inconsistentSizes, "zero padding needs action.dim ≤ dim", at: "action_pad", reads: ["action_pad", "dim", .action("dim")]) { d, ctx in
            d.actionPad == .zero && ctx.action.dim > d.dim
                ? "cannot zero-pad \(ctx.action.dim)-D actions into width \(d.dim); use action_pad: linear or a wider dim" : nil
        },
    ]

    public func cost(_ context: ComponentContext) -> Cost {
        var cost = Cost()
        let conditions = conditionTokens(context.ports("condition"), dim: dim, cost: &cost)
        let tokens = Cost.add(Cost.add(conditions, 1), context.action.chunk)
        var step = Cost()
        if actionPad == .linear { step.linear(context.action.dim, dim, rows: context.action.chunk) }
        step.table(tokens, dim)
        for _ in 0..<depth { step.transformerBlock(tokens: tokens, dim: dim, hidden: hiddenWidth(dim, ratio: mlpRatio), heads: heads) }
        step.layerNorm(dim)
        step.linear(dim, context.action.dim, rows: context.action.chunk)
        cost.add(step, flopsTimes: diffusion.sampleSteps)
        return cost
    }
}
