/// Noise schedules of the forward diffusion process.
public enum NoiseSchedule: String, SpecEnum, Sendable {
    /// Linear betas (DDPM; Dita's OXE pretraining with 1000 steps).
    case linear
    /// `squaredcos_cap_v2` (improved DDPM; Dita fine-tuning, UWM, Diffusion Policy).
    case cosine
}

/// What the denoiser predicts.
public enum DiffusionPrediction: String, SpecEnum, Sendable {
    /// The added noise ε.
    case epsilon
    /// The velocity v = α·ε − σ·x₀.
    case v
    /// The clean sample x₀.
    case sample
}

/// How actions are sampled at inference.
public enum Sampler: String, SpecEnum, Sendable {
    /// Ancestral DDPM: every training step.
    case ddpm
    /// Deterministic DDIM with `sample_steps` evenly spaced ("leading") steps.
    case ddim
    /// Euler integration of a flow-matching velocity field.
    case euler
}

/// The `diffusion:` block shared by the denoising heads (dit, uwm, and mlp with diffusion).
public struct DiffusionProcess: SpecBlock, Hashable {
    public var schedule = NoiseSchedule.cosine
    public var trainSteps = 100
    public var prediction = DiffusionPrediction.epsilon
    public var sampler = Sampler.ddim
    public var sampleSteps = 10
    public var clipSample = true

    public init() {}

    public static let blockTitle = "diffusion"
    public static let parameters: [Parameter<DiffusionProcess>] = [
        Parameter("schedule", \.schedule, .enumeration(NoiseSchedule.self),
                  "noise schedule: linear betas or squaredcos_cap_v2 (cosine)"),
        Parameter("train_steps", \.trainSteps, .int(1...10_000), "diffusion steps N of the training process"),
        Parameter("prediction", \.prediction, .enumeration(DiffusionPrediction.self),
                  "what the network predicts: noise (epsilon), velocity (v) or the clean chunk (sample)"),
        Parameter("sampler", \.sampler, .enumeration(Sampler.self),
                  "ddpm (all steps), ddim (few deterministic steps) or euler (flow matching)"),
        Parameter("sample_steps", \.sampleSteps, .int(1...10_000), "denoising steps per policy call"),
        Parameter("clip_sample", \.clipSample, .boolean, "clip the predicted clean chunk to the action range"),
    ]

    /// Sampler consistency rules, applied to every head with a diffusion block.
    public static let rules: [Rule<DiffusionProcess>] = [
        .when(.samplerSteps, "`sample_steps` ≤ `train_steps`", at: "sample_steps",
              reads: ["sample_steps", "train_steps"]) { d, _ in
            d.sampleSteps > d.trainSteps
                ? "sample_steps (\(d.sampleSteps)) exceeds train_steps (\(d.trainSteps))" : nil
        },
        .when(.samplerSteps, "the ddpm sampler runs every step: `sample_steps` = `train_steps`", at: "sample_steps",
              reads: ["sampler", "sample_steps", "train_steps"]) { d, _ in
            d.sampler == .ddpm && d.sampleSteps != d.trainSteps
                ? "sampler ddpm runs all \(d.trainSteps) steps but sample_steps is \(d.sampleSteps); use sampler ddim for fewer steps" : nil
        },
    ]
}

/// The mlp head's `diffusion:` block: the shared process plus the time-embedding width.
public struct MLPDiffusion: SpecBlock, Hashable {
    public var process = DiffusionProcess()
    /// Width of the sinusoidal embedding of the diffusion time appended to the MLP input.
    public var timeEmbedDim = 64

    public init() {}

    public static let blockTitle = "diffusion"
    public static let parameters: [Parameter<MLPDiffusion>] =
        DiffusionProcess.parameters.map { $0.lifted(\MLPDiffusion.process) } + [
            Parameter("time_embed_dim", \.timeEmbedDim, .int(2...4096),
                      "width of the sinusoidal time embedding appended to the MLP input"),
        ]
}
