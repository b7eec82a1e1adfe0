import Foundation
import SpecLang

/// An optimizer as graph ops: how one parameter and its state tensors are updated from its
/// gradient, with PyTorch's update rules (`torch.optim.SGD`, `Adam`, `AdamW`, single-tensor
/// implementation). The per-step scalars that depend on the learning rate and the step count
/// (``Scalar``) are tensors the caller provides: the training runtime feeds them as f32 inputs
/// computed on the host in double precision, as PyTorch computes them in Python
/// (``forEachScalar(lr:step:_:)``); `Graph.appendingAdamWStep` computes them in the graph.
///
/// | kind | update (g the clipped gradient, t the 1-based step) |
/// |---|---|
/// | sgd | g += wd·p (decayed tensors); b = μ·b + g; g = g + μ·b (nesterov) or b; p −= lr·g |
/// | adam | m += (1 − β1)(g − m); v = β2·v + (1 − β2)·g²; p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε) |
/// | adamw | p *= 1 − lr·wd (decayed tensors), then the adam update |
///
/// Weight decay applies to tensors of rank ≥ 2 (weight matrices, convolution kernels,
/// embedding tables), not to biases and normalisation weights, unless `decay_all` is set.
public struct OptimizerRule: Sendable, Hashable {
    public let kind: OptimizerKind

    public init(_ kind: OptimizerKind) { self.kind = kind }

    /// Names of the per-parameter state tensors, as in PyTorch's optimizer `state_dict`.
    public var stateNames: [String] {
        switch kind {
        case .adamw, .adam: return ["exp_avg", "exp_avg_sq"]
        case .sgd(let sgd): return sgd.momentum > 0 ? ["momentum_buffer"] : []
        }
    }

    /// The names of the scalar inputs the update reads.
    public var scalarNames: [String] {
        switch kind {
        case .adamw(let o): return o.weightDecay > 0 ? Scalar.adamW : Scalar.adam
        case .adam: return Scalar.adam
        case .sgd: return [Scalar.lr]
        }
    }

    /// Scalar input names.
    public enum Scalar {
        public static let lr = "optimizer.lr"
        public static let stepSize = "optimizer.step_size"
        public static let biasCorrection2Sqrt = "optimizer.bias_correction2_sqrt"
        public static let decayFactor = "optimizer.decay_factor"
        static let adam = [lr, stepSize, biasCorrection2Sqrt]
        static let adamW = adam + [decayFactor]
    }

    /// Calls `body` with the name and value of every scalar the update reads (``scalarNames``)
    /// at 1-based step `step` with learning rate `lr`, computed in double precision.
    public func forEachScalar(lr: Double, step: Int, _ body: (String, Float) -> Void) {
        body(Scalar.lr, Float(lr))
        let betas: [Double]
        switch kind {
        case .sgd: return
        case .adam(let o): betas = o.betas
        case .adamw(let o):
            betas = o.betas
            if o.weightDecay > 0 { body(Scalar.decayFactor, Float(1 - lr * o.weightDecay)) }
        }
        body(Scalar.stepSize, Float(lr / (1 - Foundation.pow(betas[0], Double(step)))))
        body(Scalar.biasCorrection2Sqrt, Float((1 - Foundation.pow(betas[1], Double(step))).squareRoot()))
    }

    /// True when weight decay applies to a parameter of `shape`.
    public func decays(_ shape: Shape) -> Bool {
        switch kind {
        case .adamw(let o): return o.weightDecay > 0 && (o.decayAll || shape.rank >= 2)
        case .adam: return false
        case .sgd(let o): return o.weightDecay > 0 && (o.decayAll || shape.rank >= 2)
        }
    }

    /// The updated parameter and state tensors (in ``stateNames`` order) for one parameter.
    /// `scalars` holds the scalars by name (``scalarNames``); `decayed` says whether weight decay
    /// applies to it (``decays(_:)`` is the default rule).
    public func update(parameter p: Tensor, gradient: Tensor, state: [Tensor], scalars: [String: Tensor],
                       decayed: Bool) -> (parameter: Tensor, state: [Tensor]) {
        switch kind {
        case .sgd(let o):
            var g = decayed ? gradient + p * o.weightDecay : gradient
            var newState: [Tensor] = []
            if o.momentum > 0 {
                let buffer = state[0] * o.momentum + g
                newState = [buffer]
                g = o.nesterov ? g + buffer * o.momentum : buffer
            }
            return (p - scalars[Scalar.lr]! * g, newState)
        case .adam(let o):
            return adam(p, gradient, state, scalars, betas: o.betas, eps: o.eps)
        case .adamw(let o):
            let shrunk = decayed ? p * scalars[Scalar.decayFactor]! : p
            return adam(shrunk, gradient, state, scalars, betas: o.betas, eps: o.eps)
        }
    }

    private func adam(_ p: Tensor, _ g: Tensor, _ state: [Tensor], _ scalars: [String: Tensor],
                      betas: [Double], eps: Double) -> (parameter: Tensor, state: [Tensor]) {
        let m = state[0] + (g - state[0]) * (1 - betas[0])
        let v = state[1] * betas[1] + g.squared() * (1 - betas[1])
        let denominator = v.sqrt() / scalars[Scalar.biasCorrection2Sqrt]! + eps
        return (p - scalars[Scalar.stepSize]! * (m / denominator), [m, v])
    }
}
