/// What a unified world model is asked at inference.
public enum UWMMode: String, SpecEnum, Sendable {
    /// p(a | o): denoise actions, future observation held at pure noise.
    case policy
    /// p(o' | o, a): clean actions (t_a = 0), denoise the future observation.
    case forwardDynamics = "forward_dynamics"
    /// p(a | o, o'): clean future observation (t_o = 0), denoise actions.
    case inverseDynamics = "inverse_dynamics"
    /// p(o' | o): actions at pure noise, denoise the future observation.
    case video
}

/// How the two modalities' diffusion times relate.
public enum UWMTimesteps: String, SpecEnum, Sendable {
    /// UWM: t_a and t_o drawn independently, so either modality can be clean or noise.
    case independent
    /// One shared t for both (a PAD-style joint model): policy and video queries only.
    case shared
}

/// `uwm` (Unified World Model): joint diffusion of actions and future observation latents.
public struct UWMHead: HeadComponent, Hashable {
    public var condition: [String] = []
    public var predict = ""
    public var dim = 128
    public var depth = 4
    public var heads = 4
    public var mlpRatio = 4.0
    public var registers = 4
    public var latentChannels = 4
    public var latentDownsample = 4
    public var autoencoderWidth = 32
    public var patch = 2
    public var futureFrames = 1
    public var futureOffset: Int?
    public var actionFreeRatio = 0.0
    public var timestepEmbedDim = 64
    public var timesteps = UWMTimesteps.independent
    public var modes: [UWMMode] = [.policy]
    public var actionLossWeight = 1.0
    public var observationLossWeight = 1.0
    public var diffusion = DiffusionProcess()

    public init() {}

    public var sampling: DiffusionProcess? { diffusion }
    public var trainingFamily: TrainingFamily { .denoising }
    public var auxiliaryFamilies: [TrainingFamily] { [.latentAutoencoder] }

    /// Steps from the current frame to the first predicted frame (default: the chunk).
    public func offset(_ action: ActionSpec) -> Int { futureOffset ?? action.chunk }

    public static let kind = "uwm"
    public static let family = Family.head
    public static let summary = "Unified World Model: action + future-observation diffusion with independent timesteps"
    public static let details = """
        UWM (arXiv 2504.02792, WEIRDLabUW/unified-world-model). A DiT with AdaLN-Zero and bidirectional \
        attention over [chunk action tokens | future-observation latent patches | `registers`], learned \
        positions. Actions: Linear(Da, 4·dim)-Mish-Linear(4·dim, dim) in (`action_in`), the mirror out \
        (`action_out`). `future_frames` frames of observation `predict`, the first `future_offset` steps \
        after the current one (default: the chunk, UWM's frames at the end of the action chunk), are \
        encoded by a small convolutional autoencoder (`autoencoder.encoder`: stride-2 convolutions of \
        width `autoencoder_width` down by `latent_downsample`, a 1×1 convolution to `latent_channels`, \
        tanh; `autoencoder.decoder` mirrors it with nearest upsampling) trained in a stage of its own \
        (objective `autoencoder`) and frozen after it; the latents are patchified by `patch` across the \
        frames (`obs_in`, `obs_out`). Two timesteps t_a, t_o are embedded together (sinusoids of width \
        `timestep_embed_dim` each, concatenated, then Linear(2·te, 4·dim)-Mish-Linear(4·dim, dim), \
        `t_embed`) and concatenated with the pooled conditions to drive every block's AdaLN (6·dim \
        modulation, zero-initialised). Training (`diffusion`) draws t_a and t_o independently; a \
        fraction `action_free_ratio` of samples has t_a = N−1 (pure noise) and no action loss, so the \
        model also learns p(o′ | o); the loss is `action_loss_weight`·MSE(ε_a) + \
        `observation_loss_weight`·MSE(ε_o). Inference `modes`: policy p(a | o) (o′ held at pure noise, \
        t_o = N−1, where UWM's code uses the first sampling step), forward dynamics p(o′ | o, a) (clean \
        actions, t_a = 0), inverse dynamics p(a | o, o′) (clean future frames, t_o = 0), video p(o′ | o) \
        (actions at pure noise); the first listed mode is what `polspec bench` runs and `polspec infer \
        --mode` picks another. Scaled down: 224 px + SDXL-VAE → 32–64 px + a 2-level conv autoencoder, \
        d = 768 × 12 → 128 × 4, 8 registers → 4, ResNet-18 observation encoders → the spec's encoders.
        """
    public static let example = """
        head:
          kind: uwm
          condition: [vision, proprio]
          predict: agentview
          dim: 128
          depth: 4
          modes: [policy, forward_dynamics, inverse_dynamics]
        """
    public static let parameters: [Parameter<UWMHead>] = [
        Parameter("condition", \.condition, .list(.reference(.port), 1...64), required: true,
                  "ports pooled into the global condition (tokens or vectors)"),
        Parameter("predict", \.predict, .reference(.observation), required: true, "the image observation whose next frame is diffused"),
        Parameter("dim", \.dim, .int(1...16_384), "model width"),
        Parameter("depth", \.depth, .int(1...128), "AdaLN-Zero DiT blocks"),
        Parameter("heads", \.heads, .int(1...256), "attention heads (divides dim)"),
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "MLP width multiple of dim"),
        Parameter("registers", \.registers, .int(0...256), "learned register tokens"),
        Parameter("latent_channels", \.latentChannels, .int(1...256), "channels of the observation latents"),
        Parameter("latent_downsample", \.latentDownsample, .int(1...64), "spatial downsampling of the latent encoder (a power of 2)"),
        Parameter("autoencoder_width", \.autoencoderWidth, .int(1...4096), "channels of the latent autoencoder's convolutions"),
        Parameter("patch", \.patch, .int(1...64), "latent patch size (latent_downsample·patch divides H and W)"),
        Parameter("future_frames", \.futureFrames, .int(1...16), "frames of `predict` diffused, one step apart"),
        Parameter("future_offset", \.futureOffset, .int(1...1024), "steps from the current frame to the first predicted one (default: the chunk)"),
        Parameter("action_free_ratio", \.actionFreeRatio, .unitInterval,
                  "fraction of training samples with actions at pure noise and no action loss (learns p(o′ | o))"),
        Parameter("timestep_embed_dim", \.timestepEmbedDim, .int(2...4096), "sinusoid width of each of t_a and t_o"),
        Parameter("timesteps", \.timesteps, .enumeration(UWMTimesteps.self),
                  "independent t_a, t_o (UWM) or one shared t (PAD-style; no dynamics modes)"),
        Parameter("modes", \.modes, .list(.enumeration(UWMMode.self), 1...4), "inference queries: policy, forward_dynamics, inverse_dynamics, video"),
        Parameter("action_loss_weight", \.actionLossWeight, .nonNegativeNumber, "weight of the action noise MSE"),
        Parameter("observation_loss_weight", \.observationLossWeight, .nonNegativeNumber, "weight of the observation noise MSE"),
        Parameter("diffusion", \.diffusion, .block(DiffusionProcess.schema), "the denoising process (shared by both modalities)"),
    ]
    public static let inputs = [
        PortInput("condition", accepts: [.tokens, .vector], isList: true),
        PortInput("predict", accepts: [.image], observationOnly: true),
    ]
    public static let outputDoc = "the action chunk [chunk, action.dim] (and the future latent in the dynamics modes)"
    public static let rules: [Rule<UWMHead>] = [
        .divides("heads", \.heads, "dim", \.dim),
        Rule(.doesNotDivide, "`latent_downsample · patch` divides the predicted image's height and width",
             reads: ["latent_downsample", "patch", "predict"]) { u, ctx in
            guard case let .image(_, h, w)? = ctx.port("predict")?.type else { return [] }
            let cell = Cost.mul(u.latentDownsample, u.patch)
            if h % cell != 0 || w % cell != 0 {
                return [Violation(parameter: "patch", message: "latent_downsample × patch (\(cell)) does not divide the image size \(h)×\(w)")]
            }
            return []
        },
        .when(.inconsistentSizes, "`modes` lists each mode once", at: "modes", reads: ["modes"]) { u, _ in
            Set(u.modes).count == u.modes.count ? nil : "modes lists a mode twice"
        },
        .when(.inconsistentSizes, "dynamics modes need independent timesteps", at: "modes",
              reads: ["modes", "timesteps"]) { u, _ in
            guard u.timesteps == .shared else { return nil }
            let dynamics = u.modes.filter { $0 == .forwardDynamics || $0 == .inverseDynamics }
            return dynamics.isEmpty ? nil
                : "\(dynamics.map(\.rawValue).joined(separator: " and ")) clean one modality while noising the other: set timesteps: independent"
        },
        .when(.inconsistentSizes, "`latent_downsample` is a power of 2", at: "latent_downsample", reads: ["latent_downsample"]) { u, _ in
            u.latentDownsample & (u.latentDownsample - 1) == 0 ? nil : "latent_downsample (\(u.latentDownsample)) must be a power of 2 (stride-2 convolutions)"
        },
        .when(.inconsistentSizes, "`predict` is not also a condition", at: "predict",
              reads: ["predict", "condition"]) { u, _ in
            u.condition.contains(u.predict) ? "'\(u.predict)' is diffused as the future frame; condition on its encoder instead" : nil
        },
    ]

    func patchCount(_ ctx: ComponentContext) -> Int {
        guard case let .image(_, h, w)? = ctx.port("predict")?.type else { return 1 }
        let cell = Cost.mul(latentDownsample, patch)
        return Cost.mul(h / cell, w / cell)
    }

    public func cost(_ context: ComponentContext) -> Cost {
        let da = context.action.dim, chunk = context.action.chunk
        let patchValues = Cost.mul(futureFrames, latentChannels, patch, patch)
        let globalCondition = context.ports("condition").reduce(0) { Cost.add($0, $1.pooledWidth) }
        let adaIn = Cost.add(globalCondition, dim)
        let tokens = Cost.add(Cost.add(chunk, patchCount(context)), registers)
        let hidden = hiddenWidth(dim, ratio: mlpRatio)
        var step = Cost()
        step.linear(da, 4 * dim, rows: chunk)
        step.linear(4 * dim, dim, rows: chunk)
        step.linear(dim, 4 * dim, rows: chunk)
        step.linear(4 * dim, da, rows: chunk)
        step.linear(patchValues, dim, rows: patchCount(context))
        step.linear(dim, patchValues, rows: patchCount(context))
        step.table(registers, dim)
        step.table(tokens, dim)
        step.linear(2 * timestepEmbedDim, 4 * dim, rows: 1)
        step.linear(4 * dim, dim, rows: 1)
        for _ in 0..<depth {
            step.linear(adaIn, 6 * dim, rows: 1)
            step.transformerBlock(tokens: tokens, dim: dim, hidden: hidden, heads: heads, affineNorms: false)
        }
        step.linear(adaIn, 2 * dim, rows: 1)
        step.linear(dim, dim, rows: tokens)
        var cost = Cost()
        cost.addParameters(autoencoderParameters(context))
        cost.add(step, flopsTimes: diffusion.sampleSteps)
        return cost
    }

    /// Parameters of the latent autoencoder (declared with the head; it runs in training and in
    /// the dynamics modes, not in a policy call).
    func autoencoderParameters(_ context: ComponentContext) -> Int {
        guard case let .image(channels, _, _)? = context.port("predict")?.type else { return 0 }
        let conv = { (input: Int, output: Int, kernel: Int) in Cost.add(Cost.mul(input, output, kernel, kernel), output) }
        var levels = 0
        while (1 << levels) < latentDownsample { levels += 1 }
        let w = autoencoderWidth
        var total = 0
        for level in 0..<levels { total = Cost.add(total, conv(level == 0 ? channels : w, w, 3)) }
        total = Cost.add(total, conv(levels == 0 ? channels : w, latentChannels, 1))
        total = Cost.add(total, conv(latentChannels, levels == 0 ? channels : w, 1))
        for level in 0..<levels { total = Cost.add(total, conv(w, level == levels - 1 ? channels : w, 3)) }
        return total
    }
}
