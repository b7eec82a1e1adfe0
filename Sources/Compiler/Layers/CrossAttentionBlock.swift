/// A pre-norm transformer block that also reads a context (the decoder block of an
/// encoder-decoder transformer): `x + attn(norm1(x))`, then `x + cross_attn(norm2(x), context)`,
/// then `x + mlp(norm3(x))`. Parameters `norm1`, `attn.qkv`, `attn.proj`, `norm2`,
/// `cross_attn.q`, `cross_attn.kv`, `cross_attn.proj` (without bias when `crossProjectionBias`
/// is false, as EBT-Policy's), `norm3`, and the feed-forward `mlp.*`.
public struct CrossAttentionBlock {
    public let scope: Scope
    public let norm1: NormLayer
    public let attn: SelfAttention
    public let norm2: NormLayer
    public let crossAttention: CrossAttention
    public let norm3: NormLayer
    public let mlp: FeedForward

    /// A block of `configuration`'s shape whose cross-attention reads a context of width `contextDim`.
    public init(_ scope: Scope, _ c: TransformerBlock.Configuration, contextDim: Int, crossProjectionBias: Bool = true) {
        self.scope = scope
        norm1 = c.normalization.layer(scope.child("norm1"), features: c.dim)
        attn = SelfAttention(scope.child("attn"), dim: c.dim, heads: c.heads, qkvBias: c.bias, projBias: c.bias, qkNorm: c.qkNorm)
        norm2 = c.normalization.layer(scope.child("norm2"), features: c.dim)
        crossAttention = CrossAttention(scope.child("cross_attn"), dim: c.dim, contextDim: contextDim, heads: c.heads,
                                        qkvBias: c.bias, projBias: c.bias && crossProjectionBias, qkNorm: c.qkNorm)
        norm3 = c.normalization.layer(scope.child("norm3"), features: c.dim)
        mlp = c.feedForward.layer(scope.child("mlp"), dim: c.dim, hidden: c.hiddenDim, bias: c.bias)
    }

    /// Applies the block to `x` [batch, tokens, dim] with the context's keys and values
    /// (`crossAttention.keysAndValues(context)`, computed once for every call that reads it).
    public func callAsFunction(_ x: Tensor, context: KeysAndValues, mask: Tensor? = nil, causal: Bool = false,
                               rotary: RotaryEmbedding? = nil, dropout: AttentionDropout? = nil) -> Tensor {
        let attended = scope.enter { x + attn(norm1(x), mask: mask, causal: causal, rotary: rotary, dropout: dropout) }
        // The cross-attention draws its own dropout stream.
        let crossDropout = dropout.map { AttentionDropout(probability: $0.probability, seed: $0.seed &+ 1, counter: $0.counter) }
        let crossed = scope.enter { attended + crossAttention(norm2(attended), keysAndValues: context, dropout: crossDropout) }
        return scope.enter { crossed + mlp(norm3(crossed)) }
    }
}
