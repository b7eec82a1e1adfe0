/// Regression loss between predicted and target latents.
public enum LatentLoss: String, SpecEnum, Sendable {
    /// Smooth L1 (I-JEPA code).
    case smoothL1 = "smooth_l1"
    /// L1 (V-JEPA).
    case l1
}

/// Which of a jepa encoder's two ViTs the policy reads.
public enum JEPADownstream: String, SpecEnum, Sendable {
    /// The EMA target encoder (I-JEPA evaluates it).
    case target
    /// The context encoder the predictor reads.
    case context
}

/// `jepa`: a ViT patch encoder pretrained I-JEPA style (EMA target encoder + predictor).
public struct JEPAEncoder: EncoderComponent, Hashable {
    public var input = ""
    public var patch = 8
    public var dim = 96
    public var depth = 4
    public var heads = 4
    public var mlpRatio = 4.0
    public var predictorDim = 48
    public var predictorDepth = 2
    public var predictorHeads = 4
    public var targetBlocks = 4
    public var targetScale = [0.15, 0.2]
    public var targetAspect = [0.75, 1.5]
    public var contextScale = [0.85, 1.0]
    public var minKeep = 4
    public var ema = [0.996, 1.0]
    public var loss = LatentLoss.smoothL1
    public var output = OutputForm.tokens
    public var downstream = JEPADownstream.target

    public init() {}

    public static let kind = "jepa"
    public static let family = Family.encoder
    public static let summary = "ViT patch encoder pretrained with I-JEPA (EMA target, predictor, block masks)"
    public static let details = """
        I-JEPA (facebookresearch/ijepa). A ViT f: patch embedding Conv2d(C, dim, patch, stride patch), \
        fixed 2D sin-cos positions (half the features from the patch column, half from its row), \
        `depth` pre-LN blocks (LayerNorm eps 1e-6, GELU MLP), final LayerNorm. The context encoder f_θ \
        reads the patches of a context block; the target encoder f̄ (its EMA copy, weights under \
        `target_encoder`, starting equal to f_θ) reads every patch; the predictor g (predictor_embed \
        Linear(dim, predictor_dim) plus positions on the context tokens; for each of the \
        `target_blocks` blocks one shared learned mask token plus the position of every target patch; \
        `predictor_depth` blocks; LayerNorm; predictor_proj Linear(predictor_dim, dim)) predicts \
        h = LayerNorm(f̄(x)) at the target patches (each block `target_scale` of the grid, aspect \
        `target_aspect`; the context block `context_scale`, minus the targets, at least `min_keep` \
        patches). The `jepa` objective trains f_θ and g on L = mean over target patches and features \
        of smooth-L1(g(f_θ(x_ctx)) − LN(f̄(x))) (`loss: l1`: |·|), and after optimizer step k of K \
        sets f̄ ← m·f̄ + (1 − m)·f_θ with m = ema₀ + (ema₁ − ema₀)·k/K. The policy reads the \
        `downstream` encoder (target by default, as I-JEPA evaluates), its patch tokens or their \
        mean. Scaled down from ViT-H/14 at 224 px to patch 8 on 32–64 px, d = 96, 4 blocks, \
        predictor 384 × 12 → 48 × 2. Parameters count the downstream encoder and the predictor; the \
        other encoder is training state (in the checkpoint).
        """
    public static let example = "vision: {kind: jepa, input: agentview, patch: 8, dim: 96, depth: 4, heads: 4}"
    public static let parameters: [Parameter<JEPAEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "the image port"),
        Parameter("patch", \.patch, .int(1...256), "patch size in pixels (divides height and width)"),
        Parameter("dim", \.dim, .int(1...16_384), "encoder width"),
        Parameter("depth", \.depth, .int(1...128), "encoder blocks"),
        Parameter("heads", \.heads, .int(1...256), "encoder attention heads (divides dim)"),
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "MLP width multiple of dim"),
        Parameter("predictor_dim", \.predictorDim, .int(1...16_384), "predictor width"),
        Parameter("predictor_depth", \.predictorDepth, .int(1...128), "predictor blocks"),
        Parameter("predictor_heads", \.predictorHeads, .int(1...256), "predictor attention heads (divides predictor_dim)"),
        Parameter("target_blocks", \.targetBlocks, .int(1...64), "target blocks M predicted per image"),
        Parameter("target_scale", \.targetScale, .list(.number(0.001...1), 2...2), "[min, max] fraction of the grid per target block"),
        Parameter("target_aspect", \.targetAspect, .list(.number(0.01...100), 2...2), "[min, max] height/width aspect of the target blocks"),
        Parameter("context_scale", \.contextScale, .list(.number(0.001...1), 2...2), "[min, max] fraction of the grid in the context block"),
        Parameter("min_keep", \.minKeep, .int(1...65_536),
                  "a context block keeps more than this many patches (redrawn, with fewer targets cut out after each 20 tries, until it does)"),
        Parameter("ema", \.ema, .list(.unitInterval, 2...2), "[start, end] EMA momentum of the target encoder, linear over training"),
        Parameter("loss", \.loss, .enumeration(LatentLoss.self), "regression loss on latents"),
        Parameter("output", \.output, .enumeration(OutputForm.self), "patch tokens or their mean"),
        Parameter("downstream", \.downstream, .enumeration(JEPADownstream.self), "the encoder the policy reads: target (EMA) or context"),
    ]
    public static let inputs = [PortInput("input", accepts: [.image])]
    public static let outputDoc = "tokens[(H/patch)·(W/patch), dim] (or vector[dim]); frames kept"
    public static let outputReads = ["input", "patch", "dim", "output"]
    public static let rules: [Rule<JEPAEncoder>] = [
        Rule(.doesNotDivide, "`patch` divides the image height and width", reads: ["patch", "input"]) { j, ctx in
            guard case let .image(_, h, w)? = ctx.port("input")?.type else { return [] }
            if h % j.patch != 0 || w % j.patch != 0 {
                return [Violation(parameter: "patch", message: "patch (\(j.patch)) does not divide the image size \(h)×\(w)")]
            }
            if h / j.patch < 2 || w / j.patch < 2 {
                return [Violation(parameter: "patch", message: "patch (\(j.patch)) leaves a \(h / j.patch)×\(w / j.patch) grid; block masks need at least 2×2 patches")]
            }
            return []
        },
        .divides("heads", \.heads, "dim", \.dim),
        .divides("predictor_heads", \.predictorHeads, "predictor_dim", \.predictorDim),
        .when(.rangeOrder, "`target_scale` is [low, high]", at: "target_scale", reads: ["target_scale"]) { j, _ in orderProblem(j.targetScale, "target_scale") },
        .when(.rangeOrder, "`target_aspect` is [low, high]", at: "target_aspect", reads: ["target_aspect"]) { j, _ in orderProblem(j.targetAspect, "target_aspect") },
        .when(.rangeOrder, "`context_scale` is [low, high]", at: "context_scale", reads: ["context_scale"]) { j, _ in orderProblem(j.contextScale, "context_scale") },
        .when(.rangeOrder, "`ema` rises: [start, end] with start ≤ end", at: "ema", reads: ["ema"]) { j, _ in orderProblem(j.ema, "ema") },
    ]

    /// Patches per image.
    public func patches(_ port: Port) -> Int {
        guard case let .image(_, h, w) = port.type else { return 1 }
        return Cost.mul(h / patch, w / patch)
    }

    public func output(_ context: ComponentContext) -> Port {
        let port = context.port("input")!
        return Port(output == .tokens ? .tokens(count: patches(port), dim: dim) : .vector(dim: dim), frames: port.frames)
    }

    public func cost(_ context: ComponentContext) -> Cost {
        let port = context.port("input")!
        guard case let .image(c, h, w) = port.type else { return Cost() }
        let n = patches(port)
        var encoder = Cost()
        encoder.conv2d(c, dim, kernel: patch, outHeight: h / patch, outWidth: w / patch)
        for _ in 0..<depth { encoder.transformerBlock(tokens: n, dim: dim, hidden: hiddenWidth(dim, ratio: mlpRatio), heads: heads) }
        encoder.layerNorm(dim)
        // The predictor trains in the jepa stage only: its parameters count, its FLOPs and tensors do not.
        var predictor = Cost()
        predictor.linear(dim, predictorDim, rows: n)
        predictor.table(1, predictorDim)
        for _ in 0..<predictorDepth {
            predictor.transformerBlock(tokens: n, dim: predictorDim, hidden: hiddenWidth(predictorDim, ratio: mlpRatio),
                                       heads: predictorHeads)
        }
        predictor.layerNorm(predictorDim)
        predictor.linear(predictorDim, dim, rows: n)
        var cost = Cost()
        cost.add(encoder.batched(port.frames))
        cost.addParameters(predictor.parameters)
        return cost
    }
}
