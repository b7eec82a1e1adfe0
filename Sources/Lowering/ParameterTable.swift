import Compiler
import SpecLang

/// Every parameter tensor a spec's weights hold, by name (docs/weights.md), with its shape:
/// the policy's and those only a recipe stage's loss reads (a pretraining predictor). What
/// `polspec diff` compares to tell whether a checkpoint of one spec loads into the other.
public enum ParameterTable {
    /// The shapes of `spec`'s parameters, or nil when its policy does not lower (a kind this
    /// version does not lower). Stages whose objective does not lower add nothing.
    public static func shapes(of spec: Spec) -> [String: [Int]]? {
        guard let policy = try? PolicyGraph(spec, batch: 1, noise: .seeded(0)) else { return nil }
        var shapes: [String: [Int]] = [:]
        for parameter in policy.graph.parameters { shapes[parameter.name] = parameter.type.shape.dims }
        for stage in spec.recipe.stages.indices {
            guard let loss = try? LossGraph(spec, stage: stage, batch: 1) else { continue }
            for parameter in loss.graph.parameters { shapes[parameter.name] = parameter.type.shape.dims }
        }
        return shapes
    }
}
