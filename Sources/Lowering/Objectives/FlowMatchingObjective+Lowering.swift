import Compiler
import SpecLang

/// `flow_matching`: the head's velocity field regressed along straight paths from noise to the
/// chunk (rectified flow, π0). Per sample the flow time τ (`target.time`: uniform on [0, 1), or
/// `cutoff·(1 − u)` with `u ~ Beta(alpha, beta)` as the head's `flow:` block says) and noise
/// ε (`target.noise`) give `x_τ = (1 − τ)·ε + τ·x₀` for the demonstrated chunk x₀
/// (`target.action`); the loss is the mean squared error between the head's prediction at
/// `(x_τ, τ·1000)` and the velocity `x₀ − ε`.
extension FlowMatchingObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let step = try context.step((any DenoisingStep).self)
        guard case .flow(let flow) = step.process else { throw context.bug("the head's step has no flow process") }
        let x0 = context.actionChunk()
        let noise = context.request("noise", shape: [context.spec.action.chunk, context.spec.action.dim], source: .normal)
        let tau: Tensor
        switch flow.timeSampling {
        case .uniform:
            tau = context.request("time", shape: [], source: .uniform)
        case .beta:
            let u = context.request("time", shape: [], source: .beta(alpha: flow.alpha, beta: flow.beta))
            tau = context.scope.enter { (1 - u) * flow.cutoff }
        }
        let (noisy, velocity) = context.scope.enter { () -> (Tensor, Tensor) in
            let t = tau.reshaped([context.batch, 1, 1])
            return (noise * (1 - t) + x0 * t, x0 - noise)
        }
        let prediction = step.denoise(noisy, at: context.scope.enter { tau * FlowSampler.timeScale })
        return context.scope.enter { (prediction - velocity).squared().mean() }
    }
}
