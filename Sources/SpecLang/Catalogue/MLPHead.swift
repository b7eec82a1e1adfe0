/// `mlp` head: regression (BC) or, with `diffusion:`, an MLP denoiser.
public struct MLPHead: HeadComponent, Hashable {
    public var condition: [String] = []
    public var hidden = [256]
    public var activation = Activation.gelu
    public var norm = HiddenNorm.none
    public var diffusion: MLPDiffusion?
    public var flow: MLPFlow?

    public init() {}

    public var sampling: DiffusionProcess? { diffusion?.process }
    public var trainingFamily: TrainingFamily {
        if flow != nil { return .flow }
        return diffusion == nil ? .regression : .denoising
    }

    public static let kind = "mlp"
    public static let family = Family.head
    public static let summary = "MLP on the pooled conditions: BC regression, or an MLP denoiser with `diffusion:` or `flow:`"
    public static let details = """
        Conditions are flattened into one vector (vectors concatenated over frames; token ports \
        mean-pooled over tokens, then concatenated over frames). Without `diffusion:` the MLP maps \
        that vector to the action chunk (behaviour cloning, objective `bc`). With `diffusion:` it is a \
        denoiser over [noisy action chunk | condition | sinusoidal time embedding], like Diffusion \
        Policy's low-dim MLP and the "diffusion MLP head" of Dita's ablation, trained by `diffusion`; \
        with `flow:` the same network is a velocity field trained by `flow_matching`.
        """
    public static let example = "head: {kind: mlp, condition: [trunk], hidden: [256]}"
    public static let parameters: [Parameter<MLPHead>] = [
        Parameter("condition", \.condition, .list(.reference(.port), 1...64), required: true,
                  "ports the head conditions on (vectors or tokens)"),
        Parameter("hidden", \.hidden, .list(.int(1...65_536), 0...32), "hidden layer widths"),
        Parameter("activation", \.activation, .enumeration(Activation.self), "activation after each hidden layer"),
        Parameter("norm", \.norm, .enumeration(HiddenNorm.self), "LayerNorm after each hidden linear (layer) or none"),
        Parameter("diffusion", \.diffusion, .block(MLPDiffusion.schema), "makes the MLP a denoiser (absent: regression)"),
        Parameter("flow", \.flow, .block(MLPFlow.schema), "makes the MLP a flow's velocity field (absent: regression)"),
    ]
    public static let inputs = [PortInput("condition", accepts: [.vector, .tokens], isList: true)]
    public static let outputDoc = "the action chunk [chunk, action.dim]"
    public static let rules: [Rule<MLPHead>] = [
        .when(.exclusiveKeys, "a `diffusion` or a `flow` block, not both", at: "flow", reads: ["diffusion", "flow"]) { h, _ in
            h.diffusion != nil && h.flow != nil ? "the head has both a diffusion and a flow block; keep the one its objective trains" : nil
        },
    ]

    public func cost(_ context: ComponentContext) -> Cost {
        let conditionWidth = context.ports("condition").reduce(0) { Cost.add($0, $1.pooledWidth) }
        let out = Cost.mul(context.action.chunk, context.action.dim)
        var width = conditionWidth
        if let timeEmbedDim = diffusion?.timeEmbedDim ?? flow?.timeEmbedDim { width = Cost.add(Cost.add(width, out), timeEmbedDim) }
        var mlp = Cost()
        for h in hidden {
            mlp.linear(width, h, rows: 1)
            if norm == .layer { mlp.layerNorm(h) }
            width = h
        }
        mlp.linear(width, out, rows: 1)
        var cost = Cost()
        cost.add(mlp, flopsTimes: diffusion?.process.sampleSteps ?? flow?.process.networkCalls ?? 1)
        return cost
    }
}
