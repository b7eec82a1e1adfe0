import SpecLang

/// A training objective, lowered: a function from (spec, batch) to a loss graph, nothing
/// more. Each objective kind conforms (`bc` today); the trainer differentiates the graph's
/// `loss` with respect to the parameters a stage trains (`LossGraph.trainingGraph`).
protocol ObjectiveLowering {
    /// Builds the objective's loss for a batch of `lowering.batch` samples into
    /// `lowering.builder` (observations, encoders and head come from `lowering`); returns the
    /// scalar loss and the target inputs it declared.
    func lower(_ lowering: PolicyLowering) throws(LoweringError) -> (loss: Tensor, targets: [InputInfo])
}

extension ObjectiveKind {
    /// The lowering of this objective, or the gap that keeps it from being lowered.
    func lowering() -> Result<any ObjectiveLowering, MissingLowering> {
        switch self {
        case .bc(let objective): return .success(objective)
        case .diffusion:
            return .failure(MissingLowering(kind: "diffusion", gap: "the denoising loss (noise the chunk at a random step, regress the prediction target) is a later issue"))
        case .flowMatching:
            return .failure(MissingLowering(kind: "flow_matching", gap: "the flow-matching velocity loss is a later issue"))
        case .energy:
            return .failure(MissingLowering(kind: "energy", gap: "EBT-Policy's unrolled energy-descent loss is a later issue"))
        case .maskedDiffusion:
            return .failure(MissingLowering(kind: "masked_diffusion", gap: "the masked-token cross-entropy of discrete diffusion is a later issue"))
        case .jepa:
            return .failure(MissingLowering(kind: "jepa", gap: "I-JEPA pretraining (EMA target, predictor, block masks) is a later issue"))
        case .timeContrastive:
            return .failure(MissingLowering(kind: "time_contrastive", gap: "HAMLET's time-contrastive pretraining is a later issue"))
        }
    }
}
