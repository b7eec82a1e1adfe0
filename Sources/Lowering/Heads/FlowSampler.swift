import Compiler
import SpecLang

/// The integration of a flow head, unrolled into the graph: from noise `x₀ ~ N(0, I)` at
/// τ = 0 (`noise.initial` `[batch, chunk, action.dim]`) to the chunk at τ = 1, in `steps`
/// equal steps Δτ = 1/steps of the velocity field v(x, τ) the head's step predicts (the
/// network sees τ·1000 as its timestep):
/// - `euler`: x ← x + Δτ·v(x, τ);
/// - `midpoint`: x ← x + Δτ·v(x + ½Δτ·v(x, τ), τ + ½Δτ).
struct FlowSampler {
    let process: FlowProcess

    /// The network's timestep for flow time τ.
    static let timeScale = 1000.0

    func sample(_ step: any DenoisingStep, context: HeadContext, noise: NoiseDraws) -> Tensor {
        var x = noise.normal("noise.initial", batch: context.batch, shape: [context.action.chunk, context.action.dim])
        let dt = 1 / Double(process.steps)
        let velocity = { (x: Tensor, tau: Double) in
            step.denoise(x, at: x.builder.constant(tau * Self.timeScale, shape: [context.batch]))
        }
        for index in 0..<process.steps {
            let tau = Double(index) * dt
            switch process.integrator {
            case .euler:
                x = x + velocity(x, tau) * dt
            case .midpoint:
                let half = x + velocity(x, tau) * (dt / 2)
                x = x + velocity(half, tau + dt / 2) * dt
            }
        }
        return x
    }
}
