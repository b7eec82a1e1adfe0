import Compiler
import SpecLang

/// EBT-Policy's energy descent unrolled into the graph: one Nesterov step on an energy head's
/// energy, and the inference run made of them (the `energy` objective unrolls the training run
/// from the same step, `EnergyObjective+Lowering.swift`).
extension EnergyDescent {
    /// A descent's state: the chunk and its Nesterov velocity, both `[batch, chunk, action.dim]`.
    struct State {
        var actions: Tensor
        var velocity: Tensor
    }

    /// One step from the chunk `actions` (already projected, and in training noised) with
    /// velocity `velocity`, as EBT-Policy's `_energy_step`:
    ///
    ///     L = A + μ v;  E = E(L);  g = ∂(Σ_rows E)/∂L   (clamped to ±grad_clamp/α when set)
    ///     v' = μ v − α·exp(E)/T · g;  A' = A + v'
    ///
    /// The gradient is part of the graph, so differentiating the result differentiates through
    /// g (second order). Returns the new state, g and E, `[batch]`.
    func step(_ model: any EnergyStep, from actions: Tensor, velocity: Tensor, evaluation: Int)
        -> (state: State, gradient: Tensor, energy: Tensor) {
        let builder = actions.builder
        let lookAhead = actions + velocity * momentum
        let energy = model.energy(lookAhead, evaluation: evaluation)
        var gradient = builder.gradients(of: energy, withRespectTo: [lookAhead])[0]
        if let gradClamp {
            let bound = gradClamp / stepSize
            gradient = minimum(maximum(gradient, -bound), bound)
        }
        let scale = (energy.exp() * (stepSize / temperature)).reshaped([energy.shape[0], 1, 1])
        let next = velocity * momentum - gradient * scale
        return (State(actions: actions + next, velocity: next), gradient, energy)
    }

    /// Inference: from `noise.initial` `[batch, chunk, action.dim]` (a standard normal draw) and
    /// zero velocity, `infer_steps − 1` projected steps, then a last step without the projection.
    ///
    /// EBT-Policy stops the loop once the gradient norm falls to `min_grad`: here each row
    /// freezes (keeps its chunk and velocity) after the step whose gradient norm (over the row's
    /// chunk) is at most `min_grad`, and takes the last step from there. Diagnostics per row:
    /// `descent_steps`, the steps it took (the last one included), and `energy`, E of the
    /// returned chunk.
    func infer(_ model: any EnergyStep, context: HeadContext, noise: NoiseDraws) -> HeadInference {
        let batch = context.batch
        let shape = [context.action.chunk, context.action.dim]
        let builder = noise.builder
        var actions = noise.normal("noise.initial", batch: batch, shape: shape)
        var velocity = builder.constant(0, shape: Shape([batch] + shape))
        // 1 for the rows still descending; nil while all are.
        var running: Tensor?
        var steps = builder.constant(1, shape: [batch])
        for index in 0 ..< inferSteps - 1 {
            let (next, gradient, _) = step(model, from: model.project(actions), velocity: velocity, evaluation: index)
            let moving = running ?? builder.constant(1, shape: [batch])
            if let running {
                let rows = running.reshaped([batch, 1, 1])
                actions = select(rows, next.actions, actions)
                velocity = select(rows, next.velocity, velocity)
            } else {
                (actions, velocity) = (next.actions, next.velocity)
            }
            steps = steps + moving
            let norm = gradient.squared().sum(axes: [1, 2]).sqrt()
            running = moving * norm.compared(.gt, minGrad)
        }
        let last = step(model, from: actions, velocity: velocity, evaluation: inferSteps - 1).state.actions
        let energy = model.energy(last, evaluation: inferSteps)
        return HeadInference(action: last, diagnostics: [("descent_steps", steps), ("energy", energy)])
    }
}
