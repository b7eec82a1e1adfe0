import Compiler
import SpecLang

/// `diffusion`: DDPM training of a denoising head, as diffusers' training loops do it. Per
/// sample a timestep `t ~ U{0 … N−1}` (`target.timestep`, i32) and noise `ε ~ N(0, I)`
/// (`target.noise`) noise the demonstrated chunk `x₀` (`target.action`):
/// `x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε` (ᾱ from the head's schedule, ``NoiseScheduleTable``). The
/// head's step predicts from `(x_t, t)`; the loss is the mean squared error against the target
/// of `diffusion.prediction`: `ε` (epsilon), `x₀` (sample) or `v = √ᾱ_t ε − √(1 − ᾱ_t) x₀` (v).
extension DiffusionObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let step = try context.step((any DenoisingStep).self)
        guard case .diffusion(let process) = step.process else { throw context.bug("the head's step has no diffusion process") }
        let x0 = context.actionChunk()
        let shape = [context.spec.action.chunk, context.spec.action.dim]
        let noise = context.request("noise", shape: shape, source: .normal)
        let t = context.request("timestep", shape: [], source: .integers(upperBound: process.trainSteps))
        let (signal, sigma) = context.scope.enter { () -> (Tensor, Tensor) in
            let table = NoiseScheduleTable(process).alphasCumprod
            let lookup = { (values: [Double]) in
                gather(context.builder.constant(HostTensor(shape: [values.count], floats: values.map(Float.init))), t, axis: 0)
                    .reshaped([context.batch, 1, 1])
            }
            return (lookup(table.map { $0.squareRoot() }), lookup(table.map { (1 - $0).squareRoot() }))
        }
        let noisy = context.scope.enter { x0 * signal + noise * sigma }
        let prediction = step.denoise(noisy, at: context.scope.enter { t.cast(to: .f32) })
        return context.scope.enter { () -> Tensor in
            let target: Tensor
            switch process.prediction {
            case .epsilon: target = noise
            case .sample: target = x0
            case .v: target = noise * signal - x0 * sigma
            }
            return (prediction - target).squared().mean()
        }
    }
}
