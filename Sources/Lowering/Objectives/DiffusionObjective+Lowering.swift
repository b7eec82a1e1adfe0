import Compiler
import SpecLang

/// `diffusion`: DDPM training of a denoising head, as diffusers' training loops do it, for every
/// modality the head diffuses (the action chunk; with uwm also the future observation latents).
/// Per sample and modality a timestep `t ~ U{0 … N−1}` (`target.timestep`, i32; one shared by
/// the modalities unless the head draws them independently: `target.timestep.<modality>`) and
/// noise `ε ~ N(0, I)` (`target.noise`, or `target.noise.<modality>` for several) noise the
/// clean value `x₀` (the demonstrated chunk `target.action`, ...):
/// `x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε` (ᾱ from the head's schedule, ``NoiseScheduleTable``). The
/// head's step predicts from `(x_t, t)` for all modalities at once; each modality's loss is the
/// mean squared error against the target of `diffusion.prediction` — `ε` (epsilon), `x₀`
/// (sample) or `v = √ᾱ_t ε − √(1 − ᾱ_t) x₀` (v) — and the loss is their weighted sum. A
/// modality with a noise-only fraction is, in that fraction of samples (drawn from
/// `target.noise_only.<modality>`), at t = N − 1 and out of its loss.
extension DiffusionObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let step = try context.step((any JointDenoisingStep).self)
        guard let process = step.diffusionProcess else { throw context.bug("the head's step has no diffusion process") }
        let modalities = step.modalities
        let (signalTable, sigmaTable) = context.scope.enter { () -> (Tensor, Tensor) in
            let table = NoiseScheduleTable(process).alphasCumprod
            let constant = { (values: [Double]) in
                context.builder.constant(HostTensor(shape: [values.count], floats: values.map(Float.init)))
            }
            return (constant(table.map { $0.squareRoot() }), constant(table.map { (1 - $0).squareRoot() }))
        }
        let suffix = { (name: String) in modalities.count == 1 ? "" : ".\(name)" }
        let timestep = { (name: String) in
            context.request("timestep" + name, shape: [], source: .integers(upperBound: process.trainSteps))
        }
        var shared: Tensor?
        var noisy: [Tensor] = [], times: [Tensor] = [], targets: [(clean: Tensor, noise: Tensor, signal: Tensor, sigma: Tensor, keep: Tensor?)] = []
        for modality in modalities {
            let clean = modality.clean(context)
            let noise = context.request("noise" + suffix(modality.name), shape: modality.shape, source: .normal)
            var t: Tensor
            if step.independentTimesteps {
                t = timestep(suffix(modality.name))
            } else {
                t = shared ?? timestep("")
                shared = t
            }
            var keep: Tensor?
            if modality.noiseOnlyFraction > 0 {
                let draw = context.request("noise_only" + suffix(modality.name), shape: [], source: .uniform)
                let dropped = context.scope.enter { draw.compared(.lt, modality.noiseOnlyFraction) }
                t = context.scope.enter {
                    select(dropped, context.builder.constant(Double(process.trainSteps - 1), shape: [context.batch]), t.cast(to: .f32)).cast(to: .i32)
                }
                keep = context.scope.enter { 1 - dropped }
            }
            let broadcastShape = [context.batch] + [Int](repeating: 1, count: modality.shape.count)
            let (signal, sigma) = context.scope.enter {
                (gather(signalTable, t, axis: 0).reshaped(broadcastShape), gather(sigmaTable, t, axis: 0).reshaped(broadcastShape))
            }
            noisy.append(context.scope.enter { clean * signal + noise * sigma })
            times.append(context.scope.enter { t.cast(to: .f32) })
            targets.append((clean, noise, signal, sigma, keep))
        }
        let predictions = step.denoise(noisy, at: times)
        return context.scope.enter { () -> Tensor in
            var total: Tensor?
            for (index, modality) in modalities.enumerated() {
                let (clean, noise, signal, sigma, keep) = targets[index]
                let target: Tensor
                switch process.prediction {
                case .epsilon: target = noise
                case .sample: target = clean
                case .v: target = noise * signal - clean * sigma
                }
                let squared = (predictions[index] - target).squared()
                var loss: Tensor
                if let keep {
                    let perSample = squared.mean(axes: Array(1...modality.shape.count))
                    loss = (perSample * keep).sum() / maximum(keep.sum(), 1)
                } else {
                    loss = squared.mean()
                }
                if modality.weight != 1 { loss = loss * modality.weight }
                total = total.map { $0 + loss } ?? loss
            }
            return total!
        }
    }
}
