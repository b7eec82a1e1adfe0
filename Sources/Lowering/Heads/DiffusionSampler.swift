import Compiler
import SpecLang

/// The sampling loop of a denoising head, unrolled into the graph: `sample_steps` calls of
/// the denoiser, each followed by one DDIM (η = 0) or DDPM step, exactly as diffusers'
/// `DDIMScheduler.step` / `DDPMScheduler.step` (variance `fixed_small`) compute them.
///
/// Per step from `t` to `prev = t − ratio`, with `a = ᾱ_t`, `a' = ᾱ_prev` (1 before step 0):
/// - the denoiser's output becomes `x̂₀` and `ε̂`: for `epsilon`, `x̂₀ = (x − √(1−a) ε̂) / √a`;
///   for `sample`, `ε̂ = (x − √a x̂₀) / √(1−a)`; for `v`, `x̂₀ = √a x − √(1−a) v`,
///   `ε̂ = √a v + √(1−a) x`;
/// - with `clip_sample`, `x̂₀` is clamped to the action range (ε̂ is not recomputed);
/// - DDIM: `x ← √a' x̂₀ + √(1−a'−σ²) ε̂ + σ z` with `σ = η √((1−a')/(1−a) (1 − a/a'))`
///   (`η = 0`: deterministic, no draw);
/// - DDPM: `x ← (√a' β_t / (1−a)) x̂₀ + (√α_t (1−a') / (1−a)) x + σ z` with `α_t = a / a'`,
///   `β_t = 1 − α_t`, `σ² = max((1−a') / (1−a) β_t, 1e-20)` and `z` the step's noise draw
///   (no noise at the last step).
///
/// Sampler `euler` (flow matching) is not a step of this loop.
struct DiffusionSampler {
    let process: DiffusionProcess
    /// `[low, high]` of the normalised actions (the clip range).
    let range: [Double]

    /// Runs the loop for `step`, drawing `noise.initial` `[batch, chunk, action.dim]` (the
    /// starting chunk) and, for ddpm and for ddim with η > 0, `noise.steps`
    /// `[batch, sample_steps − 1, chunk, action.dim]` (the draw step `i` adds is
    /// `noise.steps[:, i − 1]`); returns the final chunk.
    func sample(_ step: any DenoisingStep, context: HeadContext, noise: NoiseDraws) -> Tensor {
        sample(shape: [context.action.chunk, context.action.dim], batch: context.batch, noise: noise) { x, t in
            step.denoise(x, at: x.builder.constant(Double(t), shape: [context.batch]))
        }
    }

    /// The loop over values `[batch] + shape` with `denoise(x, t)` the network's prediction at
    /// step `t`; the draws are `<prefix>.initial` and `<prefix>.steps`.
    func sample(shape: [Int], batch: Int, noise: NoiseDraws, prefix: String = "noise", denoise: (Tensor, Int) -> Tensor) -> Tensor {
        let table = NoiseScheduleTable(process)
        let (timesteps, ratio) = NoiseScheduleTable.timesteps(trainSteps: process.trainSteps, sampleSteps: process.sampleSteps)
        var x = noise.normal(prefix + ".initial", batch: batch, shape: shape)
        let added = process.addedNoiseSteps > 0
            ? noise.normal(prefix + ".steps", batch: batch, shape: [process.addedNoiseSteps] + shape) : nil
        let draw = { (index: Int) in added!.slice(axis: 1, index ..< index + 1).reshaped([batch] + shape) }
        for (index, t) in timesteps.enumerated() {
            let output = denoise(x, t)
            let a = table.alphaCumprod(t), previous = table.alphaCumprod(t - ratio)
            var (x0, epsilon) = prediction(output, x: x, alphaCumprod: a)
            if process.clipSample { x0 = minimum(maximum(x0, range[0]), range[1]) }
            if process.sampler == .ddpm {
                let alpha = a / previous, beta = 1 - alpha
                x = x0 * (previous.squareRoot() * beta / (1 - a)) + x * (alpha.squareRoot() * (1 - previous) / (1 - a))
                if added != nil, index + 1 < timesteps.count {
                    let variance = Swift.max((1 - previous) / (1 - a) * beta, 1e-20)
                    x = x + draw(index) * variance.squareRoot()
                }
            } else {
                let sigma = process.eta * ((1 - previous) / (1 - a) * (1 - a / previous)).squareRoot()
                x = x0 * previous.squareRoot() + epsilon * Swift.max(1 - previous - sigma * sigma, 0).squareRoot()
                if added != nil, index + 1 < timesteps.count { x = x + draw(index) * sigma }
            }
        }
        return x
    }

    /// `(x̂₀, ε̂)` from the denoiser's output for the configured prediction type.
    private func prediction(_ output: Tensor, x: Tensor, alphaCumprod a: Double) -> (Tensor, Tensor) {
        let (signal, noise) = (a.squareRoot(), (1 - a).squareRoot())
        switch process.prediction {
        case .epsilon: return ((x - output * noise) / signal, output)
        case .sample: return (output, (x - output * signal) / noise)
        case .v: return (x * signal - output * noise, output * signal + x * noise)
        }
    }
}
