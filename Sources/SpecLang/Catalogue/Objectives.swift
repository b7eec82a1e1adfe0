/// Regression losses of behaviour cloning.
public enum RegressionLoss: String, SpecEnum, Sendable {
    case mse, l1
    case smoothL1 = "smooth_l1"
}

/// `bc`: regress the demonstrated action chunk.
public struct BCObjective: ObjectiveComponent, Hashable {
    public var loss = RegressionLoss.mse
    public init() {}
    public var encoder: String? { nil }
    public static let kind = "bc"
    public static let family = Family.objective
    public static let summary = "behaviour cloning: regress the demonstrated chunk"
    public static let details = "Loss between the head's output and the demonstrated action chunk."
    public static let example = "objective: bc"
    public static let trains: TrainingFamily? = .regression
    public static let encoderKind: String? = nil
    public static let parameters: [Parameter<BCObjective>] = [
        Parameter("loss", \.loss, .enumeration(RegressionLoss.self), "regression loss"),
    ]
}

/// `diffusion`: denoising diffusion on the action chunk.
public struct DiffusionObjective: ObjectiveComponent, Hashable {
    public init() {}
    public var encoder: String? { nil }
    public static let kind = "diffusion"
    public static let family = Family.objective
    public static let summary = "denoising diffusion (ε / v / x₀ prediction as the head's diffusion block says)"
    public static let details = "Noise the chunk at a random step of the head's diffusion process and regress the prediction target with MSE. For uwm, both modalities with independent timesteps."
    public static let example = "objective: diffusion"
    public static let trains: TrainingFamily? = .denoising
    public static let encoderKind: String? = nil
    public static let parameters: [Parameter<DiffusionObjective>] = []
}

/// `flow_matching`: regress the velocity of a straight noise-to-data path.
public struct FlowMatchingObjective: ObjectiveComponent, Hashable {
    public init() {}
    public var encoder: String? { nil }
    public static let kind = "flow_matching"
    public static let family = Family.objective
    public static let summary = "flow matching: regress the velocity from noise to the chunk"
    public static let details = "x_τ = (1 − τ)·ε + τ·x₀ with τ drawn as the head's `flow:` block says; MSE between the predicted velocity and x₀ − ε. Sampled by integrating from noise with the block's integrator."
    public static let example = "objective: flow_matching"
    public static let trains: TrainingFamily? = .flow
    public static let encoderKind: String? = nil
    public static let parameters: [Parameter<FlowMatchingObjective>] = []
}

/// `energy`: EBT-Policy's unrolled energy-descent training.
public struct EnergyObjective: ObjectiveComponent, Hashable {
    public init() {}
    public var encoder: String? { nil }
    public static let kind = "energy"
    public static let family = Family.objective
    public static let summary = "energy descent training: mean MSE of unrolled descent steps"
    public static let details = """
        Unroll the head's energy descent from noise for K ~ U{mcmc.train_steps} steps (one K per batch) with \
        cosine-annealed Langevin noise and regress every step to the demonstration: loss = (1/K) Σ_k \
        MSE(A_k, A_demo), differentiated through each step's ∇E (second order); with `mcmc.truncate` the \
        last step only.
        """
    public static let example = "objective: energy"
    public static let trains: TrainingFamily? = .energy
    public static let encoderKind: String? = nil
    public static let parameters: [Parameter<EnergyObjective>] = []
}

/// `mixture_nll`: the negative log-likelihood of the demonstrated chunk under a mixture head.
public struct MixtureNLLObjective: ObjectiveComponent, Hashable {
    public init() {}
    public var encoder: String? { nil }
    public static let kind = "mixture_nll"
    public static let family = Family.objective
    public static let summary = "Gaussian-mixture negative log-likelihood of the demonstrated chunk (robomimic's BC-GMM loss)"
    public static let details = """
        loss = −mean over the batch of log Σ_k π_k · Π_i N(a_i; μ_ki, σ_ki): the log-likelihood of the \
        demonstrated chunk a (chunk × action.dim values, one vector) under the head's mixture, \
        log π = log_softmax(logits), summed over the components with a max-shifted logsumexp. \
        robomimic's `BC_GMM` loss, −dist.log_prob(actions).mean(), with the chunk as the event.
        """
    public static let example = "objective: mixture_nll"
    public static let trains: TrainingFamily? = .mixture
    public static let encoderKind: String? = nil
    public static let parameters: [Parameter<MixtureNLLObjective>] = []
}

/// How the masked fraction is drawn.
public enum MaskRatioSampling: String, SpecEnum, Sendable {
    case uniform
    case cosine
}

/// Weighting of the masked cross-entropy.
public enum MaskWeighting: String, SpecEnum, Sendable {
    /// Plain cross-entropy (Discrete Diffusion VLA).
    case none
    /// Divide by the mask ratio (LLaDA).
    case inverseRatio = "inverse_ratio"
}

/// `masked_diffusion`: absorbing-mask discrete diffusion training.
public struct MaskedDiffusionObjective: ObjectiveComponent, Hashable {
    public var maskRatio = MaskRatioSampling.uniform
    public var weighting = MaskWeighting.none
    public var minMaskRatio = 0.05
    public init() {}
    public var encoder: String? { nil }
    public static let kind = "masked_diffusion"
    public static let family = Family.objective
    public static let summary = "masked diffusion: cross-entropy on randomly masked action tokens"
    public static let details = "Per sample, a mask fraction γ (uniform on [min_mask_ratio, 1], or cos(π/2·u) for u uniform, at least min_mask_ratio) and each action token masked with probability γ (the absorbing [MASK] id); cross-entropy on the masked positions only, averaged over them (`none`) or weighted by 1/(γ·L) per sample (`inverse_ratio`, LLaDA)."
    public static let example = "objective: masked_diffusion"
    public static let trains: TrainingFamily? = .maskedTokens
    public static let encoderKind: String? = nil
    public static let parameters: [Parameter<MaskedDiffusionObjective>] = [
        Parameter("mask_ratio", \.maskRatio, .enumeration(MaskRatioSampling.self), "distribution of the mask fraction γ"),
        Parameter("weighting", \.weighting, .enumeration(MaskWeighting.self), "loss weighting (none, or 1/γ as in LLaDA)"),
        Parameter("min_mask_ratio", \.minMaskRatio, .unitInterval, "smallest mask fraction γ drawn"),
    ]
}

/// `autoencoder`: trains the latent autoencoder of a head that diffuses observations (uwm).
public struct AutoencoderObjective: ObjectiveComponent, Hashable {
    public var loss = RegressionLoss.mse
    public init() {}
    public var encoder: String? { nil }
    public static let kind = "autoencoder"
    public static let family = Family.objective
    public static let summary = "reconstruction of a head's observation latents (its autoencoder, trained in a stage of its own)"
    public static let details = "Encodes frames of the head's predicted observation to latents and decodes them back; the loss between the reconstruction and the frame (`mse`, `l1` or `smooth_l1`). The head's later diffusion stage reads the latents with the autoencoder frozen."
    public static let example = "objective: autoencoder"
    public static let trains: TrainingFamily? = .latentAutoencoder
    public static let encoderKind: String? = nil
    public static let parameters: [Parameter<AutoencoderObjective>] = [
        Parameter("loss", \.loss, .enumeration(RegressionLoss.self), "reconstruction loss"),
    ]
}

/// `jepa`: I-JEPA pretraining of a jepa encoder.
public struct JEPAObjective: ObjectiveComponent, Hashable {
    public var encoder: String?
    public init() {}
    public static let kind = "jepa"
    public static let family = Family.objective
    public static let summary = "I-JEPA pretraining of a jepa encoder (predict target-block latents)"
    public static let details = """
        Per image (the current frame of the encoder's input, from the demonstrations), block masks \
        drawn on the host: `target_blocks` target blocks (scale U`target_scale`, aspect U`target_aspect`, \
        one size per batch) and one context block (scale U`context_scale`, aspect 1) minus the targets, \
        truncated to the batch's smallest context. h = LayerNorm(f̄(x)) over all patches from the EMA \
        target encoder (no gradient); z = g(f_θ(x_context), target positions); loss = mean over the \
        target patches of smooth-L1(z − h) (or L1). After each optimizer step \
        f̄ ← m·f̄ + (1 − m)·f_θ with m rising linearly over the stage along the encoder's `ema`. \
        `train` defaults to that encoder (its context encoder and predictor train).
        """
    public static let example = "objective: {kind: jepa, encoder: vision}"
    public static let trains: TrainingFamily? = nil
    public static let encoderKind: String? = JEPAEncoder.kind
    public static let parameters: [Parameter<JEPAObjective>] = [
        Parameter("encoder", \.encoder, .reference(.encoder), "the jepa encoder to pretrain (default: the only one)"),
    ]
}

/// Which parameters of the moment_tokens encoder a `time_contrastive` stage trains.
public enum ContrastiveParts: String, SpecEnum, Sendable {
    /// The moment tokens and the projector only (HAMLET: the backbone stays frozen).
    case tokens
    /// Every parameter of the encoder the loss reaches (tokens, projector, causal encoder).
    case all
}

/// `time_contrastive`: HAMLET's moment-token initialisation.
public struct TimeContrastiveObjective: ObjectiveComponent, Hashable {
    public var encoder: String?
    public var negatives = 1
    public var trainParts = ContrastiveParts.tokens
    public init() {}
    public static let kind = "time_contrastive"
    public static let family = Family.objective
    public static let summary = "HAMLET time-contrastive pretraining of moment tokens"
    public static let details = """
        InfoNCE between the projected moment-token summary of a frame (anchor), a photometric \
        augmentation of it (positive: per image, with probability 0.5 brightness, contrast and colour \
        ×U[0.9, 1.1], 0.1 a radius-1 blur, 0.05 grayscale, 0.3 gamma U[0.95, 1.05], 0.1 an erased \
        square of 5–15 % of the side) and `negatives` frames of the same episode at least \
        `tcl_negative_gap` steps away (uniform over those steps; the farthest step when the episode \
        has none): z = normalize(g(mean over n_q of m'_t)), loss = mean over samples of \
        −log softmax([z_a·z_p, z_a·z_n1, …] / tcl_tau)₀. `train_parts: tokens` trains only the moment \
        tokens and the projector g, as in the paper; `all` also the causal encoder. `train` defaults \
        to the encoder; other components listed there train too.
        """
    public static let example = "objective: {kind: time_contrastive, encoder: memory, negatives: 1}"
    public static let trains: TrainingFamily? = nil
    public static let encoderKind: String? = MomentTokensEncoder.kind
    public static let parameters: [Parameter<TimeContrastiveObjective>] = [
        Parameter("encoder", \.encoder, .reference(.encoder), "the moment_tokens encoder to pretrain (default: the only one)"),
        Parameter("negatives", \.negatives, .int(1...64), "in-episode negatives per anchor (HAMLET's code: 1)"),
        Parameter("train_parts", \.trainParts, .enumeration(ContrastiveParts.self),
                  "tokens (moment tokens and projector, as in the paper) or all (the causal encoder too)"),
    ]
}
