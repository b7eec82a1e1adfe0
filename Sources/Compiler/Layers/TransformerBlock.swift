/// A pre-norm transformer block (timm `Block`): `x + attn(norm1(x))`, then `x + mlp(norm2(x))`.
/// Parameters `norm1`, `attn.qkv`, `attn.proj`, `norm2`, `mlp.fc1`, `mlp.fc2` (or
/// `mlp.fc1_g`, `mlp.fc1_x`, `mlp.fc2` for SwiGLU).
public struct TransformerBlock {
    /// The block's shape and variants.
    public struct Configuration: Hashable, Sendable {
        public var dim: Int
        public var heads: Int
        /// The feed-forward hidden size.
        public var hiddenDim: Int
        public var feedForward: FeedForwardKind = .mlp(.gelu)
        public var normalization: Normalization = .layerNorm
        /// Per-head normalisation of q and k (`attn.q_norm`, `attn.k_norm`), off by default.
        public var qkNorm: Normalization?
        /// Biases on qkv, proj and the feed-forward layers.
        public var bias: Bool = true

        /// `hidden` defaults to `4 · dim`.
        public init(dim: Int, heads: Int, hidden: Int? = nil, feedForward: FeedForwardKind = .mlp(.gelu),
                    normalization: Normalization = .layerNorm, qkNorm: Normalization? = nil, bias: Bool = true) {
            self.dim = dim
            self.heads = heads
            hiddenDim = hidden ?? 4 * dim
            self.feedForward = feedForward
            self.normalization = normalization
            self.qkNorm = qkNorm
            self.bias = bias
        }
    }

    public let scope: Scope
    public let norm1: NormLayer
    public let attn: SelfAttention
    public let norm2: NormLayer
    public let mlp: FeedForward

    public init(_ scope: Scope, _ configuration: Configuration) {
        self.scope = scope
        let c = configuration
        norm1 = c.normalization.layer(scope.child("norm1"), features: c.dim)
        attn = SelfAttention(scope.child("attn"), dim: c.dim, heads: c.heads, qkvBias: c.bias, projBias: c.bias, qkNorm: c.qkNorm)
        norm2 = c.normalization.layer(scope.child("norm2"), features: c.dim)
        mlp = c.feedForward.layer(scope.child("mlp"), dim: c.dim, hidden: c.hiddenDim, bias: c.bias)
    }

    /// Applies the block to `x` [batch, tokens, dim]; `mask`, `causal`, `rotary` as in `SelfAttention`.
    public func callAsFunction(_ x: Tensor, mask: Tensor? = nil, causal: Bool = false, rotary: RotaryEmbedding? = nil,
                               dropout: AttentionDropout? = nil) -> Tensor {
        callAsFunction(x, prefix: nil, mask: mask, causal: causal, rotary: rotary, dropout: dropout).output
    }

    /// Applies the block to `x` attending `prefix`'s keys and values before its own (see
    /// `SelfAttention.attend`); returns the output and `x`'s keys and values, to cache.
    public func callAsFunction(_ x: Tensor, prefix: KeysAndValues?, mask: Tensor? = nil, causal: Bool = false,
                               rotary: RotaryEmbedding? = nil, dropout: AttentionDropout? = nil) -> (output: Tensor, own: KeysAndValues) {
        let (attended, own) = attn.attend(norm1(x), prefix: prefix, mask: mask, causal: causal, rotary: rotary, dropout: dropout)
        let residual = scope.enter { x + attended }
        return (scope.enter { residual + mlp(norm2(residual)) }, own)
    }
}
