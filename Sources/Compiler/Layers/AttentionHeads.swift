// Splitting projections into attention heads and merging them back, in timm's layout: a
// fused projection [batch, tokens, parts * heads * headDim] is read as
// [batch, tokens, parts, heads, headDim], so the weight rows are ordered part, head, feature.

extension Tensor {
    /// [batch, tokens, parts·heads·headDim] -> `parts` tensors [batch, heads, tokens, headDim].
    func splitHeads(parts: Int, heads: Int) -> [Tensor] {
        guard rank == 3, heads > 0, shape[2] % (parts * heads) == 0 else {
            builder.report("attention expects [batch, tokens, \(parts) x heads x head_dim] with \(heads) heads, got \(shape)")
            return [Tensor](repeating: self, count: parts)
        }
        let (batch, tokens) = (shape[0], shape[1])
        let headDim = shape[2] / (parts * heads)
        let split = reshaped([batch, tokens, parts, heads, headDim]).permuted([2, 0, 3, 1, 4])
        return (0..<parts).map { split.slice(axis: 0, $0 ..< $0 + 1).reshaped([batch, heads, tokens, headDim]) }
    }

    /// [batch, heads, tokens, headDim] -> [batch, tokens, heads·headDim].
    func mergeHeads() -> Tensor {
        guard rank == 4 else { return self }
        return permuted([0, 2, 1, 3]).reshaped([shape[0], shape[2], shape[1] * shape[3]])
    }
}

/// The optional per-head normalisation of queries and keys (timm `qk_norm`: `q_norm`, `k_norm`
/// over the head features).
struct QKNorm {
    let q: NormLayer
    let k: NormLayer

    init?(_ scope: Scope, normalization: Normalization?, headDim: Int) {
        guard let normalization else { return nil }
        q = normalization.layer(scope.child("q_norm"), features: headDim)
        k = normalization.layer(scope.child("k_norm"), features: headDim)
    }
}

extension Scope {
    /// Reports an issue unless `heads` divides `dim`; returns the head size (0 if it does not).
    func headDim(dim: Int, heads: Int) -> Int {
        guard heads > 0, dim % heads == 0 else {
            enter { builder.report("\(heads) heads do not divide the width \(dim)") }
            return 0
        }
        return dim / heads
    }
}
