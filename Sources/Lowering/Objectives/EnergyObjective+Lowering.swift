import Compiler
import SpecLang

/// `energy`: EBT-Policy's training of an energy head, its `train_on_batch`. From noise
/// (`target.noise`) and zero velocity the head's descent runs K steps, K drawn once per batch
/// from `mcmc.train_steps` (`target.descent_steps`, row 0: K = min + that draw). Step k
/// (0-based) starts from the previous chunk detached from the graph (as the authors'
/// `trajectory.detach()`: the loss reaches earlier steps through the velocity), projects it
/// unless it is the last step, adds Langevin noise σ_k·`target.langevin[:, k]` with
/// σ_k = σ_end + (σ_start − σ_end)·(1 + cos(π k / K))/2, and takes the Nesterov step
/// (``EnergyDescent/step(_:from:velocity:evaluation:)``). The loss is (1/K) Σ_k MSE(A_k, A_demo)
/// over the chunks after each step (`target.action`, the demonstrated chunk), differentiated
/// through the steps' energy gradients (second order). With `mcmc.truncate` (EBT's
/// `truncate_mcmc`) the velocity entering a step is detached too and the loss is the last
/// step's MSE: only the last step is differentiated.
///
/// The graph is static: it unrolls max(train_steps) steps, and the steps past the drawn K
/// keep the state and weigh nothing in the loss.
extension EnergyObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let model = try context.step((any EnergyStep).self)
        let descent = model.descent
        let (fewest, most) = (descent.trainSteps[0], descent.trainSteps[1])
        let shape = [context.batch, context.spec.action.chunk, context.spec.action.dim]
        let demonstrated = context.actionChunk()
        var actions = context.request("noise", shape: Array(shape.dropFirst()), source: .normal)
        let (sigmaStart, sigmaEnd) = (descent.langevinSigma[0], descent.langevinSigma[1])
        let langevin = sigmaStart > 0 ? context.request("langevin", shape: [most] + shape.dropFirst(), source: .normal) : nil
        let drawn = fewest == most ? nil : context.request("descent_steps", shape: [], source: .integers(upperBound: most - fewest + 1))
        return context.scope.enter {
            let builder = context.builder
            // K as an f32 scalar.
            let steps = drawn.map { $0.slice(axis: 0, 0 ..< 1).reshaped([]).cast(to: .f32) + Double(fewest) }
                ?? builder.constant(Double(fewest))
            var velocity = builder.constant(0, shape: Shape(shape))
            var total = builder.constant(0)
            for k in 0 ..< most {
                // Whether step k is the last (1 or 0; nil: it is not) and whether it runs (nil: it does).
                let last: Tensor? = k + 1 < fewest ? nil : drawn == nil ? builder.constant(1) : steps.compared(.eq, Double(k + 1))
                let running: Tensor? = k < fewest ? nil : steps.compared(.gt, Double(k))
                let start = actions.stopGradient()
                var from = last.map { drawn == nil ? start : select($0, start, model.project(start)) } ?? model.project(start)
                if let langevin {
                    let sigma = ((Double.pi * Double(k) / steps).cos() + 1) * (0.5 * (sigmaStart - sigmaEnd)) + sigmaEnd
                    from = from + langevin.slice(axis: 1, k ..< k + 1).reshaped(shape) * sigma
                }
                let next = descent.step(model, from: from, velocity: descent.truncate ? velocity.stopGradient() : velocity,
                                        evaluation: k).state
                let error = (next.actions - demonstrated).squared().mean()
                if descent.truncate {
                    if let last { total = total + error * last }
                } else {
                    total = total + error * (running ?? builder.constant(1)) / steps
                }
                if let running {
                    (actions, velocity) = (select(running, next.actions, actions), select(running, next.velocity, velocity))
                } else {
                    (actions, velocity) = (next.actions, next.velocity)
                }
            }
            return total
        }
    }
}
