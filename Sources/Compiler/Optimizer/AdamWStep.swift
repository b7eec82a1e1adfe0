import Foundation

/// AdamW (Loshchilov & Hutter; PyTorch `torch.optim.AdamW`): decoupled weight decay,
/// bias-corrected moments. Defaults are PyTorch's.
public struct AdamW: Hashable, Sendable {
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Names of the inputs and outputs a training step adds.
    public enum Names {
        /// Learning rate of the step, f32 scalar input.
        public static let learningRate = "adamw.lr"
        /// Step number t (1 for the first step), f32 scalar input.
        public static let step = "adamw.step"
        public static func firstMoment(_ parameter: String) -> String { "adamw.m.\(parameter)" }
        public static func secondMoment(_ parameter: String) -> String { "adamw.v.\(parameter)" }
        public static func nextParameter(_ parameter: String) -> String { "adamw.next.\(parameter)" }
        public static func nextFirstMoment(_ parameter: String) -> String { "adamw.next_m.\(parameter)" }
        public static func nextSecondMoment(_ parameter: String) -> String { "adamw.next_v.\(parameter)" }
    }
}

extension Graph {
    /// One training step as a graph: this graph (with its scalar output `loss`), the
    /// gradients of the loss with respect to `parameters` (default: all), and their AdamW
    /// update written in IR ops by `OptimizerUpdate.adam` (PyTorch's rule; fusion makes each update
    /// one pass per tensor):
    ///
    ///     p ← p·(1 - lr·λ)                m' = m + (1 - β₁)(g - m)       v' = β₂ v + (1 - β₂) g²
    ///     p' = p - lr/(1 - β₁ᵗ) · m' / (sqrt(v') / sqrt(1 - β₂ᵗ) + ε)
    ///
    /// with λ the weight decay where `decays(name)` holds, else 0. New inputs: the learning rate
    /// and step t (`AdamW.Names`) and each parameter's moments; new outputs: the updated
    /// parameters and moments. The returned state updates make a program write them over the
    /// old values after each run (in place when legal), so running the program repeatedly
    /// trains.
    public func appendingAdamWStep(loss: String, parameters names: [String]? = nil, optimizer: AdamW = AdamW(),
                                   decays: (String) -> Bool = { _ in true }) throws(GraphError) -> (graph: Graph, stateUpdates: [Program.StateUpdate]) {
        guard let lossValue = output(named: loss) else {
            throw GraphError(issues: [.init(node: nil, op: "", scope: "", message: "no output named \"\(loss)\" to train")])
        }
        let chosen = names.map(Set.init)
        let trained = self.parameters.filter { chosen?.contains($0.name) ?? true }
        let builder = GraphBuilder(extending: self)
        let gradients = builder.gradients(of: builder.tensor(lossValue), withRespectTo: trained.map { builder.tensor($0.value) })
        let (lr, t) = (builder.input(AdamW.Names.learningRate, []), builder.input(AdamW.Names.step, []))
        let o = optimizer
        // The scalars of the update, from lr and t, shared by every parameter:
        // lr / (1 - β₁ᵗ), √(1 - β₂ᵗ) with βᵗ = exp(t ln β), and 1 - lr·λ.
        let stepSize = lr / (1 - (t * Foundation.log(o.beta1)).exp())
        let biasCorrection2Sqrt = (1 - (t * Foundation.log(o.beta2)).exp()).sqrt()
        let decayFactor = 1 - lr * o.weightDecay
        var updates: [Program.StateUpdate] = []
        for (parameter, gradient) in zip(trained, gradients) {
            let name = parameter.name
            let p = builder.tensor(parameter.value)
            let m = builder.input(AdamW.Names.firstMoment(name), parameter.type.shape)
            let v = builder.input(AdamW.Names.secondMoment(name), parameter.type.shape)
            let shrunk = decays(name) && o.weightDecay != 0 ? p * decayFactor : p
            let next = OptimizerUpdate.adam(parameter: shrunk, gradient: gradient, firstMoment: m, secondMoment: v, stepSize: stepSize,
                                            biasCorrection2Sqrt: biasCorrection2Sqrt, betas: (o.beta1, o.beta2), eps: o.epsilon)
            builder.output(AdamW.Names.nextParameter(name), next.parameter)
            builder.output(AdamW.Names.nextFirstMoment(name), next.firstMoment)
            builder.output(AdamW.Names.nextSecondMoment(name), next.secondMoment)
            updates += [
                Program.StateUpdate(output: AdamW.Names.nextParameter(name), binding: name),
                Program.StateUpdate(output: AdamW.Names.nextFirstMoment(name), binding: AdamW.Names.firstMoment(name)),
                Program.StateUpdate(output: AdamW.Names.nextSecondMoment(name), binding: AdamW.Names.secondMoment(name)),
            ]
        }
        return (try builder.finish(), updates)
    }
}
