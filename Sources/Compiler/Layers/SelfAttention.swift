/// Multi-head self-attention (timm `Attention`): `proj(attention(q, k, v))` with q, k, v from
/// one fused projection. Parameters `qkv` [3·dim, dim] (+ bias), `proj` [dim, dim] (+ bias),
/// and with `qkNorm` also `q_norm`, `k_norm` over the head size.
///
/// The keys and values of a sequence can be kept (``KeysAndValues``) and prepended to a later
/// sequence's own (a cached prefix, as a causal model's condition tokens at inference).
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
                               rotary: RotaryEmbedding? = nil, dropout: AttentionDropout? = nil) -> Tensor {
        attend(x, prefix: nil, mask: mask, causal: causal, rotary: rotary, dropout: dropout).output
    }

    /// Attends `x` [batch, tokens, dim] to `prefix`'s keys and values followed by its own;
    /// returns the output and `x`'s own keys and values. `mask` broadcasts to
    /// [batch, heads, tokens, prefix + tokens]; `causal` (without a prefix) hides later tokens.
    public func attend(_ x: Tensor, prefix: KeysAndValues?, mask: Tensor? = nil, causal: Bool = false,
                       rotary: RotaryEmbedding? = nil, dropout: AttentionDropout? = nil) -> (output: Tensor, own: KeysAndValues) {
        let (merged, own) = scope.enter { () -> (Tensor, KeysAndValues) in
            let parts = qkv(x).splitHeads(parts: 3, heads: heads)
            var (q, k) = (parts[0], parts[1])
            if let qkNorm { (q, k) = (qkNorm.q(q), qkNorm.k(k)) }
            if let rotary { (q, k) = (rotary(q), rotary(k)) }
            let own = KeysAndValues(keys: k, values: parts[2])
            let all = prefix.map { KeysAndValues(keys: concat([$0.keys, k], axis: 2), values: concat([$0.values, parts[2]], axis: 2)) } ?? own
            return (attentionWithDropout(q, all.keys, all.values, mask: mask, causal: causal, dropout: dropout).mergeHeads(), own)
        }
        return (proj(merged), own)
    }
}

/// The keys and values of attended tokens, per head: each [batch, heads, tokens, headDim].
public struct KeysAndValues {
    public let keys: Tensor
    public let values: Tensor

    public init(keys: Tensor, values: Tensor) {
        self.keys = keys
        self.values = values
    }
}

/// Dropout on attention probabilities in training (PyTorch `attn_drop`): probability `p`, the
/// layer's stream `seed`, and the i32 scalar `counter` that draws a fresh mask per run.
public struct AttentionDropout {
    public let probability: Double
    public let seed: UInt64
    public let counter: Tensor

    public init(probability: Double, seed: UInt64, counter: Tensor) {
        self.probability = probability
        self.seed = seed
        self.counter = counter
    }
}

/// Attention, with dropout on the probabilities when `dropout` is given (then not the fused
/// composite: scores, masked softmax, dropout, weighted values).
func attentionWithDropout(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, causal: Bool, dropout: AttentionDropout?) -> Tensor {
    guard let dropout, dropout.probability > 0 else { return attention(q, k, v, mask: mask, causal: causal) }
    let depth = q.shape.dims.last ?? 1
    let scores = q.matmul(k, transposeB: true) * (1 / Double(Swift.max(depth, 1)).squareRoot())
    let probabilities = softmax(scores, mask: q.builder.attentionMask(q, k, mask: mask, causal: causal))
    return Compiler.dropout(probabilities, probability: dropout.probability, seed: dropout.seed, counter: dropout.counter).matmul(v)
}
