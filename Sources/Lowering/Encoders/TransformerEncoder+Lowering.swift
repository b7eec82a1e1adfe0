import Compiler
import SpecLang

/// `transformer` encoder, timm `VisionTransformer`-style: every frame's tokens in one
/// sequence (a vector port is one token per frame); `input_proj` (Linear) when the port
/// width differs from `dim`; positions (`pos_embed` [1, n, dim], timm's trunc-normal(0.02)
/// init, or fixed sinusoids); `blocks.i` pre-LN blocks (`norm1`, `attn.qkv`, `attn.proj`,
/// `norm2`, `mlp.fc1`, `mlp.fc2`) with an optional causal mask; a final `norm`.
extension TransformerEncoder: SingleInputEncoderLowering {
    func lower(_ input: PortValue, output: Port, scope: Scope) -> PortValue {
        let tokens = input.port.tokenCount
        var x = input.sequence
        if input.port.width != dim {
            x = Linear(scope.child("input_proj"), inFeatures: input.port.width, outFeatures: dim)(x)
        }
        switch positional {
        case .learned:
            let table = scope.parameter("pos_embed", [1, tokens, dim],
                                        .truncatedNormal(mean: 0, std: 0.02, low: -2, high: 2))
            x = scope.enter { x + table }
        case .sincos:
            x = scope.enter { x + scope.builder.constant(sinCosPositions(count: tokens, dim: dim)) }
        case .none:
            break
        }
        let configuration = TransformerBlock.Configuration(
            dim: dim, heads: heads, hidden: hiddenWidth(dim, ratio: mlpRatio), feedForward: .mlp(activation.layer))
        for index in 0..<depth {
            x = TransformerBlock(scope.child("blocks.\(index)"), configuration)(x, causal: causal)
        }
        x = LayerNorm(scope.child("norm"), features: dim)(x)
        return .checked(x.unsqueezed(1), port: output, batch: input.batch)
    }
}
