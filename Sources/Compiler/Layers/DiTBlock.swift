/// A DiT block with adaLN-Zero conditioning (Peebles & Xie; `models.py` `DiTBlock`):
/// ```
/// shift1, scale1, gate1, shift2, scale2, gate2 = adaLN_modulation(c)
/// x = x + gate1 * attn(modulate(norm1(x), shift1, scale1))
/// x = x + gate2 * mlp(modulate(norm2(x), shift2, scale2))
/// ```
/// Norms have no affine parameters (eps 1e-6); the MLP uses tanh-GELU (or another feed-forward).
/// Parameters `attn.qkv`, `attn.proj`, `mlp.fc1`, `mlp.fc2`, `adaLN_modulation.1` (zero-initialised).
public struct DiTBlock {
    public let scope: Scope
    public let norm1: LayerNorm
    public let attn: SelfAttention
    public let norm2: LayerNorm
    public let mlp: FeedForward
    public let modulation: AdaLNModulation

    /// `hidden` (the MLP width) defaults to `4 · dim`.
    public init(_ scope: Scope, dim: Int, heads: Int, conditionDim: Int, hidden: Int? = nil,
                feedForward: FeedForwardKind = .mlp(.geluTanh)) {
        self.scope = scope
        norm1 = LayerNorm(scope.child("norm1"), features: dim, epsilon: 1e-6, affine: false)
        attn = SelfAttention(scope.child("attn"), dim: dim, heads: heads)
        norm2 = LayerNorm(scope.child("norm2"), features: dim, epsilon: 1e-6, affine: false)
        mlp = feedForward.layer(scope.child("mlp"), dim: dim, hidden: hidden ?? 4 * dim, bias: true)
        modulation = AdaLNModulation(scope.child("adaLN_modulation"), conditionDim: conditionDim, dim: dim, count: 6)
    }

    /// Applies the block to `x` [batch, tokens, dim] under condition `c` [batch, conditionDim].
    public func callAsFunction(_ x: Tensor, condition c: Tensor, mask: Tensor? = nil, causal: Bool = false,
                               rotary: RotaryEmbedding? = nil, dropout: AttentionDropout? = nil) -> Tensor {
        let m = modulation(c)
        guard m.count == 6 else { return x }
        let attended = scope.enter {
            x + m[2] * attn(modulate(norm1(x), shift: m[0], scale: m[1]), mask: mask, causal: causal, rotary: rotary, dropout: dropout)
        }
        return scope.enter { attended + m[5] * mlp(modulate(norm2(attended), shift: m[3], scale: m[4])) }
    }
}
