extension TrainingFamily {
    /// A Gaussian mixture over the chunk (means, scales, mixing logits), trained by its
    /// likelihood and sampled at inference.
    public static let mixture = TrainingFamily("mixture", heads: "mixture heads (gmm)")
}

/// `gmm` (robomimic's BC-GMM): an MLP giving a Gaussian mixture over the action chunk.
public struct GMMHead: HeadComponent, Hashable {
    public var condition: [String] = []
    public var hidden = [1024, 1024]
    public var activation = Activation.relu
    public var modes = 5
    public var minStd = 1e-4
    public var lowNoiseEval = true

    public init() {}

    public var sampling: DiffusionProcess? { nil }
    public var trainingFamily: TrainingFamily { .mixture }

    public static let kind = "gmm"
    public static let family = Family.head
    public static let summary = "robomimic's BC-GMM: an MLP giving a Gaussian mixture over the chunk, trained by its likelihood"
    public static let details = """
        robomimic's GMM policy (Mandlekar et al. 2021, "What Matters in Learning from Offline Human \
        Demonstrations for Robot Manipulation": BC-GMM, `GMMActorNetwork`). The conditions, flattened \
        into one vector as the mlp head does, run through an MLP (`hidden`, each layer followed by the \
        activation) and three linear outputs: for K = `modes` components the means (tanh-squashed \
        onto action.range), the scales (softplus + `min_std`) and the mixing logits. The distribution \
        is MixtureSameFamily(Categorical(logits), Independent(Normal(means, scales))) over the whole \
        chunk: one categorical per chunk, so a component is a coherent trajectory of chunk × \
        action.dim values. Trained by `mixture_nll` (−log-likelihood of the demonstrated chunk). \
        Inference draws a component from Categorical(logits) with the policy's per-call noise \
        (Gumbel-max) and samples its Gaussian, with every scale 1e-4 under `low_noise_eval` (the \
        component's mean, up to negligible noise); the policy reports each row's component (`mode`). \
        robomimic's defaults: 5 modes, min_std 1e-4 (its BC config; the class default is 0.01), two \
        hidden layers of 1024, ReLU.
        """
    public static let example = "head: {kind: gmm, condition: [state], hidden: [256, 256], modes: 5}"
    public static let parameters: [Parameter<GMMHead>] = [
        Parameter("condition", \.condition, .list(.reference(.port), 1...64), required: true,
                  "ports the head conditions on (vectors or tokens, pooled as the mlp head pools them)"),
        Parameter("hidden", \.hidden, .list(.int(1...65_536), 0...32), "hidden layer widths of the MLP (robomimic: [1024, 1024])"),
        Parameter("activation", \.activation, .enumeration(Activation.self), "activation after each hidden layer (robomimic: relu)"),
        Parameter("modes", \.modes, .int(1...1024), "mixture components K (robomimic: 5)"),
        Parameter("min_std", \.minStd, .positiveNumber, "added to the softplus of every scale (robomimic's BC config: 1e-4)"),
        Parameter("low_noise_eval", \.lowNoiseEval, .boolean,
                  "at inference, sample the drawn component with every scale 1e-4, i.e. take its mean (robomimic: true)"),
    ]
    public static let inputs = [PortInput("condition", accepts: [.vector, .tokens], isList: true)]
    public static let outputDoc = "the action chunk [chunk, action.dim] (plus each row's drawn component, `mode`)"
    public static let rules: [Rule<GMMHead>] = []

    /// The MLP and the three outputs (means and scales K · chunk · action.dim each, logits K) once
    /// per call; the scale output runs at inference only without `low_noise_eval` (its fixed
    /// scales replace it).
    public func cost(_ context: ComponentContext) -> Cost {
        var width = context.ports("condition").reduce(0) { Cost.add($0, $1.pooledWidth) }
        let components = Cost.mul(modes, context.action.chunk, context.action.dim)
        var cost = Cost()
        for h in hidden {
            cost.linear(width, h, rows: 1)
            width = h
        }
        cost.linear(width, components, rows: 1)
        var scale = Cost()
        scale.linear(width, components, rows: 1)
        if lowNoiseEval { cost.addParameters(scale.parameters) } else { cost.add(scale) }
        cost.linear(width, modes, rows: 1)
        return cost
    }
}
