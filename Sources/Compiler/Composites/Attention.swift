/// Scaled dot-product attention `softmax(scale * q kᵀ, mask) v` over the last two axes of
/// q `[..., T, D]`, k `[..., S, D]`, v `[..., S, Dv]` (heads are a leading axis). `mask`
/// (f32, broadcastable to `[..., T, S]`, 1 = may attend) and `causal` (query i sees keys
/// j <= i) combine; default scale `1/sqrt(D)`.
public func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor? = nil, causal: Bool = false, scale: Double? = nil) -> Tensor {
    let depth = q.shape.dims.last ?? 1
    let factor = scale ?? 1 / Double(Swift.max(depth, 1)).squareRoot()
    return q.builder.apply(.composite(.attention(scale: factor, causal: causal)), [q, k, v] + (mask.map { [$0] } ?? []))
}

extension GraphBuilder {
    /// The mask attention applies: the explicit mask, the causal mask, their product, or nil.
    func attentionMask(_ q: Tensor, _ k: Tensor, mask: Tensor?, causal: Bool) -> Tensor? {
        guard causal else { return mask }
        let triangle = causalMask(queries: q.shape[q.rank - 2], keys: k.shape[k.rank - 2])
        return mask.map { $0 * triangle } ?? triangle
    }

    /// Primitive lowering of attention (softmax lowered too).
    func lowerAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, scale: Double, causal: Bool) -> Tensor {
        let scores = q.matmul(k, transposeB: true) * scale
        let probabilities = lowerSoftmax(scores, mask: attentionMask(q, k, mask: mask, causal: causal))
        return probabilities.matmul(v)
    }

    /// Attention's gradient with respect to q, k, v (nil where not `needed`), recomputing the
    /// probabilities P with the softmax composite: dV = Pᵀ g, dP = g vᵀ,
    /// dS = P (dP - rowsum(dP P)), dQ = scale dS k, dK = scale dSᵀ q.
    func attentionGradient(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor?, scale: Double, causal: Bool,
                           grad g: Tensor, needed: [Bool]) -> [Tensor?] {
        let probabilities = softmax(q.matmul(k, transposeB: true) * scale, mask: attentionMask(q, k, mask: mask, causal: causal))
        let dV = needed[2] ? probabilities.matmul(g, transposeA: true) : nil
        guard needed[0] || needed[1] else { return [nil, nil, dV] }
        let dScores = softmaxGradient(output: probabilities, grad: g.matmul(v, transposeB: true)) * scale
        let dQ = needed[0] ? dScores.matmul(k) : nil
        let dK = needed[1] ? dScores.matmul(q, transposeA: true) : nil
        return [dQ, dK, dV]
    }
}
