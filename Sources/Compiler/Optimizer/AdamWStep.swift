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
    /// update written in IR ops (so fusion makes each update one pass per tensor):
    ///
    ///     m' = β₁ m + (1 - β₁) g          v' = β₂ v + (1 - β₂) g²
    ///     p' = p - lr · (m' / (1 - β₁ᵗ)) / (sqrt(v' / (1 - β₂ᵗ)) + ε) - lr · λ · p
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
        // Bias corrections 1 - β^t = 1 - exp(t ln β), shared by every parameter.
        let stepSize = lr / (1 - (t * Foundation.log(o.beta1)).exp())
        let secondCorrection = 1 / (1 - (t * Foundation.log(o.beta2)).exp())
        let decay = lr * o.weightDecay
        var updates: [Program.StateUpdate] = []
        for (parameter, gradient) in zip(trained, gradients) {
            let name = parameter.name
            let p = builder.tensor(parameter.value)
            let m = builder.input(AdamW.Names.firstMoment(name), parameter.type.shape)
            let v = builder.input(AdamW.Names.secondMoment(name), parameter.type.shape)
            let nextM = o.beta1 * m + (1 - o.beta1) * gradient
            let nextV = o.beta2 * v + (1 - o.beta2) * gradient * gradient
            var nextP = p - stepSize * nextM / ((nextV * secondCorrection).sqrt() + o.epsilon)
            if decays(name) && o.weightDecay != 0 { nextP = nextP - decay * p }
            builder.output(AdamW.Names.nextParameter(name), nextP)
            builder.output(AdamW.Names.nextFirstMoment(name), nextM)
            builder.output(AdamW.Names.nextSecondMoment(name), nextV)
            updates += [
                Program.StateUpdate(output: AdamW.Names.nextParameter(name), binding: name),
                Program.StateUpdate(output: AdamW.Names.nextFirstMoment(name), binding: AdamW.Names.firstMoment(name)),
                Program.StateUpdate(output: AdamW.Names.nextSecondMoment(name), binding: AdamW.Names.secondMoment(name)),
            ]
        }
        return (try builder.finish(), updates)
    }
}
