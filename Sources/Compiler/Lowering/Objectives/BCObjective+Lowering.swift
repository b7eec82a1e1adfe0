import SpecLang

/// `bc`: the head's chunk against the demonstrated chunk `target.action`
/// `[batch, chunk, action.dim]` (normalised to the action range, as the head predicts it),
/// averaged over every element: `mse` mean((ŷ − y)²), `l1` mean(|ŷ − y|), `smooth_l1`
/// PyTorch's `smooth_l1_loss` with β = 1 (0.5 d² where |d| < 1, else |d| − 0.5).
extension BCObjective: ObjectiveLowering {
    /// The input holding the demonstrated, normalised action chunk.
    public static let targetInput = "target.action"

    func lower(_ lowering: PolicyLowering) throws(LoweringError) -> (loss: Tensor, targets: [InputInfo]) {
        // bc trains a regression head (the checker enforces it), which draws no noise.
        let prediction = try lowering.action(try lowering.ports(), noise: .seeded(0))
        let builder = lowering.builder
        return builder.withScope("objective") {
            let target = builder.input(Self.targetInput, prediction.shape)
            let difference = prediction - target
            let elementwise: Tensor
            switch loss {
            case .mse:
                elementwise = difference.squared()
            case .l1:
                elementwise = difference.abs()
            case .smoothL1:
                let magnitude = difference.abs()
                elementwise = select(magnitude.compared(.lt, 1), difference.squared() * 0.5, magnitude - 0.5)
            }
            return (elementwise.mean(), [InputInfo(name: Self.targetInput, value: target.id, type: target.type)])
        }
    }
}
