import Compiler
import SpecLang

/// `bc`: the head's chunk against the demonstrated chunk `target.action`
/// `[batch, chunk, action.dim]` (normalised to the action range, as the head predicts it),
/// averaged over every element: `mse` mean((ŷ − y)²), `l1` mean(|ŷ − y|), `smooth_l1`
/// PyTorch's `smooth_l1_loss` with β = 1 (0.5 d² where |d| < 1, else |d| − 0.5).
extension BCObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let prediction = try context.step((any RegressionStep).self).predict()
        let target = context.actionChunk()
        return context.scope.enter { regressionLoss(prediction - target, loss) }
    }
}

/// The mean of `loss` over the elements of `difference`.
func regressionLoss(_ difference: Tensor, _ loss: RegressionLoss) -> Tensor {
    elementwiseLoss(difference, loss).mean()
}

/// `loss` of every element of `difference` (same shape).
func elementwiseLoss(_ difference: Tensor, _ loss: RegressionLoss) -> Tensor {
    switch loss {
    case .mse:
        return difference.squared()
    case .l1:
        return difference.abs()
    case .smoothL1:
        let magnitude = difference.abs()
        return select(magnitude.compared(.lt, 1), difference.squared() * 0.5, magnitude - 0.5)
    }
}
