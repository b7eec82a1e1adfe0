/// Multi-head self-attention (timm `Attention`): `proj(attention(q, k, v))` with q, k, v from
/// one fused projection. Parameters `qkv` [3·dim, dim] (+ bias), `proj` [dim, dim] (+ bias),
/// and with `qkNorm` also `q_norm`, `k_norm` over the head size.
public struct SelfAttention {
    public let scope: Scope
    public let heads: Int
    public let qkv: Linear
    public let proj: Linear
    let qkNorm: QKNorm?

    public init(_ scope: Scope, dim: Int, heads: Int, qkvBias: Bool = true, projBias: Bool = true,
                qkNorm: Normalization? = nil) {
        self.scope = scope
        self.heads = heads
        let headDim = scope.headDim(dim: dim, heads: heads)
        qkv = Linear(scope.child("qkv"), inFeatures: dim, outFeatures: 3 * dim, bias: qkvBias)
        proj = Linear(scope.child("proj"), inFeatures: dim, outFeatures: dim, bias: projBias)
        self.qkNorm = QKNorm(scope, normalization: qkNorm, headDim: headDim)
    }

    /// Attends `x` [batch, tokens, dim] to itself. `mask` (f32, 1 = may attend) broadcasts to
    /// [batch, heads, tokens, tokens]; `causal` hides later tokens; `rotary` rotates q and k.
    public func callAsFunction(_ x: Tensor, mask: Tensor? = nil, causal: Bool = false,
                               rotary: RotaryEmbedding? = nil) -> Tensor {
        let merged = scope.enter { () -> Tensor in
            let parts = qkv(x).splitHeads(parts: 3, heads: heads)
            var (q, k) = (parts[0], parts[1])
            if let qkNorm { (q, k) = (qkNorm.q(q), qkNorm.k(k)) }
            if let rotary { (q, k) = (rotary(q), rotary(k)) }
            return attention(q, k, parts[2], mask: mask, causal: causal).mergeHeads()
        }
        return proj(merged)
    }
}
