import Compiler
import SpecLang

/// `ebt` (EBT-Policy, the authors' `EBTTransformer`). Parameters under `head`:
/// - `condition_proj.<i>` (Linear) for each condition port whose width is not `dim`;
/// - `input_emb.0` (Linear(action.dim, dim)), `input_emb.1` (LayerNorm), `input_emb.3`
///   (Linear(dim, dim)): robomimic's `MLP` with normalisation, GELU (tanh) after the LayerNorm
///   and after the output;
/// - `blocks.<i>`: `CrossAttentionBlock` with RMSNorm (eps 1e-6) pre-norms, qk-norm (RMSNorm
///   per head: `attn.q_norm`, `attn.k_norm`, `cross_attn.q_norm`, `cross_attn.k_norm`), a
///   cross-attention projection without bias, and a GELU-tanh `mlp` of width `mlp_ratio`·dim;
/// - `final_layer.norm_final` (RMSNorm) and `final_layer.linear.fc1`, `.fc2` (Linear(dim,
///   dim), GELU-tanh, Linear(dim, action.dim));
/// - `ebl_norm` (RMSNorm over the action dimension): the descent's projection.
///
/// The action tokens add MAE's fixed 1-D sin-cos table (a constant, not a parameter). The
/// blocks' and the final layer's Linear weights are initialised xavier-uniform with zero
/// biases (the authors' `EBT._init_weights`); the rest as PyTorch does.
///
/// The condition tokens and every block's cross-attention keys and values are computed once
/// when the model is built: every energy evaluation of the descent reads them.
extension EBTHead: HeadLowering {
    func model(_ conditions: [PortValue], context: HeadContext) -> any HeadModel {
        let scope = context.scope
        let (chunk, actionDim) = (context.action.chunk, context.action.dim)
        let memory = projectedConditionTokens(conditions, dim: dim, scope: scope)
        let configuration = TransformerBlock.Configuration(dim: dim, heads: heads, hidden: hiddenWidth(dim, ratio: mlpRatio),
                                                           feedForward: .mlp(.geluTanh), normalization: .rmsNorm, qkNorm: .rmsNorm)
        let embedIn = Linear(scope.child("input_emb.0"), inFeatures: actionDim, outFeatures: dim)
        let embedNorm = LayerNorm(scope.child("input_emb.1"), features: dim)
        let embedOut = Linear(scope.child("input_emb.3"), inFeatures: dim, outFeatures: dim)
        let positions = scope.enter { scope.builder.constant(sinCosPositions(count: chunk, dim: dim)).reshaped([1, chunk, dim]) }
        let blocks = (0..<depth).map {
            CrossAttentionBlock(scope.child("blocks.\($0)"), configuration, contextDim: dim, crossProjectionBias: false)
        }
        let keysAndValues = blocks.map { $0.crossAttention.keysAndValues(memory) }
        let finalNorm = RMSNorm(scope.child("final_layer.norm_final"), features: dim)
        let finalMLP = MLP(scope.child("final_layer.linear"), inFeatures: dim, hiddenFeatures: dim, outFeatures: actionDim,
                           activation: .geluTanh)
        let eblNorm = RMSNorm(scope.child("ebl_norm"), features: actionDim)
        let xavier = ["blocks.", "final_layer."].map { scope.qualified($0) }
        scope.builder.overrideInitializers { name, shape in
            guard xavier.contains(where: name.hasPrefix) else { return nil }
            if name.hasSuffix(".weight") && shape.rank == 2 { return .xavierUniform(fanIn: shape[1], fanOut: shape[0]) }
            return name.hasSuffix(".bias") ? .zeros : nil
        }
        let dropout = { (block: Int, evaluation: Int) -> AttentionDropout? in
            guard attentionDropout > 0, let seed = context.dropout else { return nil }
            let stream = UInt64(evaluation) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(block) &* 0xBF58_476D_1CE4_E5B9 ^ 0xEB7
            return AttentionDropout(probability: attentionDropout, seed: stream, counter: seed.counter)
        }
        let network = { (actions: Tensor, evaluation: Int) -> Tensor in
            var h = embedOut(scope.enter { gelu(embedNorm(embedIn(actions)), approximation: .tanh) })
            h = scope.enter { gelu(h, approximation: .tanh) + positions }
            for (index, block) in blocks.enumerated() {
                h = block(h, context: keysAndValues[index], dropout: dropout(index, evaluation))
            }
            let out = finalMLP(finalNorm(h))
            return scope.enter { out.mean(axes: [1, 2]) }
        }
        return EnergyTransformer(descent: mcmc, context: context, network: network, projection: eblNorm)
    }

    /// The energy network with its descent.
    private struct EnergyTransformer: EnergyStep {
        let descent: EnergyDescent
        let context: HeadContext
        let network: (Tensor, Int) -> Tensor
        let projection: RMSNorm

        func energy(_ actions: Tensor, evaluation: Int) -> Tensor { network(actions, evaluation) }

        func project(_ actions: Tensor) -> Tensor { projection(actions) }

        func act(noise: NoiseDraws) -> Tensor { infer(noise: noise).action }

        func infer(noise: NoiseDraws) -> HeadInference {
            context.scope.enter { descent.infer(self, context: context, noise: noise) }
        }
    }
}
