import Compiler
import SpecLang

/// `adam`: PyTorch Adam; state `exp_avg`, `exp_avg_sq`; scalars lr, step size, √(1 − β2ᵗ).
extension AdamOptimizer: OptimizerLowering {
    public var stateNames: [String] { ["exp_avg", "exp_avg_sq"] }
    public var scalarNames: [String] {
        [OptimizerRule.Scalar.lr, OptimizerRule.Scalar.stepSize, OptimizerRule.Scalar.biasCorrection2Sqrt]
    }

    public func forEachScalar(lr: Double, step: Int, _ body: (String, Float) -> Void) {
        adamScalars(lr: lr, step: step, betas: betas, body)
    }

    public func decays(_ shape: Shape) -> Bool { false }

    public func update(parameter: Tensor, gradient: Tensor, state: [Tensor], scalars: [String: Tensor],
                       decayed: Bool) -> (parameter: Tensor, state: [Tensor]) {
        adamUpdate(parameter, gradient, state, scalars, betas: betas, eps: eps)
    }
}
