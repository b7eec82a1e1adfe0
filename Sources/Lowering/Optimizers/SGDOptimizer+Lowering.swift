import Compiler
import SpecLang

/// `sgd`: PyTorch SGD; state `momentum_buffer` when momentum > 0; scalar `optimizer.lr`.
extension SGDOptimizer: OptimizerLowering {
    public var stateNames: [String] { momentum > 0 ? ["momentum_buffer"] : [] }
    public var scalarNames: [String] { [OptimizerRule.Scalar.lr] }

    public func forEachScalar(lr: Double, step: Int, _ body: (String, Float) -> Void) {
        body(OptimizerRule.Scalar.lr, Float(lr))
    }

    public func decays(_ shape: Shape) -> Bool { weightDecay > 0 && (decayAll || shape.rank >= 2) }

    public func update(parameter: Tensor, gradient: Tensor, state: [Tensor], scalars: [String: Tensor],
                       decayed: Bool) -> (parameter: Tensor, state: [Tensor]) {
        let next = OptimizerUpdate.sgd(parameter: parameter, gradient: gradient, momentumBuffer: state.first,
                                       lr: scalars[OptimizerRule.Scalar.lr]!, momentum: momentum, nesterov: nesterov,
                                       weightDecay: decayed ? weightDecay : 0)
        return (next.parameter, next.momentumBuffer.map { [$0] } ?? [])
    }
}
