import Compiler
import SpecLang

/// `adamw`: PyTorch AdamW; Adam's state and scalars, plus `optimizer.decay_factor` = 1 − lr·wd
/// when weight decay is on (decayed tensors are multiplied by it before the Adam update).
extension AdamWOptimizer: OptimizerLowering {
    public var stateNames: [String] { ["exp_avg", "exp_avg_sq"] }
    public var scalarNames: [String] {
        [OptimizerRule.Scalar.lr, OptimizerRule.Scalar.stepSize, OptimizerRule.Scalar.biasCorrection2Sqrt]
            + (weightDecay > 0 ? [OptimizerRule.Scalar.decayFactor] : [])
    }

    public func forEachScalar(lr: Double, step: Int, _ body: (String, Float) -> Void) {
        adamScalars(lr: lr, step: step, betas: betas, body)
        if weightDecay > 0 { body(OptimizerRule.Scalar.decayFactor, Float(1 - lr * weightDecay)) }
    }

    public func decays(_ shape: Shape) -> Bool { weightDecay > 0 && (decayAll || shape.rank >= 2) }

    public func update(parameter: Tensor, gradient: Tensor, state: [Tensor], scalars: [String: Tensor],
                       decayed: Bool) -> (parameter: Tensor, state: [Tensor]) {
        let shrunk = decayed ? parameter * scalars[OptimizerRule.Scalar.decayFactor]! : parameter
        return adamUpdate(shrunk, gradient, state, scalars, betas: betas, eps: eps)
    }
}
