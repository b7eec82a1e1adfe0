/// Multi-head cross-attention: queries from `x`, keys and values from a context sequence
/// (of another width). Parameters `q` [dim, dim], `kv` [2·dim, contextDim], `proj` [dim, dim]
/// (each + bias unless disabled), and with `qkNorm` also `q_norm`, `k_norm`.
public struct CrossAttention {
    public let scope: Scope
    public let heads: Int
    public let q: Linear
    public let kv: Linear
    public let proj: Linear
    let qkNorm: QKNorm?

    public init(_ scope: Scope, dim: Int, contextDim: Int, heads: Int, qkvBias: Bool = true, projBias: Bool = true,
                qkNorm: Normalization? = nil) {
        self.scope = scope
        self.heads = heads
        let headDim = scope.headDim(dim: dim, heads: heads)
        q = Linear(scope.child("q"), inFeatures: dim, outFeatures: dim, bias: qkvBias)
        kv = Linear(scope.child("kv"), inFeatures: contextDim, outFeatures: 2 * dim, bias: qkvBias)
        proj = Linear(scope.child("proj"), inFeatures: dim, outFeatures: dim, bias: projBias)
        self.qkNorm = QKNorm(scope, normalization: qkNorm, headDim: headDim)
    }

    /// Attends `x` [batch, queries, dim] to `context` [batch, keys, contextDim]. `mask`
    /// broadcasts to [batch, heads, queries, keys] (e.g. `paddingMask(validKeys:)`).
    /// `queryRotary`/`keyRotary` rotate q and k with their own positions.
    public func callAsFunction(_ x: Tensor, context: Tensor, mask: Tensor? = nil, causal: Bool = false,
                               queryRotary: RotaryEmbedding? = nil, keyRotary: RotaryEmbedding? = nil) -> Tensor {
        callAsFunction(x, keysAndValues: keysAndValues(context, keyRotary: keyRotary), mask: mask, causal: causal,
                       queryRotary: queryRotary)
    }

    /// The keys (normalised and rotated as configured) and values of `context`: compute them
    /// once to attend the same context from several queries.
    public func keysAndValues(_ context: Tensor, keyRotary: RotaryEmbedding? = nil) -> KeysAndValues {
        scope.enter {
            let parts = kv(context).splitHeads(parts: 2, heads: heads)
            var key = parts[0]
            if let qkNorm { key = qkNorm.k(key) }
            if let keyRotary { key = keyRotary(key) }
            return KeysAndValues(keys: key, values: parts[1])
        }
    }

    /// Attends `x` [batch, queries, dim] to precomputed context keys and values.
    public func callAsFunction(_ x: Tensor, keysAndValues context: KeysAndValues, mask: Tensor? = nil, causal: Bool = false,
                               queryRotary: RotaryEmbedding? = nil, dropout: AttentionDropout? = nil) -> Tensor {
        let merged = scope.enter { () -> Tensor in
            var query = q(x).splitHeads(parts: 1, heads: heads)[0]
            if let qkNorm { query = qkNorm.q(query) }
            if let queryRotary { query = queryRotary(query) }
            return attentionWithDropout(query, context.keys, context.values, mask: mask, causal: causal, dropout: dropout).mergeHeads()
        }
        return proj(merged)
    }
}
