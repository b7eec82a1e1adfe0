import Bench
import SpecLang

/// The specs of the two trained sanity baselines of `polspec bench sanity` (docs/bench.md): an MLP
/// that clones the demos from proprioception alone (`blind`) or from the instruction alone.
public enum SanitySpec {
    /// The spec of `baseline` (nil for the untrained baselines) for a suite whose `proprio` field has
    /// `proprioDimension` values and whose actions `actionDimension`, trained for `steps` steps of `batch` samples.
    public static func yaml(_ baseline: SanityBaseline, proprioDimension: Int, actionDimension: Int, steps: Int, batch: Int = 256) -> String? {
        let observation: String, encoder: String
        switch baseline {
        case .blind:
            observation = "proprio: {kind: vector, dim: \(proprioDimension)}"
            encoder = "trunk: {kind: mlp, input: proprio, hidden: [256, 256], activation: gelu}"
        case .instruction:
            observation = "instruction: {kind: text, max_tokens: 16}"
            encoder = "trunk: {kind: text_embedding, input: instruction, dim: 64}"
        case .noop, .random, .constant:
            return nil
        }
        return """
            polspec: 1
            name: sanity-\(baseline.rawValue)
            description: Sanity baseline of polspec bench sanity - behaviour cloning on the \(baseline.reads!) alone.
            observation:
              \(observation)
            action: {dim: \(actionDimension), chunk: 1}
            encoders:
              \(encoder)
            head: {kind: mlp, condition: [trunk], hidden: [256, 256]}
            recipe:
              seed: 0
              stages:
                - name: imitation
                  objective: bc
                  steps: \(steps)
                  batch: \(batch)
                  optimizer: {kind: adamw, lr: 1.0e-3, weight_decay: 1.0e-4}
                  schedule: {kind: cosine, warmup: \(min(100, steps / 10))}
            """
    }

    /// The checked spec of `baseline`.
    public static func check(_ baseline: SanityBaseline, proprioDimension: Int, actionDimension: Int, steps: Int, batch: Int = 256) -> CheckResult? {
        yaml(baseline, proprioDimension: proprioDimension, actionDimension: actionDimension, steps: steps, batch: batch)
            .map { SpecChecker.check(text: $0, path: "<sanity baseline \(baseline.rawValue)>") }
    }
}
