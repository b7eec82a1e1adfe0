/// Noise schedules of the forward diffusion process.
public enum NoiseSchedule: String, SpecEnum, Sendable {
    /// Linear betas from `beta_start` to `beta_end` (DDPM; Dita's OXE pretraining with 1000 steps).
    case linear
    /// diffusers' `squaredcos_cap_v2` (improved DDPM; Dita fine-tuning, UWM, Diffusion Policy).
    case squaredcos
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
    /// DDIM with `sample_steps` evenly spaced ("leading") steps; deterministic with `eta: 0`.
    case ddim
}

/// The `diffusion:` block shared by the denoising heads (dit, uwm, and mlp with diffusion):
/// DDPM training, DDPM or DDIM sampling.
public struct DiffusionProcess: SpecBlock, Hashable {
    public var schedule = NoiseSchedule.squaredcos
    public var betaStart = 1.0e-4
    public var betaEnd = 0.02
    public var trainSteps = 100
    public var prediction = DiffusionPrediction.epsilon
    public var sampler = Sampler.ddim
    public var sampleSteps = 10
    public var eta = 0.0
    public var clipSample = true

    public init() {}

    public static let blockTitle = "diffusion"
    public static let blockSummary = "The `diffusion:` block of a denoising head (`dit`, `uwm`): the DDPM training process (noise schedule, steps, what the network predicts) and the sampler a policy call runs (ddpm, or ddim with fewer steps). Trained by the `diffusion` objective."
    public static var blockRules: [RuleInfo] { rules.map { RuleInfo(code: $0.code, doc: $0.doc) } }
    public static let parameters: [Parameter<DiffusionProcess>] = [
        Parameter("schedule", \.schedule, .enumeration(NoiseSchedule.self),
                  "noise schedule: linear betas, or diffusers' squaredcos_cap_v2"),
        Parameter("beta_start", \.betaStart, .number(min: 0, max: 1, minExclusive: true), "first beta of the linear schedule"),
        Parameter("beta_end", \.betaEnd, .number(min: 0, max: 1, minExclusive: true), "last beta of the linear schedule"),
        Parameter("train_steps", \.trainSteps, .int(1...10_000), "diffusion steps N of the training process"),
        Parameter("prediction", \.prediction, .enumeration(DiffusionPrediction.self),
                  "what the network predicts: noise (epsilon), velocity (v) or the clean chunk (sample)"),
        Parameter("sampler", \.sampler, .enumeration(Sampler.self), "ddpm (all steps) or ddim (few steps)"),
        Parameter("sample_steps", \.sampleSteps, .int(1...10_000), "denoising steps per policy call"),
        Parameter("eta", \.eta, .unitInterval, "DDIM's η: 0 is deterministic DDIM, 1 adds DDPM-like noise at every step"),
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
        .when(.rangeOrder, "`beta_start` ≤ `beta_end`", at: "beta_start", reads: ["beta_start", "beta_end"]) { d, _ in
            orderProblem([d.betaStart, d.betaEnd], "[beta_start, beta_end]")
        },
        .when(.samplerSteps, "`eta` is a DDIM setting", at: "eta", reads: ["eta", "sampler"]) { d, _ in
            d.sampler == .ddpm && d.eta != 0 ? "eta is DDIM's; the ddpm sampler always adds its noise (remove eta or use sampler ddim)" : nil
        },
    ]

    /// Draws of standard normal noise a sampling run takes besides the starting chunk: one
    /// per step but the last, for ddpm and for ddim with η > 0.
    public var addedNoiseSteps: Int {
        sampler == .ddpm || eta > 0 ? sampleSteps - 1 : 0
    }
}

/// How flow-matching times are drawn in training.
public enum FlowTimeSampling: String, SpecEnum, Sendable {
    case uniform
    /// π0's: τ = cutoff·(1 − u) with u ~ Beta(alpha, beta), emphasising noisy times.
    case beta
}

/// How a flow is integrated from noise to the chunk.
public enum FlowIntegrator: String, SpecEnum, Sendable {
    /// x ← x + Δτ·v(x, τ).
    case euler
    /// x ← x + Δτ·v(x + ½Δτ·v(x, τ), τ + ½Δτ): two network calls per step.
    case midpoint
}

/// The `flow:` block of the heads that can be trained by flow matching (dit, mlp): the path
/// x_τ = (1 − τ)·ε + τ·x₀ from noise (τ = 0) to the chunk (τ = 1), its time sampling and its
/// integration. The network sees τ·1000 as its timestep.
public struct FlowProcess: SpecBlock, Hashable {
    public var timeSampling = FlowTimeSampling.uniform
    public var alpha = 1.5
    public var beta = 1.0
    public var cutoff = 0.999
    public var integrator = FlowIntegrator.euler
    public var steps = 10

    public init() {}

    public static let blockTitle = "flow"
    public static let blockSummary = "The `flow:` block of a flow head (`dit`): the path from noise to the chunk, how training draws its times and how a policy call integrates it. Trained by the `flow_matching` objective."
    public static let parameters: [Parameter<FlowProcess>] = [
        Parameter("time_sampling", \.timeSampling, .enumeration(FlowTimeSampling.self), "distribution of the training times τ"),
        Parameter("alpha", \.alpha, .positiveNumber, "α of the Beta time distribution"),
        Parameter("beta", \.beta, .positiveNumber, "β of the Beta time distribution"),
        Parameter("cutoff", \.cutoff, .number(min: 0, max: 1, minExclusive: true), "largest training time of the Beta time distribution (π0: 0.999)"),
        Parameter("integrator", \.integrator, .enumeration(FlowIntegrator.self), "euler or midpoint steps"),
        Parameter("steps", \.steps, .int(1...10_000), "integration steps per policy call"),
    ]

    /// Network calls of one sampling run.
    public var networkCalls: Int { integrator == .midpoint ? 2 * steps : steps }
}

/// The mlp head's `diffusion:` block: the shared process plus the time-embedding width.
public struct MLPDiffusion: SpecBlock, Hashable {
    public var process = DiffusionProcess()
    /// Width of the sinusoidal embedding of the diffusion time appended to the MLP input.
    public var timeEmbedDim = 64

    public init() {}

    public static let blockTitle = "diffusion"
    public static let blockSummary = "The `diffusion:` block of the `mlp` head: the shared diffusion process (see the other `diffusion` block) plus the width of the time embedding appended to the MLP's input."
    public static var blockRules: [RuleInfo] { DiffusionProcess.blockRules }
    public static let parameters: [Parameter<MLPDiffusion>] =
        DiffusionProcess.parameters.map { $0.lifted(\MLPDiffusion.process) } + [
            Parameter("time_embed_dim", \.timeEmbedDim, .int(2...4096),
                      "width of the sinusoidal time embedding appended to the MLP input"),
        ]
}

/// The mlp head's `flow:` block: the shared flow plus the time-embedding width.
public struct MLPFlow: SpecBlock, Hashable {
    public var process = FlowProcess()
    /// Width of the sinusoidal embedding of the flow time appended to the MLP input.
    public var timeEmbedDim = 64

    public init() {}

    public static let blockTitle = "flow"
    public static let blockSummary = "The `flow:` block of the `mlp` head: the shared flow (see the other `flow` block) plus the width of the time embedding appended to the MLP's input."
    public static let parameters: [Parameter<MLPFlow>] =
        FlowProcess.parameters.map { $0.lifted(\MLPFlow.process) } + [
            Parameter("time_embed_dim", \.timeEmbedDim, .int(2...4096),
                      "width of the sinusoidal time embedding appended to the MLP input"),
        ]
}
